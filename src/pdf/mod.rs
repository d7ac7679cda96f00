//! Handouts to PDF with the locally installed Chromium, by its command line (headless
//! print-to-PDF): no browser library, no download. The handout pages carry everything
//! the paper needs (page size, margins, the running footer with page numbers); this
//! finds the browser, serves it the staged site ([`loopback`]) and runs it
//! ([`chromium`]), two handouts at a time. A guide is untrusted: its pages may hold any
//! HTML, so the browser sees only the site, reaches no network and has a time limit.

mod chromium;
mod loopback;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::paths::UrlPath;
use chromium::Outcome;
use loopback::Loopback;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
/// The paper size handouts print on.
pub enum Paper {
    #[default]
    /// ISO A4 (the default).
    A4,
    /// US Letter.
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
pub(crate) fn find_chromium(given: Option<&Path>) -> Result<PathBuf> {
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
pub(crate) struct Job {
    /// The page in the site.
    pub page: UrlPath,
    pub pdf: PathBuf,
    /// The handout as messages name it: `handout part-q (guide/part/q.md)`.
    pub name: String,
}

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The paper size.
    pub paper: Paper,
    /// How long one handout may take before its Chromium is stopped.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paper: Paper::A4,
            timeout: Duration::from_secs(60),
        }
    }
}

/// Prints every job from the site in `site` (served on the loopback interface for as
/// long as it takes). The first failure stops the rest (the site is not swapped in
/// anyway) and is reported.
pub(crate) fn print_all(
    chromium: &Path,
    site: &Path,
    jobs: &[Job],
    options: Options,
) -> Result<()> {
    let server = Loopback::start(site)?;
    let next = Mutex::new(jobs.iter());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    if failure.lock().map_or(true, |f| f.is_some()) {
                        break;
                    }
                    let job = next.lock().map(|mut it| it.next()).ok().flatten();
                    let Some(job) = job else { break };
                    if let Err(e) = print(chromium, &server, job, options) {
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

fn print(chromium: &Path, server: &Loopback, job: &Job, options: Options) -> Result<()> {
    let url = format!(
        "{}?paper={}",
        job.page.absolute(&server.base()),
        options.paper.query()
    );
    let outcome = chromium::print(&chromium::Print {
        chromium,
        url: &url,
        pdf: &job.pdf,
        proxy: &server.authority(),
        timeout: options.timeout,
    })?;
    match outcome {
        Outcome::Printed => Ok(()),
        Outcome::TimedOut => Err(Error::Usage(format!(
            "{} did not print within {} s, so Chromium was stopped: a script on the page \
             may never end (remove it), or the page needs longer (--timeout SECS)",
            job.name,
            options.timeout.as_secs()
        ))),
        Outcome::Failed { last, .. } => Err(Error::Usage(format!(
            "{} could not print {}: {last}",
            chromium.display(),
            job.name
        ))),
    }
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
