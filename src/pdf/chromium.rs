//! One run of Chromium's command line: print one page to one PDF, kept off the network
//! (every request goes to the loopback server, see [`super::loopback`]), in a fresh
//! profile, within a time limit.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// What to print, and how.
pub(super) struct Print<'a> {
    pub chromium: &'a Path,
    pub url: &'a str,
    pub pdf: &'a Path,
    /// The loopback server's `host:port`: Chromium's proxy, so nothing goes elsewhere.
    pub proxy: &'a str,
    pub timeout: Duration,
}

/// How a run ended.
pub(super) enum Outcome {
    Printed,
    /// Stopped at the time limit, with everything it started.
    TimedOut,
    /// Chromium gave up; the last thing it said, and whether that was about its sandbox.
    Failed {
        last: String,
        sandbox: bool,
    },
}

/// Set once Chromium's sandbox failed to start here: the runs after go without it.
static SANDBOX_FAILS: AtomicBool = AtomicBool::new(false);

/// Prints with Chromium's sandbox on where it can start: it keeps a page that exploits
/// the renderer from the rest of the machine. It is off as root (Chromium refuses to
/// start a sandbox as root) and where a first run found it cannot start (containers
/// without user namespaces): then this run is tried again without it, as are the rest.
pub(super) fn print(job: &Print) -> Result<Outcome> {
    let sandbox = !running_as_root() && !SANDBOX_FAILS.load(Ordering::Relaxed);
    let outcome = run(job, sandbox)?;
    if sandbox && matches!(outcome, Outcome::Failed { sandbox: true, .. }) {
        SANDBOX_FAILS.store(true, Ordering::Relaxed);
        return run(job, false);
    }
    Ok(outcome)
}

#[cfg(unix)]
fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

fn run(job: &Print, sandbox: bool) -> Result<Outcome> {
    let profile = Profile::new()?;
    let log = profile.0.join("stderr.txt");
    // Chromium writes much to standard error: to a file, so a full pipe cannot stall it.
    let stderr = File::create(&log).map_err(|e| Error::io("create", &log, e))?;
    let temp = profile.0.join("tmp");
    std::fs::create_dir(&temp).map_err(|e| Error::io("create", &temp, e))?;
    let mut command = command(job, &profile.0.join("data"), sandbox);
    command
        // Its temporary files go with the profile, even when it is killed.
        .env("TMPDIR", &temp)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    #[cfg(unix)]
    {
        // Its own process group, so a run that hangs is stopped with all it started.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .map_err(|e| Error::io("run", job.chromium, e))?;
    let Some(status) = wait(&mut child, job.timeout)? else {
        return Ok(Outcome::TimedOut);
    };
    if status.success() && job.pdf.is_file() {
        return Ok(Outcome::Printed);
    }
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    Ok(Outcome::Failed {
        last: last_line(&said),
        sandbox: sandbox_failed(&said),
    })
}

fn command(job: &Print, profile: &Path, sandbox: bool) -> Command {
    let mut command = Command::new(job.chromium);
    command.arg("--headless");
    if !sandbox {
        command.arg("--no-sandbox");
    }
    command
        .args(["--disable-gpu", "--no-first-run"])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .args(["--disable-sync", "--disable-extensions"])
        // Every request, the page's and Chromium's own, goes to the loopback server
        // (`<-loopback>`: even those for 127.0.0.1), which serves only the site; and no
        // name resolves, should anything not go through the proxy.
        .arg(format!("--proxy-server=http://{}", job.proxy))
        .arg("--proxy-bypass-list=<-loopback>")
        .arg("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
        // The handout's own footer (topic, page numbers) replaces Chromium's date and URL.
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", job.pdf.display()))
        .arg(job.url);
    command
}

/// Waits for `child` until `timeout` (forever if that is past the clock's end); past it,
/// stops it and everything it started and returns `None`.
fn wait(child: &mut Child, timeout: Duration) -> Result<Option<ExitStatus>> {
    let deadline = Instant::now().checked_add(timeout);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if deadline.is_none_or(|d| Instant::now() < d) => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                stop(child);
                return Ok(None);
            }
            Err(e) => {
                stop(child);
                return Err(Error::Usage(format!("could not wait for Chromium: {e}")));
            }
        }
    }
}

/// Kills the run's process group (the browser, its zygotes, renderers, utilities) and
/// reaps the browser. The group is killed before the browser is reaped: until then its
/// id cannot be another's. (Waiting for the group to be gone would wait on zombies
/// where the init process is slow to reap them; killed, they write nothing more.)
#[cfg(unix)]
fn stop(child: &mut Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let _ = kill_process_group(Pid::from_child(child), Signal::KILL);
    let _ = child.wait();
}

#[cfg(not(unix))]
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Chromium names `--no-sandbox` only when its sandbox cannot start ("No usable
/// sandbox!", "Running as root without --no-sandbox is not supported").
fn sandbox_failed(stderr: &str) -> bool {
    stderr.contains("--no-sandbox")
}

fn last_line(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

/// A fresh folder per run for the browser profile and its messages, so runs in parallel
/// share nothing. It is made new (never one that was there before), so removing it after
/// removes only ours.
struct Profile(PathBuf);

impl Profile {
    fn new() -> Result<Profile> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        loop {
            let n = COUNT.fetch_add(1, Ordering::Relaxed);
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
        // A process killed in the middle of creating a file may finish it while the
        // folder is being emptied: then the removal fails, and is tried again.
        for _ in 0..10 {
            if std::fs::remove_dir_all(&self.0).is_ok() || !self.0.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sandbox_that_cannot_start_is_told_from_other_failures() {
        let no_sandbox = "[1:1:FATAL:zygote_host_impl_linux.cc(127)] No usable sandbox! \
             ... If you want to live dangerously and need an immediate workaround, you can \
             try using --no-sandbox.";
        let as_root = "[1:1:ERROR:zygote_host_impl_linux.cc(101)] Running as root without \
             --no-sandbox is not supported. See https://crbug.com/638180.";
        assert!(sandbox_failed(no_sandbox));
        assert!(sandbox_failed(as_root));
        assert!(!sandbox_failed(
            "[1:1:ERROR:headless_command_handler.cc] Page load failed: net::ERR_FAILED"
        ));
    }
}
