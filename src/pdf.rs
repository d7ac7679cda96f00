//! Handouts to PDF with the locally installed Chromium, by its command line (headless
//! print-to-PDF): no browser library, no download. The handout pages carry everything
//! the paper needs (page size, margins, the running footer with page numbers); this only
//! finds the browser and runs it, two handouts at a time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::paths::file_url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    fn query(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

/// Names Chromium goes by on PATH, in the order they are tried.
const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The Chromium to print with: `given`, or the first found on PATH.
pub fn find_chromium(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = given {
        if path.is_file() {
            return Ok(path.to_path_buf());
        }
        return Err(Error::Usage(format!(
            "--chromium {}: no such file; give the path of a Chromium or Chrome executable",
            path.display()
        )));
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    for name in NAMES {
        for dir in std::env::split_paths(&dirs) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(Error::Usage(format!(
        "guidebook pdf prints with Chromium, and none was found on PATH (looked for {}): \
         install it (Debian and Ubuntu: apt-get install chromium) or pass --chromium PATH",
        NAMES.join(", ")
    )))
}

/// A handout page and the PDF to print it to.
pub struct Job {
    pub html: PathBuf,
    pub pdf: PathBuf,
}

/// Prints every job; all of them are tried, the first failure is reported.
pub fn print_all(chromium: &Path, jobs: &[Job], paper: Paper) -> Result<()> {
    let next = Mutex::new(jobs.iter());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = next.lock().map(|mut it| it.next()).ok().flatten();
                    let Some(job) = job else { break };
                    if let Err(e) = print(chromium, job, paper) {
                        if let Ok(mut slot) = failure.lock() {
                            slot.get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    match failure.into_inner() {
        Ok(Some(e)) => Err(e),
        _ => Ok(()),
    }
}

/// A fresh browser profile per run, so runs in parallel do not share one. The folder is
/// made new (never one that was there before), so removing it after removes only ours.
struct Profile(PathBuf);

impl Profile {
    fn new() -> Result<Profile> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        loop {
            let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let name = format!("guidebook-chromium-{}-{n}", std::process::id());
            let dir = std::env::temp_dir().join(name);
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Profile(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("create", &dir, e)),
            }
        }
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn print(chromium: &Path, job: &Job, paper: Paper) -> Result<()> {
    let profile = Profile::new()?;
    let url = format!("{}?paper={}", file_url(&job.html), paper.query());
    let output = Command::new(chromium)
        .arg("--headless")
        // Run as root in containers and CI, where the sandbox cannot start; the page is
        // our own file.
        .arg("--no-sandbox")
        .args([
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
        ])
        .args([
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        // The handout's own footer (topic, page numbers) replaces Chromium's date and URL.
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .arg(format!("--print-to-pdf={}", job.pdf.display()))
        .arg(url)
        .output()
        .map_err(|e| Error::io("run", chromium, e))?;
    if !output.status.success() || !job.pdf.is_file() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(Error::Usage(format!(
            "{} could not print {}: {last}",
            chromium.display(),
            job.html.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_chromium_says_what_to_install() {
        let err = find_chromium(Some(Path::new("/no/such/chromium"))).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("no such file"), "{err}");
    }
}
