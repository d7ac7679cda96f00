//! `guidebook serve`: the site, built in memory and served on a local address, built
//! again on every save of the guide or its theme overrides, with every open page
//! reloaded (`server`). A failed build keeps the last good site served and shows its
//! problems over every open page; only Ctrl-C stops the server. Nothing is written to
//! disk: `public/` and every folder a `build` owns are left alone.

mod server;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::BuildConfig;
use crate::error::{Error, Result};
use crate::generate::{self, Project};
use crate::report;
use crate::timings::Timings;
use crate::write::{Files, Memory};
use server::{Built, Server};
use watch::{Change, Watch};

/// How often open pages are pinged while nothing changes: a closed one is let go.
const PING: Duration = Duration::from_secs(15);

/// What `guidebook serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The guide folder.
    pub guide_dir: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the system's browser once it is served.
    pub open: bool,
}

/// Serves the guide until the process is stopped. Fails only when it cannot start:
/// no guide folder, no port, nothing to watch with.
pub fn serve(config: &ServeConfig) -> Result<()> {
    if !config.guide_dir.is_dir() {
        return Err(Error::Usage(format!(
            "there is no guide folder at {}; pass --guide DIR",
            config.guide_dir.display()
        )));
    }
    let build = BuildConfig {
        guide_dir: config.guide_dir.clone(),
        out_dir: PathBuf::new(),
        base_url: None,
    };
    // Watched from before the first build reads a file: a save meanwhile is not missed.
    let mut watch = Watch::start(&watched(&build))?;
    let server = Server::start(SocketAddr::new(config.bind, config.port), Built::default())?;
    let first = build_in_memory(&build, 1);
    // The first build is served before the address is given: no request meets an
    // empty site.
    let mut current = show(&server, first, "first build", None);
    println!(
        "guidebook: serving {} at {} (Ctrl-C stops)",
        config.guide_dir.display(),
        server.url()
    );
    if config.open {
        open_in_browser(&server.url());
    }
    let mut version = 1;
    loop {
        let Some(change) = watch.next(PING) else {
            server.ping();
            continue;
        };
        version += 1;
        let what = changed(&change, &build);
        if let Some(site) = current.as_mut() {
            if let Some(done) = site.update(&change, version) {
                show_update(&server, site, done, &what, change.seen);
                continue;
            }
        }
        let result = build_in_memory(&build, version);
        current = show(&server, result, &what, Some(change.seen));
    }
}

/// The site as served, with what its build kept, for bringing it up to date.
struct Current {
    project: Project,
    kept: generate::Kept,
    files: Files,
}

impl Current {
    /// The site brought up to date after `change`, when only the text of pages changed
    /// and nothing other pages show of them: how many pages were made again, and how
    /// long it took. `None` when a full build must take the change.
    fn update(&mut self, change: &Change, version: u64) -> Option<(usize, Duration, Built)> {
        let started = Instant::now();
        let made = generate::update(
            &mut self.project,
            &mut self.kept,
            &mut self.files,
            &change.paths,
        );
        let pages = made.ok().flatten()?;
        let built = Built {
            files: self.files.clone(),
            version,
        };
        Some((pages, started.elapsed(), built))
    }
}

/// A site brought up to date, served and told in one line.
fn show_update(
    server: &Server,
    current: &Current,
    (pages, took, built): (usize, Duration, Built),
    what: &str,
    seen: Instant,
) {
    server.publish(built);
    let pages = report::count(pages, "page");
    let total = report::count(current.project.site.pages.len(), "page");
    let ms = seen.elapsed().as_millis();
    println!(
        "{what}: {pages} of {total} made again in {} ms, reload sent {ms} ms after the change",
        took.as_millis()
    );
}

/// The folders whose files make the site: the guide, and the theme overrides beside it.
fn watched(build: &BuildConfig) -> Vec<PathBuf> {
    let project = build.project_dir();
    vec![
        build.guide_dir.clone(),
        project.join("templates"),
        project.join("static"),
    ]
}

/// A build's outcome served and told: the new site and a line on standard output, or
/// the problems on every open page and on standard error. `seen`: when the change that
/// led to it was seen (none for the first build). Returns the site, when it built.
fn show(
    server: &Server,
    result: Result<Done>,
    what: &str,
    seen: Option<Instant>,
) -> Option<Current> {
    match result {
        Ok(done) => {
            let pages = report::count(done.pages, "page");
            let built = done.took.as_millis();
            server.publish(done.built);
            let sent = seen.map_or(String::new(), |seen| {
                let ms = seen.elapsed().as_millis();
                format!(", reload sent {ms} ms after the change")
            });
            let warnings = match done.warnings {
                0 => String::new(),
                n => format!(
                    " ({}: `guidebook check` lists them)",
                    report::count(n, "warning")
                ),
            };
            println!("{what}: {pages} in {built} ms{sent}{warnings}");
            done.current
        }
        Err(err) => {
            let problems = report::error(&err);
            server.fail(problems.clone());
            eprint!("{problems}");
            eprintln!("{what}: the build failed; still serving the last good site");
            None
        }
    }
}

/// The change in a few words: the first file, as the author names it, and how many more.
fn changed(change: &Change, build: &BuildConfig) -> String {
    let project = build.project_dir();
    let name = |path: &Path| {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let root = project.canonicalize().unwrap_or_else(|_| project.clone());
        path.strip_prefix(&root)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
    };
    // A file that is still there before one that was not: an editor's temporary file
    // comes and goes in the same save.
    let mut paths: Vec<&PathBuf> = change.paths.iter().collect();
    paths.sort_by_key(|p| !p.exists());
    let first = paths.first().map(|p| name(p)).unwrap_or_default();
    match change.paths.len() {
        0 | 1 => format!("{first} changed"),
        n => format!("{first} and {} changed", report::count(n - 1, "more file")),
    }
}

/// A good build, in memory.
struct Done {
    built: Built,
    current: Option<Current>,
    pages: usize,
    warnings: usize,
    took: Duration,
}

/// Builds the guide as `build` would, into memory, keeping what bringing it up to date
/// after a save needs.
fn build_in_memory(config: &BuildConfig, version: u64) -> Result<Done> {
    let started = Instant::now();
    let mut timings = Timings::start();
    let project = Project::load_buildable(config, &generate::Pdfs::None)?;
    let memory = Memory::default();
    let (report, kept) =
        generate::generate_keeping(&project, &memory, &generate::Pdfs::None, &mut timings, true)?;
    let files = memory.into_files();
    let pages = project.site.pages.len();
    let warnings = report.warnings.len();
    let built = Built {
        files: files.clone(),
        version,
    };
    let current = kept.map(|kept| Current {
        project,
        kept,
        files,
    });
    Ok(Done {
        built,
        current,
        pages,
        warnings,
        took: started.elapsed(),
    })
}

/// Opens `url` in the system's browser; a failure only says so.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = opener {
        eprintln!("guidebook: could not open a browser ({e}); open {url} yourself");
    }
}
