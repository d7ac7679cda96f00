//! `guidebook pdf` with a hostile guide: a page cannot print local files or reach the
//! network, and a page that never finishes loading stops the build in time, leaving
//! nothing behind.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::handouts::{run_tool, tools};
use crate::support::*;

/// A guide whose question page holds `html`, raw as markdown allows.
fn guide_with(html: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    write_guide(&[
        ("index.md", "# Home\n\nWelcome.\n"),
        ("part/index.md", "# Part\n"),
        (
            "part/q.md",
            &format!("---\nkind: question\nnumber: 1\n---\n# Q\n\nText.\n\n{html}\n"),
        ),
    ])
}

/// `guidebook args` in `dir` with its own temporary folder; a hang fails the test.
fn pdf(dir: &Path, temp: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = guidebook()
        .current_dir(dir)
        .env("TMPDIR", temp)
        .timeout(Duration::from_secs(50))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr)
}

/// The names in `dir`, files and folders.
fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_page_cannot_print_local_files() {
    if let Some(why) = tools() {
        eprintln!("skipped: {why}");
        return;
    }
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    let secrets: Vec<&str> = passwd.lines().filter(|l| l.len() > 8).collect();
    assert!(!secrets.is_empty(), "no /etc/passwd to test with");
    let (tmp, _guide) = guide_with(
        "<iframe src=\"file:///etc/passwd\"></iframe>\n\n\
         <img src=\"file:///etc/hostname\">\n\n\
         <iframe src=\"http://example.com/\"></iframe>\n\n\
         <iframe src=\"../../../../../../../../../../etc/passwd\"></iframe>\n\n\
         <object data=\"file:///etc/passwd\"></object>",
    );
    let temp = tmp.path().join("tmp");
    fs::create_dir(&temp).unwrap();
    let (code, stderr) = pdf(tmp.path(), &temp, &["pdf", "--out", "out"]);
    assert_eq!(code, Some(0), "{stderr}");
    let out = tmp.path().join("out");
    let mut pdfs = 0;
    for (file, bytes) in file_contents(&out) {
        let text = if file.ends_with(".pdf") {
            pdfs += 1;
            run_tool("pdftotext", &[out.join(&file).to_str().unwrap(), "-"])
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for secret in &secrets {
            assert!(!text.contains(secret), "{file} holds {secret:?}");
        }
    }
    assert_eq!(pdfs, 3, "every handout was printed");
    let question = run_tool(
        "pdftotext",
        &[out.join("handouts/part-q.pdf").to_str().unwrap(), "-"],
    );
    assert!(question.contains("Text."), "the page itself is printed");
}

#[test]
fn a_page_that_never_finishes_is_stopped_and_leaves_nothing_behind() {
    if let Some(why) = tools() {
        eprintln!("skipped: {why}");
        return;
    }
    let (tmp, _guide) = guide_with("<script>while (true) {}</script>");
    run(tmp.path(), &["build", "--out", "out"], 0);
    let out = tmp.path().join("out");
    let before = file_contents(&out);
    let temp = tmp.path().join("tmp");
    fs::create_dir(&temp).unwrap();

    let (code, stderr) = pdf(
        tmp.path(),
        &temp,
        &["pdf", "--out", "out", "--timeout", "3"],
    );
    assert_eq!(code, Some(2), "{stderr}");
    for needed in ["guide/part/q.md", "within 3 s", "--timeout"] {
        assert!(stderr.contains(needed), "no {needed:?} in: {stderr}");
    }
    assert_eq!(names_in(&temp), Vec::<String>::new(), "left in TMPDIR");
    let locks: Vec<String> = names_in(tmp.path())
        .into_iter()
        .filter(|name| name.contains("lock"))
        .collect();
    assert_eq!(locks, Vec::<String>::new(), "the build lock is left");
    assert!(before == file_contents(&out), "the previous site changed");
}

/// A Chromium that fails as one does where its sandbox cannot start, unless told
/// `--no-sandbox`; then it answers the DevTools protocol on its files 3 and 4, and
/// "prints" a stand-in PDF. It logs each command line.
#[cfg(unix)]
const SANDBOXLESS_CHROMIUM: &str = r#"#!/usr/bin/env python3
import base64, json, os, sys

with open(os.environ["CHROMIUM_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\n")
if "--no-sandbox" not in sys.argv[1:]:
    sys.stderr.write("[1:1:FATAL:zygote_host_impl_linux.cc(127)] No usable sandbox! If you "
                     "want to live dangerously and need an immediate workaround, you can "
                     "try using --no-sandbox.\n")
    sys.exit(1)

def send(message):
    os.write(4, json.dumps(message).encode() + b"\0")

pending = b""
while True:
    chunk = os.read(3, 65536)
    if not chunk:
        break
    pending += chunk
    *messages, pending = pending.split(b"\0")
    for raw in messages:
        call = json.loads(raw)
        method, session = call["method"], call.get("sessionId")
        result = {
            "Target.createTarget": {"targetId": "tab"},
            "Target.attachToTarget": {"sessionId": f"session-{call['id']}"},
            "Page.navigate": {"frameId": "main", "loaderId": f"loader-{call['id']}"},
            "Page.printToPDF": {"data": base64.b64encode(b"%PDF-1.4\n").decode()},
        }.get(method, {})
        send({"id": call["id"], "result": result, **({"sessionId": session} if session else {})})
        if method == "Page.navigate":
            frame = {"id": "main", "loaderId": result["loaderId"]}
            send({"method": "Page.frameNavigated", "params": {"frame": frame}, "sessionId": session})
            send({"method": "Page.loadEventFired", "params": {}, "sessionId": session})
"#;

#[cfg(unix)]
#[test]
fn the_sandbox_is_tried_first_unless_root_and_given_up_once_it_fails() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, _guide) = guide_with("Nothing to hide.");
    let chromium = tmp.path().join("chromium");
    fs::write(&chromium, SANDBOXLESS_CHROMIUM).unwrap();
    fs::set_permissions(&chromium, fs::Permissions::from_mode(0o755)).unwrap();
    let log = tmp.path().join("log");
    let output = guidebook()
        .current_dir(tmp.path())
        .env("CHROMIUM_LOG", &log)
        .args([
            "pdf",
            "--out",
            "out",
            "--chromium",
            chromium.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let runs: Vec<bool> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').any(|arg| arg == "--no-sandbox"))
        .collect();
    let id = std::process::Command::new("id").arg("-u").output().unwrap();
    // One browser prints every handout: started once, or, where its sandbox cannot
    // start, once more without it.
    if String::from_utf8_lossy(&id.stdout).trim() == "0" {
        assert_eq!(runs, [true], "as root, never with the sandbox");
    } else {
        assert_eq!(runs, [false, true]);
    }
    let pdfs: Vec<String> = names_in(&tmp.path().join("out/handouts"))
        .into_iter()
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 3, "{pdfs:?}");
}
