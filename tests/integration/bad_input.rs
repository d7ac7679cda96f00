//! Bad input never crashes and never loses anything: every fixture under
//! tests/fixtures/invalid/ through the real CLI (exit code, `file:line` in stderr, no
//! panic), huge and deep pages, symbolic link loops, a build killed at any moment,
//! output folders refused, and builds that are identical whatever the thread count.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use scraper::Html;

use crate::support::*;

/// Builds a fixture into a fresh folder: the exit code and what was printed.
fn build_fixture(name: &str, code: i32) -> (String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let printed = run(
        &fixture(&format!("invalid/{name}")),
        &["build", "--out", out.to_str().unwrap()],
        code,
    );
    if code != 0 {
        assert!(!out.exists(), "{name}: a failed build writes nothing");
    }
    (printed, tmp)
}

#[test]
fn each_broken_input_is_reported_with_its_file_and_line() {
    let cases: &[(&str, &[&str])] = &[
        (
            "yaml-tab",
            &[
                "guide/index.md:4:1: invalid front matter",
                "YAML does not allow tabs",
            ],
        ),
        (
            "unterminated-front-matter",
            &["guide/index.md:1:1: front matter is never closed"],
        ),
        (
            "invalid-utf8",
            &[
                "guide/notes.md:3:4: invalid UTF-8 at byte 12",
                "save the file as UTF-8",
            ],
        ),
        (
            "duplicate-urls",
            &["guide/a-b.md:1:1: this page and a b.md would both be written to /a-b/"],
        ),
        (
            "alias-collision",
            &["guide/concepts.yaml:5:1: \"cdc\" names both \"cdc\" and \"debezium\""],
        ),
        (
            "template-error",
            &["templates/home.html", "--> home.html:3:19"],
        ),
    ];
    for (name, expected) in cases {
        let (stderr, _tmp) = build_fixture(name, 1);
        for text in *expected {
            assert!(
                stderr.contains(text),
                "{name}: {text:?} missing from:\n{stderr}"
            );
        }
        assert!(stderr.contains("nothing was written"), "{name}:\n{stderr}");
    }
}

/// Issue 7: a front matter value that is wrong, a `related:` page that does not exist
/// and a link to a heading that does not exist are found by three different steps, and
/// were reported one run at a time. One run now reports all three, in file and line
/// order, with nothing else (the page with the bad front matter is still checked, and
/// still found by links and by its title), and the previous site stays as it was.
#[test]
fn every_problem_is_reported_in_one_run_and_the_old_site_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("project/guide");
    let broken = fixture("invalid/all-at-once/guide");
    for file in files_under(&broken) {
        fs::create_dir_all(guide.join(&file).parent().unwrap()).unwrap();
        fs::copy(broken.join(&file), guide.join(&file)).unwrap();
    }
    let fix = |file: &str, from: &str, to: &str| {
        let path = guide.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    };
    fix("part/question.md", "kind: questoin", "kind: question");
    fix("part/question.md", "tips.md#nope", "tips.md#listen");
    fix(
        "part/tips.md",
        "related: [missing.md]",
        "related: [question.md]",
    );
    let output = tmp.path().join("output");
    let out = output.join("public");
    let project = guide.parent().unwrap();
    let build = ["build", "--out", out.to_str().unwrap()];
    run(project, &build, 0);
    let before = file_contents(&output);
    for file in files_under(&broken) {
        fs::copy(broken.join(&file), guide.join(&file)).unwrap();
    }

    let expected = [
        "  1. guide/part/question.md:3:7: unknown value \"questoin\" (expected one of \"page\", \"question\", \"checklist\")",
        "  2. guide/part/question.md:9:11: link to \"tips.md#nope\": no heading \"nope\" in part/tips.md (its headings are #listen)",
        "  3. guide/part/tips.md:3:11: related page \"missing.md\" does not exist",
        "3 problems in the guide",
    ];
    let stderr = run(project, &build, 1);
    for text in expected {
        assert!(stderr.contains(text), "{text:?} missing from:\n{stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        file_contents(&output),
        before,
        "a failed build leaves the previous site, and all beside it, byte for byte"
    );
    let check = run(project, &["check"], 1);
    for text in expected {
        assert!(check.contains(text), "{text:?} missing from:\n{check}");
    }
}

#[test]
fn problems_are_shown_with_their_line_underlined() {
    let (stderr, _tmp) = build_fixture("invalid-utf8", 1);
    assert!(stderr.contains("     3 | Caf\u{fffd} au lait"), "{stderr}");
    assert!(stderr.contains("       |    ^\n"), "{stderr}");
}

#[test]
fn empty_pages_deep_nesting_and_binary_files_build() {
    let (printed, tmp) = build_fixture("empty-files", 0);
    assert!(printed.contains("built 4 pages"), "{printed}");
    let site = tmp.path().join("site");
    assert!(site.join("part/empty/index.html").is_file());
    assert!(site.join("part/only-front-matter/index.html").is_file());

    let (printed, tmp) = build_fixture("deep-nesting", 0);
    assert!(printed.contains("built 1 page (0 questions"), "{printed}");
    let html = fs::read_to_string(tmp.path().join("site/index.html")).unwrap();
    assert!(html.contains("quoted") && html.contains("listed") && html.contains("numbered"));

    let (_, tmp) = build_fixture("binary-assets", 0);
    for file in ["img/logo.png", "data.bin"] {
        let source = fs::read(fixture("invalid/binary-assets/guide").join(file)).unwrap();
        assert_eq!(
            fs::read(tmp.path().join("site").join(file)).unwrap(),
            source,
            "{file} copied as it is"
        );
    }
}

#[test]
fn mojibake_is_a_warning_that_says_what_was_meant_and_an_error_when_strict() {
    let dir = fixture("invalid/mojibake");
    let relaxed = run(&dir, &["check"], 0);
    for text in [
        "warning: guide/notes.md:3:3: mis-encoded text \"â€™\" probably says \"’\"",
        "guide/notes.md:3:26: mis-encoded text \"â”€â”€â–¶\" probably says \"──▶\"",
        "guide/notes.md:3:46: mis-encoded text \"Ã©\" probably says \"é\"",
    ] {
        assert!(relaxed.contains(text), "{text:?} missing from:\n{relaxed}");
    }
    let strict = run(&dir, &["check", "--strict"], 1);
    assert!(strict.contains("3 problems in the guide"), "{strict}");
    // A build shows them too, and still builds.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let built = run(&dir, &["build", "--out", out.to_str().unwrap()], 0);
    assert!(
        built.contains("warning: guide/notes.md:3:3: mis-encoded text")
            && built.contains("3 warnings (errors under `guidebook check --strict`)")
            && built.contains("guidebook: built"),
        "{built}"
    );
}

#[test]
fn html_in_titles_and_labels_is_escaped_everywhere() {
    let (_, tmp) = build_fixture("html-in-titles", 0);
    let site = tmp.path().join("site");
    for file in files_under(&site)
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        let text = fs::read_to_string(site.join(file)).unwrap();
        for raw in [
            "<script>alert",
            "<img src=x",
            "<b>bold",
            "<Kafka>",
            "<em>markup",
            "<b>1</b>",
        ] {
            assert!(!text.contains(raw), "{file} holds raw {raw:?}");
        }
    }
    let question =
        Html::parse_document(&fs::read_to_string(site.join("part/q/index.html")).unwrap());
    assert!(reader_text(one(&question, "h1")).contains("Q <b>1</b>"));
    assert!(reader_text(one(&question, "head > title")).contains("Guide <b>bold</b> & co"));
    let nav = reader_text(one(&question, "nav.site-nav"));
    assert!(nav.contains("Part <img src=x onerror=alert(1)>"), "{nav}");
    let svg = one(&question, "svg");
    assert!(
        reader_text(svg).contains("<script>x"),
        "diagram labels stay text"
    );
    let concept =
        Html::parse_document(&fs::read_to_string(site.join("concepts/kafka/index.html")).unwrap());
    assert_eq!(reader_text(one(&concept, "h1")), "<Kafka>");
}

#[test]
fn a_five_megabyte_page_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    fs::create_dir(&guide).unwrap();
    let paragraph = "Kafka decouples producers from consumers; Flink processes the stream. ";
    let mut page = String::from("# Big\n\n");
    while page.len() < 5 * 1024 * 1024 {
        page.push_str(&format!(
            "## Section {}\n\n{}\n\n",
            page.len(),
            paragraph.repeat(20)
        ));
    }
    page.push_str("The end of the big page.\n");
    fs::write(guide.join("index.md"), &page).unwrap();
    let out = tmp.path().join("site");
    run(tmp.path(), &["build", "--out", out.to_str().unwrap()], 0);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("The end of the big page."));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_not_followed_forever() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    fs::create_dir_all(guide.join("part")).unwrap();
    fs::write(guide.join("index.md"), "# Home\n").unwrap();
    fs::write(guide.join("part/index.md"), "# Part\n").unwrap();
    std::os::unix::fs::symlink("..", guide.join("part/loop")).unwrap();
    let stderr = run(tmp.path(), &["build"], 1);
    assert!(
        stderr.contains("guide/part/loop: this symbolic link loops back to"),
        "{stderr}"
    );
}

/// Links to nothing (a file since deleted, a link to itself) are reported with the rest,
/// not a failure to read the guide.
#[cfg(unix)]
#[test]
fn symbolic_links_to_nothing_are_reported_with_the_other_problems() {
    let (tmp, guide) = write_guide(&[("index.md", "# Home\n\n[gone](nowhere.md)\n")]);
    std::os::unix::fs::symlink("deleted.md", guide.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink("self.md", guide.join("self.md")).unwrap();
    let stderr = run(tmp.path(), &["build"], 1);
    for text in [
        "guide/dangling.md: this symbolic link leads nowhere: deleted.md",
        "guide/self.md: this symbolic link leads nowhere: self.md",
        "link to \"nowhere.md\"",
        "3 problems in the guide",
    ] {
        assert!(stderr.contains(text), "{text:?} missing from:\n{stderr}");
    }
}

#[test]
fn output_folders_that_are_not_ours_to_replace_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    let home = tmp.path().join("home");
    fs::create_dir_all(project.join("guide")).unwrap();
    fs::create_dir_all(&home).unwrap();
    fs::write(project.join("guide/index.md"), "# Home\n").unwrap();
    for out in [
        project.to_str().unwrap(),
        home.to_str().unwrap(),
        "/",
        "guide",
        "guide/site",
    ] {
        let output = guidebook()
            .current_dir(&project)
            .env("HOME", &home)
            .args(["build", "--out", out])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{out}: {stderr}");
        assert!(
            stderr.contains("refusing to write the site"),
            "{out}: {stderr}"
        );
    }
    assert_eq!(files_under(&project), ["guide/index.md"]);
}

/// A guide big enough that a build takes a while: `parts` parts of `per_part` pages,
/// each a question of the shipped guide with its diagram.
fn big_guide(dir: &Path, parts: usize, per_part: usize) {
    let sample =
        fs::read_to_string(repo().join("guide/system-design/real-time-analytics.md")).unwrap();
    let body = sample.splitn(3, "---\n").nth(2).unwrap();
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("index.md"), "# Big guide\n").unwrap();
    for p in 0..parts {
        let part = dir.join(format!("part-{p}"));
        fs::create_dir_all(&part).unwrap();
        fs::write(
            part.join("index.md"),
            format!("---\ntitle: Part {p}\norder: {p}\n---\n"),
        )
        .unwrap();
        for q in 0..per_part {
            let page =
                format!("---\ntitle: Question {p}.{q}\nkind: question\nnumber: {q}\n---\n{body}");
            fs::write(part.join(format!("q{q}.md")), page).unwrap();
        }
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    big_guide(&guide, 4, 25);
    let out = tmp.path().join("public");
    let build = |out: &Path| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("guidebook"));
        cmd.arg("build")
            .arg("--guide")
            .arg(&guide)
            .arg("--out")
            .arg(out);
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        cmd
    };
    assert!(build(&out).status().unwrap().success());
    let before = site_contents(&out);
    // A changed guide: the next build writes a different site.
    fs::write(guide.join("index.md"), "# Big guide, second edition\n").unwrap();
    let reference = tmp.path().join("reference");
    let started = Instant::now();
    assert!(build(&reference).status().unwrap().success());
    let duration = started.elapsed();
    let after = site_contents(&reference);
    assert_ne!(before, after);
    let rounds = 10;
    for round in 0..=rounds {
        let mut child = build(&out).spawn().unwrap();
        std::thread::sleep(duration.mul_f64(round as f64 / rounds as f64));
        let _ = child.kill();
        child.wait().unwrap();
        let now = site_contents(&out);
        assert!(
            now == before || now == after,
            "round {round}: the site is neither the old nor the new one"
        );
    }
    assert!(build(&out).status().unwrap().success());
    assert_eq!(site_contents(&out), after);
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("guidebook-"))
        .collect();
    assert_eq!(
        leftovers,
        [".public.guidebook-spare"],
        "only the spare copy of the site stays beside it"
    );
}

#[test]
fn builds_are_identical_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    big_guide(&guide, 3, 20);
    let mut sites = Vec::new();
    for threads in ["1", "4"] {
        let out = tmp.path().join(format!("site-{threads}"));
        let status = Command::new(assert_cmd::cargo::cargo_bin("guidebook"))
            .env("RAYON_NUM_THREADS", threads)
            .arg("build")
            .arg("--guide")
            .arg(&guide)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        sites.push(site_contents(&out));
    }
    assert!(
        sites[0] == sites[1],
        "one thread and four built different sites"
    );
}

/// Issue 11: ids for equal headings were found by counting up from `-1` each time, so a
/// page of 20,000 `## Same` took minutes. Each id is still the first one free.
#[test]
fn a_page_of_twenty_thousand_equal_headings_builds() {
    let page = format!(
        "# Home\n\n## Same {{#same-3}}\n\n{}",
        "## Same\n\n".repeat(20_000)
    );
    let (tmp, _) = write_guide(&[("index.md", &page)]);
    let out = tmp.path().join("site");
    run(tmp.path(), &["build", "--out", out.to_str().unwrap()], 0);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    for id in ["same-3", "same", "same-1", "same-2", "same-4", "same-20000"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
    assert!(!html.contains("id=\"same-20001\""));
    let handout = fs::read_to_string(out.join("handouts/whole-guide/index.html")).unwrap();
    assert!(handout.contains("id=\"home--same-20000\""));
}

/// Issue 11: YAML nested 100,000 levels deep took most of a minute to refuse. Nesting
/// past 64 levels is refused before parsing, at its line, in every YAML file.
#[test]
fn yaml_nested_too_deep_is_refused_at_its_line() {
    let front = format!("---\ntitle: A\nrelated: {}\n---\n", "[".repeat(10_000));
    let config = format!(
        "title: Guide\n{}",
        (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>()
    );
    let concepts = format!("- id: a\n  name: A\n{}x\n", "- ".repeat(100));
    let (tmp, _) = write_guide(&[
        ("index.md", &front),
        ("guide.yaml", &config),
        ("concepts.yaml", &concepts),
    ]);
    let stderr = run(tmp.path(), &["build"], 1);
    for text in [
        "guide/concepts.yaml:3:129: YAML nested more than 64 levels deep",
        "guide/guide.yaml:66:65: YAML nested more than 64 levels deep",
        "guide/index.md:3:73: YAML nested more than 64 levels deep (no setting needs more than a few levels: close the `[` and `{` left open, or indent less)",
        "3 problems in the guide",
    ] {
        assert!(stderr.contains(text), "{text:?} missing from:\n{stderr}");
    }
}

#[test]
fn a_repeated_key_is_reported_at_the_second() {
    let (tmp, _) = write_guide(&[
        ("index.md", "# Home\n"),
        ("a.md", "---\ntitle: A\nsummary: S\ntitle: B\n---\n"),
        ("guide.yaml", "title: Guide\nlanguage: en\ntitle: Other\n"),
    ]);
    let stderr = run(tmp.path(), &["build"], 1);
    for text in [
        "guide/a.md:4:1: duplicate front matter key \"title\" (the first is on line 2; keep one)",
        "guide/guide.yaml:3:1: duplicate guide.yaml key \"title\" (the first is on line 1; keep one)",
        "2 problems in the guide",
    ] {
        assert!(stderr.contains(text), "{text:?} missing from:\n{stderr}");
    }
}

#[test]
fn an_empty_title_is_reported_at_its_line() {
    let (tmp, _) = write_guide(&[
        ("index.md", "---\ntitle: \"\"\n---\n# Home\n"),
        ("a.md", "---\norder: 1\ntitle: '  '\n---\nText\n"),
    ]);
    let stderr = run(tmp.path(), &["build"], 1);
    for text in [
        "guide/a.md:3:1: the title is empty",
        "guide/index.md:2:1: the title is empty (write the page's title after `title:`",
        "2 problems in the guide",
    ] {
        assert!(stderr.contains(text), "{text:?} missing from:\n{stderr}");
    }
}

/// Issue 11: a title taken from a `# ` heading was its markdown, as written: `*`, link
/// targets and entities showed in navigation and `<title>`, escaped a second time.
#[test]
fn titles_from_headings_are_the_text_a_reader_sees() {
    let (_tmp, guide) = write_guide(&[
        ("index.md", "# Home\n"),
        ("part/index.md", "# Part\n"),
        ("part/a.md", "# The *best* [plan](x.md) `code`\n\nText.\n"),
        ("part/b.md", "# Q&A &amp; <b>\n\nText.\n"),
    ]);
    let site = build(&guide, None);
    let b = site.page("part/b/index.html");
    assert_eq!(reader_text(one(&b, "h1")), "Q&A & <b>");
    assert_eq!(reader_text(one(&b, "head > title")), "Q&A & <b> · Home");
    let nav = one(&b, "nav.site-nav a[aria-current=page]");
    assert_eq!(reader_text(nav), "Q&A & <b>");
    let previous = one(&b, ".pager-prev .pager-title");
    assert_eq!(reader_text(previous), "The best plan code");
    let a = site.page("part/a/index.html");
    assert_eq!(reader_text(one(&a, "h1")), "The best plan code");
    assert_eq!(
        reader_text(one(&a, "head > title")),
        "The best plan code · Home"
    );
    let html = fs::read_to_string(site.out.join("part/b/index.html")).unwrap();
    assert!(html.contains("<h1 id=\"page-title\">Q&amp;A &amp; &lt;b&gt;</h1>"));
    assert!(!html.contains("&amp;amp;") && !html.contains("*best*"));
}

/// A template override that Tera rejects is named by its file and line, and Tera's own
/// report (the template's line, underlined) follows as the cause.
#[test]
fn a_broken_template_override_names_its_file_and_line_and_shows_why() {
    let (tmp, _guide) = write_guide(&[
        ("index.md", "# Home\n"),
        (
            "part/q.md",
            "# Q\n\n```star\nSituation: s\nTask: t\nAction: a\nResult: r\n```\n",
        ),
    ]);
    let partials = tmp.path().join("templates/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(partials.join("star.html"), "<div>\n{{ p.label }\n</div>\n").unwrap();
    let stderr = run(tmp.path(), &["build"], 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: template ")
            && lines[0].ends_with("templates/partials/star.html:2:12: does not compile"),
        "{stderr}"
    );
    assert!(lines[1].starts_with("  caused by: "), "{stderr}");
    assert!(stderr.contains("2 | {{ p.label }"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");

    fs::write(partials.join("star.html"), "<div>\n{{ nope.x }}\n</div>\n").unwrap();
    let stderr = run(tmp.path(), &["build"], 1);
    assert!(
        stderr.contains("templates/partials/star.html:2:4: could not render guide/part/q.md"),
        "{stderr}"
    );
    assert!(stderr.contains("`nope` is not defined"), "{stderr}");
}
