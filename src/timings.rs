//! How long each step of a build took, for `guidebook build --timings`: where the time
//! of a large guide goes.

use std::fmt;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
/// How long each step of a build took (`--timings`).
pub struct Timings {
    last: Instant,
    /// Each step's name and duration, in order.
    pub steps: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Starts timing the first step.
    pub fn start() -> Self {
        Timings {
            last: Instant::now(),
            steps: Vec::new(),
        }
    }

    /// Ends the step called `name`, begun when the previous one ended.
    pub fn step(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: Duration = self.steps.iter().map(|(_, d)| *d).sum();
        for (name, took) in &self.steps {
            let share = 100.0 * took.as_secs_f64() / total.as_secs_f64().max(f64::EPSILON);
            let ms = took.as_secs_f64() * 1000.0;
            writeln!(f, "  {name:<26} {ms:>9.1} ms {share:>5.1}%")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_each_other_and_show_their_share() {
        let mut timings = Timings::start();
        timings.step("load");
        timings.step("write");
        let names: Vec<&str> = timings.steps.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "write"]);
        let shown = timings.to_string();
        assert_eq!(shown.lines().count(), 2);
        assert!(shown.lines().all(|l| l.ends_with('%')), "{shown}");
    }
}
