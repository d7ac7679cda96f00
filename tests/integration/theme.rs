//! What a guide's author changes without copying the theme: the edit link, their own
//! stylesheet, the exported theme and its documentation.

use crate::support::*;

const PAGES: &[(&str, &str)] = &[
    ("index.md", "---\ntitle: Home\n---\nHello.\n"),
    ("part/index.md", "---\ntitle: Part\n---\nIts pages.\n"),
    (
        "part/my q.md",
        "---\ntitle: A question\nkind: question\n---\nAsked.\n",
    ),
];

fn edit_links(site: &Built) -> Vec<(String, String)> {
    ["index.html", "part/index.html", "part/my-q/index.html"]
        .into_iter()
        .map(|rel| {
            let doc = site.page(rel);
            let link = one(&doc, "main .edit-link a");
            (
                reader_text(link),
                link.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_page_links_to_its_source_when_the_repository_is_known() {
    let mut files = PAGES.to_vec();
    files.push((
        "guide.yaml",
        "title: T\nrepository: https://github.com/u/r/\n",
    ));
    let (_tmp, guide) = write_guide(&files);
    let site = build(&guide, None);
    let base = "https://github.com/u/r/edit/main/guide";
    let wanted: Vec<(String, String)> = ["index.md", "part/index.md", "part/my%20q.md"]
        .iter()
        .map(|p| ("Edit this page".to_string(), format!("{base}/{p}")))
        .collect();
    assert_eq!(edit_links(&site), wanted);
    let handout = site.page("handouts/part/index.html");
    assert!(
        select(&handout, ".edit-link").is_empty(),
        "paper has no edit link"
    );
}

#[test]
fn edit_url_overrides_the_address_the_repository_implies() {
    let mut files = PAGES.to_vec();
    let yaml = "title: T\nrepository: https://github.com/u/r\n\
                edit_url: https://example.org/edit?file=docs/{path}\n";
    files.push(("guide.yaml", yaml));
    let (_tmp, guide) = write_guide(&files);
    let site = build(&guide, None);
    let hrefs: Vec<String> = edit_links(&site).into_iter().map(|(_, h)| h).collect();
    assert_eq!(
        hrefs[2],
        "https://example.org/edit?file=docs/part/my%20q.md"
    );
}

#[test]
fn without_a_repository_pages_have_no_edit_link() {
    let (_tmp, guide) = write_guide(PAGES);
    let site = build(&guide, None);
    assert!(select(&site.page("part/my-q/index.html"), ".edit-link").is_empty());
}

#[test]
fn an_edit_url_without_a_path_is_an_error_at_its_line() {
    let mut files = PAGES.to_vec();
    files.push((
        "guide.yaml",
        "title: T\nedit_url: https://example.org/edit\n",
    ));
    let (_tmp, guide) = write_guide(&files);
    let out = run(&guide, &["check", "--guide", guide.to_str().unwrap()], 1);
    assert!(out.contains("guide.yaml:2"), "{out}");
    assert!(out.contains("has no {path}"), "{out}");
}

/// A guide project: its pages under `guide/`, and `(path, text)` files beside them.
fn project(beside: &[(&str, &str)], yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut files = PAGES.to_vec();
    files.push(("guide.yaml", yaml));
    let (tmp, guide) = write_guide(&files);
    for (path, text) in beside {
        let file = tmp.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    (tmp, guide)
}

/// The stylesheets a page loads, in order, each as the file it names in the site.
fn stylesheets(site: &Built, rel: &str) -> Vec<String> {
    let doc = site.page(rel);
    select(&doc, "head link[rel=stylesheet]")
        .into_iter()
        .map(|l| {
            let (file, _) = resolve_href(rel, l.value().attr("href").unwrap()).unwrap();
            std::fs::read_to_string(site.out.join(&file)).unwrap()
        })
        .collect()
}

#[test]
fn custom_css_and_extra_css_load_after_the_themes_stylesheet() {
    let (_tmp, guide) = project(
        &[
            ("static/custom.css", ":root { --accent: rebeccapurple; }\n"),
            ("static/brand/fonts.css", ":root { --font-body: serif; }\n"),
        ],
        "title: T\nextra_css: [brand/fonts.css]\n",
    );
    let site = build(&guide, None);
    for rel in [
        "index.html",
        "part/my-q/index.html",
        "404.html",
        "handouts/part/index.html",
    ] {
        let sheets = stylesheets(&site, rel);
        assert!(
            sheets[0].contains("guidebook default theme"),
            "{rel}: the theme's first"
        );
        let own: Vec<&str> = sheets
            .iter()
            .map(String::as_str)
            .filter(|s| s.starts_with(":root"))
            .collect();
        assert_eq!(
            own,
            [
                ":root { --font-body: serif; }\n",
                ":root { --accent: rebeccapurple; }\n"
            ],
            "{rel}"
        );
        let theme_pos = sheets
            .iter()
            .position(|s| s.contains("guidebook default theme"));
        let own_pos = sheets.iter().position(|s| s.starts_with(":root")).unwrap();
        assert!(theme_pos < Some(own_pos), "{rel}");
    }
}

#[test]
fn an_extra_css_entry_that_is_not_in_static_gets_the_closest_name() {
    let (tmp, guide) = project(
        &[("static/brand.css", "a{}")],
        "title: T\nextra_css:\n  - brnad.css\n  - https://fonts.example/x.css\n",
    );
    let out = run(
        tmp.path(),
        &["check", "--guide", guide.to_str().unwrap()],
        1,
    );
    assert!(
        out.contains("guide.yaml:3:1: extra_css entry \"brnad.css\" is not in static/: did you mean \"brand.css\"?"),
        "{out}"
    );
    assert!(
        out.contains(
            "guide.yaml:4:1: extra_css entry \"https://fonts.example/x.css\" is an address"
        ),
        "{out}"
    );
}

#[test]
fn a_misspelt_override_is_a_warning_with_the_closest_theme_file() {
    let (tmp, guide) = project(
        &[
            ("templates/partials/starr.html", "mine"),
            (
                "templates/page.html",
                "{% include \"partials/mine.html\" %}",
            ),
            ("templates/partials/mine.html", "included, so meant"),
            ("static/styles.css", "body{}"),
            ("static/logo.svg", "<svg/>"),
        ],
        "title: T\n",
    );
    let out = run(
        tmp.path(),
        &["check", "--guide", guide.to_str().unwrap()],
        0,
    );
    let warned: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("warning:") && l.contains("theme"))
        .collect();
    assert_eq!(warned.len(), 2, "{out}");
    assert!(
        warned[0].contains(
            "static/styles.css: this file matches no theme file: did you mean static/style.css?"
        ),
        "{out}"
    );
    assert!(
        warned[1].contains(
            "templates/partials/starr.html: this file overrides no theme template: \
             did you mean templates/partials/star.html?"
        ),
        "{out}"
    );
}

/// `guidebook theme` writes the theme a build uses, so a guide builds the same site with
/// it beside the guide; a second run overwrites nothing, not even an edited file.
#[test]
fn the_exported_theme_builds_the_same_site_and_is_never_overwritten() {
    let (tmp, guide) = project(&[], "title: T\n");
    let before = build(&guide, None);
    let out = run(tmp.path(), &["theme"], 0);
    assert!(out.contains("wrote the theme's"), "{out}");
    assert!(tmp.path().join("templates/partials/star.html").is_file());
    let after = build(&guide, None);
    assert_eq!(site_contents(&after.out), site_contents(&before.out));

    let edited = tmp.path().join("static/style.css");
    std::fs::write(&edited, "mine").unwrap();
    let refused = run(tmp.path(), &["theme"], 2);
    assert!(refused.contains("never overwrites"), "{refused}");
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "mine");

    let elsewhere = tmp.path().join("other");
    run(tmp.path(), &["theme", elsewhere.to_str().unwrap()], 0);
    assert!(elsewhere.join("templates/base.html").is_file());
}

/// The HTML the markdown passes write (headings, code, task and do/don't items, concept
/// links) and the files beside the pages come from partials a project overrides.
#[test]
fn every_generated_piece_of_html_comes_from_an_overridable_template() {
    let (tmp, guide) = project(
        &[
            (
                "templates/partials/heading.html",
                "<h{{ level }} id=\"{{ id }}\" data-mine>{{ content | safe }}</h{{ level }}>",
            ),
            (
                "templates/partials/code.html",
                "<pre data-mine{% if language %} data-lang=\"{{ language }}\"{% endif %}>{{ code | safe }}</pre>",
            ),
            (
                "templates/partials/task-item.html",
                "<li data-mine=\"{% if checked %}done{% else %}todo{% endif %}\">{{ content | safe }}</li>",
            ),
            (
                "templates/partials/mark-item.html",
                "<li data-mine=\"{{ kind }}\">{{ content | safe }}</li>",
            ),
            (
                "templates/partials/concept-link.html",
                "<a href=\"{{ href }}\" title=\"{{ name }}\" data-mine>{{ text }}</a>",
            ),
            (
                "templates/robots.txt",
                "User-agent: *\nDisallow: /drafts/\n",
            ),
        ],
        "title: T\n",
    );
    let page = "---\ntitle: Page\n---\nSee [a question](part/my%20q.md) on Kafka.\n\n\
                ## Steps\n\n```sql\nSELECT 1;\n```\n\n- [x] done\n- [ ] to do\n\n\
                - ✅ do this\n- ❌ not that\n";
    std::fs::write(guide.join("index.md"), page).unwrap();
    std::fs::write(
        guide.join("concepts.yaml"),
        "- id: kafka\n  name: Apache Kafka\n  aliases: [Kafka]\n",
    )
    .unwrap();
    let site = build(&guide, None);
    let doc = site.page("index.html");
    let attr = |css: &str, name: &str| -> Vec<String> {
        select(&doc, css)
            .iter()
            .map(|e| e.value().attr(name).unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(attr("main h2[data-mine]", "id"), ["steps"]);
    assert_eq!(attr("main pre[data-mine]", "data-lang"), ["sql"]);
    assert_eq!(
        attr("main li[data-mine]", "data-mine"),
        ["done", "todo", "do", "dont"]
    );
    assert_eq!(attr("main a[data-mine]", "title"), ["Apache Kafka"]);
    assert_eq!(
        std::fs::read_to_string(site.out.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    drop(tmp);
}

#[test]
fn a_snippet_partial_that_changes_a_value_is_refused_with_its_file() {
    let (tmp, guide) = project(
        &[(
            "templates/partials/concept-link.html",
            "<a href=\"{{ href }}\">{{ text | upper }}</a>",
        )],
        "title: T\n",
    );
    let out = run(
        tmp.path(),
        &["check", "--guide", guide.to_str().unwrap()],
        1,
    );
    assert!(
        out.contains("templates/partials/concept-link.html"),
        "{out}"
    );
    assert!(out.contains("with a filter"), "{out}");
}
