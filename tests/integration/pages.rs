//! Page by page: the `<main>` of each kind of page, snapshotted, and theme overrides.

use std::fs;

use crate::support::*;

fn main_html(site: &Built, rel: &str) -> String {
    let doc = site.page(rel);
    let main = one(&doc, "main");
    main.inner_html()
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_kind_of_page_renders_its_main() {
    let site = build(&fixture("basic/guide"), None);
    insta::assert_snapshot!("home", main_html(&site, "index.html"));
    insta::assert_snapshot!("section", main_html(&site, "practice/index.html"));
    insta::assert_snapshot!("question", main_html(&site, "practice/question/index.html"));
    insta::assert_snapshot!(
        "checklist",
        main_html(&site, "practice/checklist/index.html")
    );
    insta::assert_snapshot!("not_found", main_html(&site, "404.html"));
}

#[test]
fn titles_with_html_are_escaped_everywhere() {
    let site = build(&fixture("basic/guide"), None);
    let raw = fs::read_to_string(site.out.join("practice/question/index.html")).unwrap();
    assert!(
        !raw.contains("<Pipeline>"),
        "a title's HTML must be escaped"
    );
    assert!(!raw.contains("<Guide>"));
    let doc = site.page("practice/question/index.html");
    assert!(reader_text(one(&doc, "h1")).contains("Design a <Pipeline>"));
    assert!(reader_text(one(&doc, "head > title")).contains("Basic <Guide> & Co"));
}

#[test]
fn highlighting_css_is_linked_only_by_pages_with_code() {
    let site = build(&fixture("basic/guide"), None);
    let with_code = site.page("practice/question/index.html");
    let hrefs: Vec<&str> = select(&with_code, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(hrefs.len(), 2, "{hrefs:?}");
    assert!(hrefs[1].starts_with("../../static/highlight."), "{hrefs:?}");
    assert!(
        site.out
            .join(hrefs[1].trim_start_matches("../../"))
            .is_file()
    );
    assert_eq!(
        select(
            &site.page("practice/checklist/index.html"),
            "link[rel=stylesheet]"
        )
        .len(),
        1
    );
}

#[test]
fn templates_and_static_files_beside_the_guide_override_the_theme() {
    let site = build(&fixture("override/guide"), None);
    let doc = site.page("index.html");
    let items: Vec<String> = select(&doc, "main ol.my-star li")
        .into_iter()
        .map(reader_text)
        .collect();
    assert_eq!(items, ["Situation", "Task", "Action", "Result"]);
    let css = one(&doc, "link[rel=stylesheet]")
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        fs::read_to_string(site.out.join(css.trim_start_matches("./"))).unwrap(),
        "body { color: hotpink; }\n"
    );
    assert!(
        select(&doc, "nav.site-nav").len() == 1,
        "the rest of the theme is still the default"
    );
}

/// Markdown written to read well on GitHub too has a `# ` heading under its front
/// matter's title: the page, its handout and the home page's print link show one title.
#[test]
fn a_page_with_a_heading_as_well_as_a_title_shows_one() {
    let (_tmp, guide) = write_guide(&[
        ("index.md", "---\ntitle: Home\n---\n# Welcome\n\nHello.\n"),
        (
            "part/index.md",
            "---\ntitle: Part\n---\n# Part\n\nIts pages.\n",
        ),
        (
            "part/q.md",
            "---\ntitle: A question\nkind: question\n---\n# A question\n\nAsked.\n",
        ),
    ]);
    let site = build(&guide, None);
    for rel in [
        "index.html",
        "part/index.html",
        "part/q/index.html",
        "handouts/part/index.html",
    ] {
        let doc = site.page(rel);
        let h1: Vec<String> = select(&doc, "h1").into_iter().map(reader_text).collect();
        assert_eq!(h1.len(), 1, "{rel}: {h1:?}");
    }
    let home = site.page("index.html");
    assert_eq!(reader_text(one(&home, "h1")), "Home");
    assert!(!reader_text(one(&home, "main")).contains("Welcome"));
    let warned = run(&guide, &["check", "--guide", guide.to_str().unwrap()], 0);
    assert!(warned.contains("two titles"), "{warned}");
}

/// The languages guides are written in are highlighted; a misspelt one is shown plain and
/// warned of at its fence, with the name meant.
#[test]
fn typescript_is_highlighted_and_a_misspelt_language_gets_the_closest_name() {
    let (tmp, guide) = write_guide(&[
        ("index.md", "---\ntitle: Home\n---\nSee [code](code.md).\n"),
        (
            "code.md",
            "---\ntitle: Code\n---\n```ts\nconst rows: number = 1;\n```\n\n\
             ```typscript\nconst x = 1;\n```\n",
        ),
    ]);
    let site = build(&guide, None);
    let doc = site.page("code/index.html");
    let blocks = select(&doc, "main pre");
    assert_eq!(blocks.len(), 2);
    let classes: Vec<&str> = select_in(blocks[0], "span")
        .iter()
        .filter_map(|s| s.value().attr("class"))
        .collect();
    assert!(
        classes.iter().any(|c| c.contains("hl-keyword")),
        "{classes:?}"
    );
    assert!(
        classes.iter().any(|c| c.contains("hl-constant")),
        "{classes:?}"
    );
    assert!(select_in(blocks[1], "span[class^=hl-]").is_empty());
    assert_eq!(reader_text(blocks[1]).trim(), "const x = 1;");
    let out = tmp.path().join("site");
    let built = run(
        tmp.path(),
        &["build", "--guide", "guide", "--out", out.to_str().unwrap()],
        0,
    );
    assert!(
        built.contains(
            "guide/code.md:8:4: no highlighting is known for the language \"typscript\": \
             did you mean \"typescript\"?"
        ),
        "{built}"
    );
}

/// Questions number themselves in order within their part; an explicit number wins and a
/// number used twice is warned of. A `[[name]]` that is both a page and a concept is
/// warned of and shows its target's name; a misspelt `related:` entry gets the page meant.
#[test]
fn questions_number_themselves_and_typos_get_suggestions() {
    let question = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\nkind: question\n{extra}---\nAsked.\n")
    };
    let (tmp, guide) = write_guide(&[
        ("index.md", "---\ntitle: Home\n---\nSee [[windowing]].\n"),
        (
            "streams/index.md",
            "---\ntitle: Stream processing\n---\nIts pages.\n",
        ),
        ("streams/windowing.md", &question("First", "order: 1\n")),
        ("streams/b.md", &question("Second", "order: 2\n")),
        ("streams/c.md", &question("Third", "order: 3\nnumber: 7\n")),
        ("streams/d.md", &question("Fourth", "order: 4\nnumber: 7\n")),
        (
            "concepts.yaml",
            "- id: windowing\n  name: Event-time windows\n  description: Grouping a stream.\n",
        ),
    ]);
    let site = build(&guide, None);
    let numbers: Vec<String> = ["windowing", "b", "c", "d"]
        .iter()
        .map(|q| site.page(&format!("streams/{q}/index.html")))
        .map(|doc| reader_text(one(&doc, "h1 .badge")))
        .collect();
    assert_eq!(
        numbers,
        ["Question 1", "Question 2", "Question 7", "Question 7"]
    );
    let home = site.page("index.html");
    let link = one(&home, "main .content a[href*=windowing]");
    assert_eq!(
        reader_text(link),
        "Event-time windows",
        "the concept, by its name"
    );

    let out = run(tmp.path(), &["check", "--guide", "guide"], 0);
    let shows = |out: &str, needle: &str| assert!(out.contains(needle), "{needle}\nin:\n{out}");
    shows(
        &out,
        "guide/streams/d.md:5:1: question number 7 is also guide/streams/c.md's",
    );
    shows(
        &out,
        "[[windowing]] names both the concept \"Event-time windows\" and the page",
    );

    let b = guide.join("streams/b.md");
    fs::write(
        &b,
        question("Second", "order: 2\nrelated: [../stream/windowing.md]\n"),
    )
    .unwrap();
    let out = run(tmp.path(), &["check", "--guide", "guide"], 1);
    shows(
        &out,
        "guide/streams/b.md:5:11: related page \"../stream/windowing.md\" does not exist",
    );
    shows(&out, "did you mean windowing.md?");
}

/// Practice mode's pieces are in the HTML, for practice.js to bring to life and to be
/// read without it: keyed checkboxes, the timer's steps, the progress summary.
#[test]
fn practice_controls_are_written_for_checklists_timers_and_the_home_page() {
    let site = build_shipped_guide();
    let list = site.page("preparation/checklist/index.html");
    let boxes = select(&list, "main li.task input[type=checkbox]");
    assert_eq!(boxes.len(), 16);
    let keys: Vec<&str> = boxes
        .iter()
        .filter_map(|b| b.value().attr("data-task"))
        .collect();
    assert_eq!(keys.len(), 16, "every box has a key");
    assert_eq!(
        keys.iter().collect::<std::collections::BTreeSet<_>>().len(),
        16
    );
    assert_eq!(keys[0], "review-sql-window-functions");
    assert!(boxes.iter().all(|b| b.value().attr("disabled").is_none()));
    assert_eq!(select(&list, "[data-checklist-progress]").len(), 1);
    let nav = one(&list, ".site-nav a[aria-current=page]");
    assert_eq!(nav.value().attr("data-tasks"), Some("16"));

    let question = site.page("system-design/real-time-analytics/index.html");
    let timer = one(&question, "main section.practice[data-timer]");
    let steps: Vec<String> = select_in(timer, ".timer-step")
        .into_iter()
        .map(|step| {
            reader_text(step)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        steps,
        [
            "Clarify requirements 5 min",
            "Estimate scale 3 min",
            "High-level design 10 min",
            "Deep dive 15 min",
            "Wrap up 5 min"
        ]
    );
    let from = one(&question, "section.practice .practice-intro a");
    assert_eq!(from.value().attr("href"), Some("../framework/"));
    assert_eq!(select(&question, ".practice-done").len(), 1);

    let framework = site.page("system-design/framework/index.html");
    assert_eq!(
        reader_text(one(&framework, "section.practice h2")),
        "Practice timer"
    );
    assert!(
        select(&framework, ".practice-done").is_empty(),
        "not a question"
    );
    let behavioral = site.page("behavioral/challenging-pipeline/index.html");
    assert!(
        select(&behavioral, "section.practice").is_empty(),
        "its part has no timer"
    );
    assert_eq!(select(&behavioral, ".star-card .star-practice").len(), 1);

    let home = site.page("index.html");
    let progress = one(&home, "[data-practice-progress]");
    let questions = select_in(progress, "[data-progress-questions]");
    assert_eq!(
        questions[0].value().attr("data-progress-questions"),
        Some("9")
    );
    let lists = select_in(progress, "li[data-tasks]");
    assert_eq!(lists.len(), 1);
    assert_eq!(
        lists[0].value().attr("data-page"),
        Some("preparation/checklist/")
    );
}
