//! The browser that prints: Debian's (or any) Chromium, headless, driven through the
//! DevTools protocol ([`super::devtools`]), kept off the network (every request goes to
//! the loopback server, see [`super::loopback`]), in a fresh profile. It is started once
//! for all the handouts, which a few tabs print one after another, each within a time
//! limit.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::devtools::{Failure, Pipe, wait};
use super::page_objects;
use crate::error::{Error, Result};

/// How a print ended.
pub(super) enum Outcome {
    Printed,
    /// Not within the time limit: the browser is stopped, with everything it started.
    TimedOut,
    /// Chromium gave up: the last thing it said.
    Failed(String),
}

/// A tab of the browser, on its own DevTools session, and what that session reports.
pub(super) struct Tab {
    session: String,
    events: Receiver<Value>,
}

/// Set once Chromium's sandbox failed to start here: the browsers after go without it.
static SANDBOX_FAILS: AtomicBool = AtomicBool::new(false);

/// A running Chromium and the pipe that drives it.
pub(super) struct Browser {
    child: Mutex<Child>,
    pipe: Pipe,
    log: PathBuf,
    /// Its profile and temporary files, removed once it is stopped (declared after
    /// `child`, so dropped after it).
    _profile: Profile,
}

impl Browser {
    /// Starts Chromium with its sandbox on where it can start: it keeps a page that
    /// exploits the renderer from the rest of the machine. It is off as root (Chromium
    /// refuses to start a sandbox as root) and where a first start found it cannot start
    /// (containers without user namespaces): then Chromium is started again without it.
    pub(super) fn start(chromium: &Path, proxy: &str, timeout: Duration) -> Result<Browser> {
        let sandbox = !running_as_root() && !SANDBOX_FAILS.load(Ordering::Relaxed);
        match Browser::launch(chromium, proxy, sandbox, timeout)? {
            Ok(browser) => Ok(browser),
            Err(said) if sandbox && sandbox_failed(&said) => {
                SANDBOX_FAILS.store(true, Ordering::Relaxed);
                Browser::launch(chromium, proxy, false, timeout)?
                    .map_err(|said| failed_to_start(chromium, &said))
            }
            Err(said) => Err(failed_to_start(chromium, &said)),
        }
    }

    /// A started browser that answers, or what it said as it failed.
    fn launch(
        chromium: &Path,
        proxy: &str,
        sandbox: bool,
        timeout: Duration,
    ) -> Result<std::result::Result<Browser, String>> {
        let profile = Profile::new()?;
        let log = profile.0.join("stderr.txt");
        // Chromium writes much to standard error: to a file, so a full pipe cannot stall it.
        let stderr = File::create(&log).map_err(|e| Error::io("create", &log, e))?;
        let temp = profile.0.join("tmp");
        std::fs::create_dir(&temp).map_err(|e| Error::io("create", &temp, e))?;
        let args = arguments(proxy, &profile.0.join("data"), sandbox);
        let (mut command, pipe) =
            Pipe::command(chromium, &args).map_err(|e| Error::io("run", chromium, e))?;
        command
            // Its temporary files go with the profile, even when it is killed.
            .env("TMPDIR", &temp)
            .stderr(stderr);
        #[cfg(unix)]
        {
            // Its own process group, so a browser that hangs is stopped with all it started.
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let child = command.spawn().map_err(|e| Error::io("run", chromium, e))?;
        // Our copies of the browser's ends close here: when it exits, the pipe ends.
        drop(command);
        let browser = Browser {
            child: Mutex::new(child),
            pipe,
            log,
            _profile: profile,
        };
        let deadline = deadline_after(timeout);
        match browser
            .pipe
            .call(None, "Browser.getVersion", json!({}), deadline)
        {
            Ok(_) => Ok(Ok(browser)),
            Err(_) => {
                browser.stop();
                Ok(Err(browser.said()))
            }
        }
    }

    /// Prints the page at `url` to `pdf` in `tab` (opened on first use, then kept for the
    /// next page: a new tab starts a new renderer process, which costs more than most
    /// handouts), within `timeout`. When it prints on two pages and `fits` has scales,
    /// it is printed again at each in turn until it is one page; if none is, the first
    /// print is kept (it breaks between sections).
    pub(super) fn print(
        &self,
        tab: &mut Option<Tab>,
        url: &str,
        pdf: &Path,
        timeout: Duration,
        fits: &[&str],
    ) -> Result<Outcome> {
        let deadline = deadline_after(timeout);
        match self.print_by(tab, url, deadline, fits) {
            Ok(bytes) => {
                std::fs::write(pdf, bytes).map_err(|e| Error::io("write", pdf, e))?;
                Ok(Outcome::Printed)
            }
            Err(Failure::TimedOut) => {
                self.stop();
                Ok(Outcome::TimedOut)
            }
            Err(Failure::Refused(why)) => {
                let said = self.said();
                Ok(Outcome::Failed(if said.is_empty() { why } else { said }))
            }
        }
    }

    fn open_tab(&self, deadline: Instant) -> std::result::Result<Tab, Failure> {
        let call = |session, method, params| self.pipe.call(session, method, params, deadline);
        let tab = call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let attach = json!({ "targetId": tab["targetId"], "flatten": true });
        let session = call(None, "Target.attachToTarget", attach)?;
        let session = session["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let events = self.pipe.events(&session);
        call(Some(&session), "Page.enable", json!({}))?;
        Ok(Tab { session, events })
    }

    fn print_by(
        &self,
        tab: &mut Option<Tab>,
        url: &str,
        deadline: Instant,
        fits: &[&str],
    ) -> std::result::Result<Vec<u8>, Failure> {
        let tab = match tab {
            Some(tab) => tab,
            None => tab.insert(self.open_tab(deadline)?),
        };
        let on = Some(tab.session.as_str());
        let call = |method, params| self.pipe.call(on, method, params, deadline);
        let navigated = call("Page.navigate", json!({ "url": url }))?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(Failure::Refused(format!("{url}: {error}")));
        }
        // The tab printed other pages before: only the load that follows this page's
        // own navigation (its loader) is this page's, whatever the last one still sent.
        let loader = &navigated["loaderId"];
        while !is_navigation(&wait(&tab.events, deadline)?, loader) {}
        while wait(&tab.events, deadline)?["method"] != "Page.loadEventFired" {}
        let print = || -> std::result::Result<Vec<u8>, Failure> {
            let printed = call("Page.printToPDF", print_options())?;
            let data = printed["data"].as_str().unwrap_or_default();
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(data)
                .map_err(|e| Failure::Refused(format!("the PDF Chromium sent: {e}")))
        };
        let mut pdf = print()?;
        // Two pages may fit on one at the smallest scale (about 1.5 pages' worth); three
        // never do. The scale is what `?fit=` sets (guidebook.js), set here without
        // loading the page again.
        if page_objects(&pdf) == 2 {
            for scale in fits {
                let fit = format!("document.documentElement.style.setProperty('--fit', '{scale}')");
                call("Runtime.evaluate", json!({ "expression": fit }))?;
                let smaller = print()?;
                if page_objects(&smaller) == 1 {
                    pdf = smaller;
                    break;
                }
            }
        }
        Ok(pdf)
    }

    /// The last thing the browser said on its standard error.
    fn said(&self) -> String {
        last_line(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }

    /// Stops the browser and everything it started.
    fn stop(&self) {
        if let Ok(mut child) = self.child.lock() {
            stop(&mut child);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether `event` is the tab's page becoming the document of the navigation `loader`.
fn is_navigation(event: &Value, loader: &Value) -> bool {
    let frame = &event["params"]["frame"];
    event["method"] == "Page.frameNavigated"
        && frame.get("parentId").is_none()
        && &frame["loaderId"] == loader
}

/// The handout's own page size, margins and footer (topic, page numbers) replace
/// Chromium's; the PDF is tagged, for screen readers, and carries the headings as its
/// outline.
fn print_options() -> Value {
    json!({
        "printBackground": true,
        "preferCSSPageSize": true,
        "displayHeaderFooter": false,
        "generateTaggedPDF": true,
        "generateDocumentOutline": true,
    })
}

fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365))
}

fn failed_to_start(chromium: &Path, said: &str) -> Error {
    Error::Usage(format!(
        "{} did not start: {}",
        chromium.display(),
        if said.is_empty() {
            "it said nothing"
        } else {
            said
        }
    ))
}

#[cfg(unix)]
fn running_as_root() -> bool {
    rustix::process::geteuid().is_root()
}

#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}

/// Chromium's arguments: headless, driven on the DevTools pipe, off the network.
fn arguments(proxy: &str, profile: &Path, sandbox: bool) -> Vec<String> {
    let mut args = vec!["--headless", "--remote-debugging-pipe"];
    if !sandbox {
        args.push("--no-sandbox");
    }
    args.extend([
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        // No name resolves, should anything not go through the proxy below.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        // Every request, the page's and Chromium's own, goes to the loopback server
        // (`<-loopback>`: even those for 127.0.0.1), which serves only the site.
        "--proxy-bypass-list=<-loopback>",
    ]);
    let mut args: Vec<String> = args.into_iter().map(str::to_string).collect();
    args.push(format!("--proxy-server=http://{proxy}"));
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push("about:blank".to_string());
    args
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
    fn a_reused_tab_waits_for_its_own_navigation_not_the_last_pages() {
        let navigated = |loader: &str, parent: Option<&str>| {
            let mut frame = json!({ "id": "main", "loaderId": loader });
            if let Some(parent) = parent {
                frame["parentId"] = json!(parent);
            }
            json!({ "method": "Page.frameNavigated", "params": { "frame": frame } })
        };
        let ours = json!("L2");
        assert!(is_navigation(&navigated("L2", None), &ours));
        assert!(
            !is_navigation(&navigated("L1", None), &ours),
            "the last page's"
        );
        assert!(
            !is_navigation(&navigated("L2", Some("main")), &ours),
            "a frame's"
        );
        let load = json!({ "method": "Page.loadEventFired", "params": {} });
        assert!(!is_navigation(&load, &ours));
    }

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
