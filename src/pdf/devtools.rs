//! Chromium's DevTools protocol over `--remote-debugging-pipe`: JSON messages, each
//! ended by a NUL byte, that the browser reads from its file 3 and answers on its file 4.
//! One browser prints every handout, a tab per printer, so its start-up (most of the time
//! a print took by the command line) is paid once.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

/// Why a call got no answer.
#[derive(Debug)]
pub(super) enum Failure {
    /// None came in time.
    TimedOut,
    /// The browser is gone, or said no: what it said.
    Refused(String),
}

type Routes = Arc<Mutex<Routing>>;

/// Where incoming messages go: answers by the id of their call, events by their tab.
#[derive(Default)]
struct Routing {
    answers: HashMap<u64, Sender<Value>>,
    events: HashMap<String, Sender<Value>>,
    /// Set when the browser's end closed: every call after fails at once.
    closed: bool,
}

/// The browser's end of the protocol.
pub(super) struct Pipe {
    to_browser: Mutex<File>,
    routes: Routes,
    next_id: AtomicU64,
}

impl Pipe {
    /// Starts `program` with `args` holding the two pipes as its files 3 and 4, where
    /// `--remote-debugging-pipe` looks for them; the rest is set on the command given
    /// back, to spawn. The shell puts them there (`exec` leaves it no process of its
    /// own), which needs no `unsafe` between fork and exec.
    #[cfg(unix)]
    pub(super) fn command(program: &Path, args: &[String]) -> std::io::Result<(Command, Pipe)> {
        use rustix::pipe::{PipeFlags, pipe_with};
        // Close-on-exec: the browser gets its ends as files 3 and 4 only.
        let (browser_reads, we_write) = pipe_with(PipeFlags::CLOEXEC)?;
        let (we_read, browser_writes) = pipe_with(PipeFlags::CLOEXEC)?;
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
            .arg(program)
            .args(args)
            .stdin(browser_reads)
            .stdout(browser_writes);
        let routes: Routes = Arc::default();
        let routing = Arc::clone(&routes);
        let we_read = BufReader::new(File::from(we_read));
        std::thread::spawn(move || route(we_read, &routing));
        let pipe = Pipe {
            to_browser: Mutex::new(File::from(we_write)),
            routes,
            next_id: AtomicU64::new(1),
        };
        Ok((command, pipe))
    }

    /// Elsewhere there is no `/bin/sh` to place the pipes.
    #[cfg(not(unix))]
    pub(super) fn command(_: &Path, _: &[String]) -> std::io::Result<(Command, Pipe)> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "guidebook pdf drives Chromium through a pipe only on Unix",
        ))
    }

    /// Sends `method` (to the tab `session`, or the browser) and waits for its result
    /// until `deadline`.
    pub(super) fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, Failure> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (send, answer) = channel();
        {
            let mut routes = self.routes.lock().map_err(|_| gone())?;
            if routes.closed {
                return Err(gone());
            }
            routes.answers.insert(id, send);
        }
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        let sent = self
            .to_browser
            .lock()
            .map_err(|_| gone())?
            .write_all(&bytes);
        sent.map_err(|_| gone())?;
        let reply = wait(&answer, deadline)?;
        match reply.get("error") {
            Some(error) => Err(Failure::Refused(format!("{method}: {}", error["message"]))),
            None => Ok(reply["result"].clone()),
        }
    }

    /// The events of the tab `session`, from now on.
    pub(super) fn events(&self, session: &str) -> Receiver<Value> {
        let (send, events) = channel();
        if let Ok(mut routes) = self.routes.lock() {
            routes.events.insert(session.to_string(), send);
        }
        events
    }
}

/// The next message from `messages` before `deadline`.
pub(super) fn wait(messages: &Receiver<Value>, deadline: Instant) -> Result<Value, Failure> {
    let left = deadline.saturating_duration_since(Instant::now());
    messages.recv_timeout(left).map_err(|e| match e {
        RecvTimeoutError::Timeout => Failure::TimedOut,
        RecvTimeoutError::Disconnected => gone(),
    })
}

fn gone() -> Failure {
    Failure::Refused("the browser closed its end of the DevTools pipe".to_string())
}

/// Reads NUL-ended messages until the browser closes its end, handing each to whoever
/// waits for it; then every wait ends.
fn route(mut reader: BufReader<File>, routes: &Mutex<Routing>) {
    let mut message = Vec::new();
    while matches!(reader.read_until(0, &mut message), Ok(n) if n > 0) {
        if message.last() == Some(&0) {
            message.pop();
        }
        if let Ok(value) = serde_json::from_slice::<Value>(&message) {
            deliver(value, routes);
        }
        message.clear();
    }
    if let Ok(mut routes) = routes.lock() {
        routes.closed = true;
        routes.answers.clear();
        routes.events.clear();
    }
}

fn deliver(value: Value, routes: &Mutex<Routing>) {
    let Ok(mut routes) = routes.lock() else {
        return;
    };
    if let Some(id) = value.get("id").and_then(Value::as_u64) {
        if let Some(send) = routes.answers.remove(&id) {
            let _ = send.send(value);
        }
    } else if let Some(session) = value.get("sessionId").and_then(Value::as_str) {
        if let Some(send) = routes.events.get(session) {
            let _ = send.send(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_go_to_their_call_and_events_to_their_tab() {
        let routes = Mutex::new(Routing::default());
        let (answer, answered) = channel();
        let (event, evented) = channel();
        if let Ok(mut r) = routes.lock() {
            r.answers.insert(7, answer);
            r.events.insert("tab".to_string(), event);
        }
        deliver(
            json!({ "method": "Page.loadEventFired", "sessionId": "tab" }),
            &routes,
        );
        deliver(
            json!({ "method": "Page.frameNavigated", "sessionId": "other" }),
            &routes,
        );
        deliver(json!({ "id": 8, "result": {} }), &routes);
        deliver(
            json!({ "id": 7, "result": { "data": "JVBERi0=" } }),
            &routes,
        );
        assert_eq!(answered.try_recv().unwrap()["result"]["data"], "JVBERi0=");
        assert_eq!(evented.try_recv().unwrap()["method"], "Page.loadEventFired");
        assert!(
            evented.try_recv().is_err(),
            "another tab's event is not this one's"
        );
    }

    #[test]
    fn a_closed_pipe_ends_every_wait_at_once() {
        let routes = Mutex::new(Routing::default());
        let (answer, answered) = channel();
        if let Ok(mut r) = routes.lock() {
            r.answers.insert(1, answer);
        }
        let reader = BufReader::new(File::open("/dev/null").unwrap());
        route(reader, &routes);
        let far = Instant::now() + std::time::Duration::from_secs(60);
        let started = Instant::now();
        assert!(matches!(wait(&answered, far), Err(Failure::Refused(_))));
        assert!(started.elapsed().as_secs() < 5);
        assert!(routes.lock().unwrap().closed);
    }
}
