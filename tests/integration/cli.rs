//! The `guidebook` command as a user runs it: help, version, errors and exit codes.

use std::fs;

use assert_cmd::Command;

use crate::support::*;

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// `guidebook build` of the shipped guide into `out`.
fn build_into(out: &std::path::Path) -> Command {
    let mut cmd = guidebook();
    cmd.arg("build")
        .arg("--guide")
        .arg(repo().join("guide"))
        .arg("--out")
        .arg(out);
    cmd
}

/// Runs `cmd`, checks its exit code and returns what it printed on stderr.
fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let output = cmd.assert().code(code).get_output().stderr.clone();
    let stderr = String::from_utf8(output).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn help_lists_the_commands_and_their_options() {
    let top = stdout(guidebook().arg("--help"));
    for command in ["build", "check", "pdf", "serve", "init", "theme"] {
        assert!(
            top.contains(&format!("  {command}  ")),
            "{command} missing from:\n{top}"
        );
        let help = stdout(guidebook().args([command, "--help"]));
        assert!(help.contains("Usage: guidebook"), "{help}");
    }
    let build = stdout(guidebook().args(["build", "--help"]));
    for flag in ["--guide <DIR>", "--out <DIR>", "--base-url <URL>"] {
        assert!(build.contains(flag), "{flag} missing from:\n{build}");
    }
    let version = stdout(guidebook().arg("--version"));
    assert_eq!(
        version.trim(),
        format!("guidebook {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn timings_show_each_step_of_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = build_into(&tmp.path().join("site"));
    cmd.arg("--timings");
    let stderr = stderr_of(&mut cmd, 0);
    // The shipped guide's repaired diagrams are warned about first.
    let timings = || stderr.lines().filter(|l| l.ends_with('%'));
    let steps: Vec<&str> = timings()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        steps,
        ["load", "analyse,", "link", "pages", "other", "swap"],
        "{stderr}"
    );
    let shares: f64 = timings()
        .filter_map(|l| {
            l.trim_end_matches('%')
                .rsplit(' ')
                .next()?
                .parse::<f64>()
                .ok()
        })
        .sum();
    assert!((shares - 100.0).abs() < 1.0, "{stderr}");
}

#[test]
fn build_prints_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let printed = stdout(&mut build_into(&out));
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "{printed}");
    assert!(
        lines[0]
            .starts_with("guidebook: built 19 pages (9 questions, 5 diagrams, 39 concepts) in "),
        "{printed}"
    );
    // The shipped guide's diagrams are drawn as written, with their repairs counted.
    assert!(
        lines[0].contains(&format!("into {}, with ", out.display()))
            && lines[0].ends_with(" warnings"),
        "{printed}"
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn bad_front_matter_names_file_and_line_and_keeps_the_old_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_into(&out).assert().success();
    let before = fs::read(out.join("index.html")).unwrap();
    let guide = fixture("invalid/bad-front-matter/guide");
    let stderr = stderr_of(
        guidebook()
            .current_dir(guide.parent().unwrap())
            .args(["build", "--guide", "guide", "--out"])
            .arg(&out),
        1,
    );
    for expected in [
        "guide/behavioral/tips.md:3:1: unknown front matter key \"titel\"",
        "did you mean \"title\"?",
        "guide/guide.yaml:2:1: unknown guide.yaml key \"colour\"",
        "guide/system-design/q1.md:4:9: invalid front matter: number: expected a whole number",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected:?} missing from:\n{stderr}"
        );
    }
    assert!(stderr.contains("3 problems in the guide"), "{stderr}");
    assert_eq!(
        fs::read(out.join("index.html")).unwrap(),
        before,
        "the previous site must stay"
    );
}

#[test]
fn invalid_utf8_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    fs::create_dir(&guide).unwrap();
    fs::write(guide.join("index.md"), b"# Home\n\nCaf\xe9 latte\n").unwrap();
    let stderr = stderr_of(guidebook().current_dir(tmp.path()).arg("build"), 1);
    assert!(
        stderr.contains("guide/index.md:3:4: invalid UTF-8 at byte 11"),
        "{stderr}"
    );
}

#[test]
fn refuses_an_output_folder_it_did_not_create() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("thesis");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("chapter1.tex"), "years of work").unwrap();
    let stderr = stderr_of(&mut build_into(&out), 2);
    assert!(stderr.contains("not made by guidebook"), "{stderr}");
    assert_eq!(files_under(&out), ["chapter1.tex"]);
}

#[test]
fn refuses_to_write_over_the_guide() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    fs::create_dir(&guide).unwrap();
    fs::write(guide.join("index.md"), "# Home\n").unwrap();
    for out in ["guide", ".", "guide/public"] {
        let stderr = stderr_of(
            guidebook()
                .current_dir(tmp.path())
                .args(["build", "--out", out]),
            2,
        );
        assert!(
            stderr.contains("refusing to write the site"),
            "{out}: {stderr}"
        );
    }
    assert_eq!(files_under(&guide), ["index.md"]);
}

#[test]
fn a_missing_guide_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let stderr = stderr_of(guidebook().current_dir(tmp.path()).arg("build"), 2);
    assert!(stderr.contains("guide folder guide not found"), "{stderr}");
}

#[test]
fn a_bad_base_url_is_a_usage_error() {
    guidebook()
        .args(["build", "--base-url", "example.github.io/repo"])
        .assert()
        .code(2);
}

/// The numbered problems of a report, without their numbers and labels.
fn listed(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| l.trim_start().split_once(". "))
        .filter(|(n, _)| n.parse::<usize>().is_ok())
        .map(|(_, rest)| rest.trim_start_matches("warning: ").to_string())
        .collect()
}

/// `build` shows every warning `check` finds, and counts them in its summary line;
/// `check` lists them in one order, by file and line, with or without `--strict`.
#[test]
fn build_prints_every_warning_and_check_keeps_their_order() {
    let guide = fixture("warnings/guide");
    let guide = guide.to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = run(
        &repo(),
        &["build", "--guide", guide, "--out", out.to_str().unwrap()],
        0,
    );
    let checked = run(&repo(), &["check", "--guide", guide], 0);
    let strict = run(&repo(), &["check", "--strict", "--guide", guide], 1);
    let warnings = listed(&checked);
    assert_eq!(warnings.len(), 2, "{checked}");
    assert!(warnings[0].contains("never mentioned") && warnings[1].contains("no page links"));
    assert_eq!(listed(&built), warnings, "{built}");
    assert_eq!(listed(&strict), warnings, "{strict}");
    let summary = built
        .lines()
        .find(|l| l.starts_with("guidebook: built"))
        .unwrap();
    assert!(summary.ends_with(", with 2 warnings"), "{summary}");
}
