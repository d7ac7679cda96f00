//! Handouts to PDF with the locally installed Chromium, driven through the DevTools
//! protocol on a pipe ([`devtools`]): no browser library, no download, one browser for
//! every handout. The handout pages carry everything the paper needs (page size,
//! margins, the running footer with page numbers); this finds the browser, serves it the
//! staged site ([`loopback`]) and prints a few handouts at a time in it ([`chromium`]).
//! A guide is untrusted: its pages may hold any HTML, so the browser sees only the site,
//! reaches no network and each handout has a time limit.

mod chromium;
mod devtools;
mod loopback;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::paths::UrlPath;
use chromium::{Browser, Outcome, Tab};
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
    /// Whether it should fit on one page: a question's handout, printed smaller when
    /// it overflows its page by a little.
    pub one_page: bool,
}

/// The scales a one-page handout is tried at when it overflows, down to where body text
/// is 8.5 pt (from 10.5 pt): smaller is no longer comfortable to read.
const FITS: [&str; 3] = ["0.93", "0.87", "0.81"];

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The paper size.
    pub paper: Paper,
    /// How long one handout may take before Chromium is stopped.
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

/// Handouts printed at once, each in its own tab: the browser's processes share the
/// machine's cores, and a handout waits on its fonts and images as much as on a core.
const TABS: usize = 4;

/// Prints every job from the site in `site` (served on the loopback interface for as
/// long as it takes) in one browser. The first failure stops the rest (the site is not
/// swapped in anyway) and is reported.
pub(crate) fn print_all(
    chromium: &Path,
    site: &Path,
    jobs: &[Job],
    options: Options,
) -> Result<()> {
    if jobs.is_empty() {
        return Ok(());
    }
    let server = Loopback::start(site)?;
    let browser = Browser::start(chromium, &server.authority(), options.timeout)?;
    // The longest first (the whole guide, the parts), so that none is left to print
    // alone at the end while the other tabs wait.
    let mut jobs: Vec<&Job> = jobs.iter().collect();
    jobs.sort_by_cached_key(|job| {
        let page = site.join(job.page.out_file());
        std::cmp::Reverse(std::fs::metadata(page).map_or(0, |m| m.len()))
    });
    let next = Mutex::new(jobs.iter().copied());
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..TABS.min(jobs.len()) {
            scope.spawn(|| {
                let mut tab = None;
                loop {
                    if failure.lock().map_or(true, |f| f.is_some()) {
                        break;
                    }
                    let job = next.lock().map(|mut it| it.next()).ok().flatten();
                    let Some(job) = job else { break };
                    if let Err(e) = print(&browser, &mut tab, chromium, &server, job, options) {
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

fn print(
    browser: &Browser,
    tab: &mut Option<Tab>,
    chromium: &Path,
    server: &Loopback,
    job: &Job,
    options: Options,
) -> Result<()> {
    let url = format!(
        "{}?paper={}",
        job.page.absolute(&server.base()),
        options.paper.query()
    );
    let fits: &[&str] = if job.one_page { &FITS } else { &[] };
    match browser.print(tab, &url, &job.pdf, options.timeout, fits)? {
        Outcome::Printed => Ok(()),
        Outcome::TimedOut => Err(Error::Usage(format!(
            "{} did not print within {} s, so Chromium was stopped: a script on the page \
             may never end (remove it), or the page needs longer (--timeout SECS)",
            job.name,
            options.timeout.as_secs()
        ))),
        Outcome::Failed(last) => Err(Error::Usage(format!(
            "{} could not print {}: {last}",
            chromium.display(),
            job.name
        ))),
    }
}

/// How many pages a PDF Chromium printed has: its page objects.
pub(super) fn page_objects(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1)
        .filter(|w| w.starts_with(key) && w[key.len()] != b's')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_by_their_objects_not_the_page_tree() {
        let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page /Parent 1 0 R >>\n\
                    << /Type /Page\n/Parent 1 0 R >> << /Type /Catalog >>";
        assert_eq!(page_objects(pdf), 2);
    }

    #[test]
    fn a_missing_chromium_says_what_to_install() {
        let err = find_chromium(Some(Path::new("/no/such/chromium"))).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("no such file"), "{err}");
    }
}
