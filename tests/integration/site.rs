//! The shipped guide builds into a complete, navigable site.

use std::collections::BTreeSet;
use std::fs;

use scraper::Html;

use crate::support::*;

const QUESTIONS: &[(&str, u32, &str)] = &[
    (
        "system-design/real-time-analytics/",
        1,
        "Design a Data Pipeline for Real-Time Analytics",
    ),
    (
        "system-design/data-warehouse/",
        2,
        "Design a Data Warehouse",
    ),
    (
        "system-design/feature-store/",
        3,
        "Design a Feature Store for ML",
    ),
    (
        "system-design/event-driven-platform/",
        4,
        "Design an Event-Driven Data Platform",
    ),
    (
        "behavioral/challenging-pipeline/",
        1,
        "\"Tell me about a challenging data pipeline you built\"",
    ),
    (
        "behavioral/data-quality/",
        2,
        "\"Tell me about a time you dealt with data quality issues\"",
    ),
    (
        "behavioral/disagreements/",
        3,
        "\"How do you handle disagreements with team members?\"",
    ),
    (
        "behavioral/learning-quickly/",
        4,
        "\"Tell me about a time you had to learn something quickly\"",
    ),
    (
        "behavioral/prioritizing/",
        5,
        "\"Describe a time when you had to prioritize multiple urgent tasks\"",
    ),
];

#[test]
fn every_question_has_its_page_with_number_badge() {
    let site = build_shipped_guide();
    assert_eq!(site.summary.questions, QUESTIONS.len());
    for (url, number, title) in QUESTIONS {
        let doc = site.page(&format!("{url}index.html"));
        let h1 = one(&doc, "h1");
        let badge = one(&doc, "h1 .badge");
        assert_eq!(
            reader_text(badge).trim(),
            format!("Question {number}"),
            "{url}"
        );
        let text = reader_text(h1);
        assert!(text.ends_with(title), "{url}: h1 is {text:?}");
        let file = format!("{url}index.html");
        let marked = one(&doc, ".site-nav [aria-current=page]");
        assert_eq!(
            resolve_href(&file, marked.value().attr("href").unwrap()),
            Some((file.clone(), None)),
            "{url}: the sidebar marks the current page"
        );
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = build_shipped_guide();
    let (checked, broken) = broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn every_page_is_reachable_from_the_home_page() {
    let site = build_shipped_guide();
    let mut seen = BTreeSet::new();
    let mut queue = vec!["index.html".to_string()];
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let doc = site.page(&path);
        let links = select(&doc, "main a[href], nav a[href]").into_iter();
        let forms = select(&doc, "header form[action]").into_iter();
        let targets = links
            .map(|a| a.value().attr("href").unwrap())
            .chain(forms.map(|f| f.value().attr("action").unwrap()));
        for target in targets {
            if let Some((file, _)) = resolve_href(&path, target) {
                if file.ends_with(".html") {
                    queue.push(file);
                }
            }
        }
    }
    let pages: BTreeSet<String> = site
        .html_files()
        .into_keys()
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(seen, pages);
    let concept_pages = pages.iter().filter(|p| p.starts_with("concepts/")).count();
    let handouts = pages.iter().filter(|p| p.starts_with("handouts/")).count();
    assert!(
        pages.contains("search/index.html"),
        "the header's form leads to search"
    );
    assert_eq!(
        pages.len() - concept_pages - handouts,
        19 + 1,
        "19 pages and search"
    );
    assert_eq!(handouts, 14, "13 handouts and their list");
    assert!(concept_pages >= 36, "the glossary and a page per concept");
}

#[test]
fn builds_are_byte_identical() {
    let first = site_contents(&build_shipped_guide().out);
    let second = site_contents(&build_shipped_guide().out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &first {
        assert!(*bytes == second[file], "{file} differs between two builds");
    }
}

#[test]
fn hosting_files_are_written() {
    let site = build(
        &repo().join("guide"),
        Some("https://example.github.io/guidebook"),
    );
    assert!(site.out.join(".nojekyll").is_file());
    assert!(site.out.join("404.html").is_file());
    let robots = fs::read_to_string(site.out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.github.io/guidebook/sitemap.xml"));
    let sitemap = fs::read_to_string(site.out.join("sitemap.xml")).unwrap();
    let locs = sitemap
        .matches("<loc>https://example.github.io/guidebook/")
        .count();
    let concepts = sitemap
        .matches("<loc>https://example.github.io/guidebook/concepts/")
        .count();
    assert_eq!(locs - concepts, 19, "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.github.io/guidebook/concepts/kafka/</loc>"));
    assert!(sitemap.contains("<loc>https://example.github.io/guidebook/behavioral/tips/</loc>"));
    let doc = site.page("behavioral/tips/index.html");
    assert_eq!(
        one(&doc, "link[rel=canonical]").value().attr("href"),
        Some("https://example.github.io/guidebook/behavioral/tips/")
    );
    let not_found = site.page("404.html");
    for a in select(&not_found, "a[href]") {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with("https://example.github.io/guidebook/") || href.starts_with('#'),
            "404.html must work at any depth, but links to {href}"
        );
    }
}

#[test]
fn without_a_base_url_there_is_no_sitemap() {
    let site = build_shipped_guide();
    assert!(!site.out.join("sitemap.xml").exists());
    assert_eq!(
        fs::read_to_string(site.out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n"
    );
    assert!(select(&site.page("index.html"), "link[rel=canonical]").is_empty());
}

#[test]
fn theme_assets_are_fingerprinted_and_highlighting_loads_only_where_needed() {
    let site = build_shipped_guide();
    let statics = files_under(&site.out.join("static"));
    assert!(
        statics
            .iter()
            .any(|f| f.starts_with("style.") && f.ends_with(".css") && f != "style.css"),
        "{statics:?}"
    );
    let doc = site.page("system-design/phrases/index.html");
    let sheets: Vec<&str> = select(&doc, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(
        sheets.len(),
        1,
        "no code on this page, so no highlight.css: {sheets:?}"
    );
}

#[test]
fn for_github_pages_every_link_is_relative_and_every_page_has_canonical_and_og_tags() {
    let site = build(
        &repo().join("guide"),
        Some("https://example.github.io/guidebook/"),
    );
    let files = site.html_files();
    assert!(files.len() > 50);
    for (path, html) in &files {
        let doc = Html::parse_document(html);
        for element in select(&doc, "a[href], link[href], script[src], img[src]") {
            let attr = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if path != "404.html" {
                assert!(
                    !attr.starts_with('/'),
                    "{path}: {attr} breaks under /guidebook/"
                );
            }
            let internal_absolute = attr.starts_with("https://example.github.io/");
            let is_canonical = element.value().attr("rel") == Some("canonical");
            if path != "404.html" && !is_canonical {
                assert!(!internal_absolute, "{path}: {attr} should be relative");
            }
        }
        if path == "404.html" {
            continue;
        }
        let url = format!(
            "https://example.github.io/guidebook/{}",
            path.trim_end_matches("index.html")
        );
        assert_eq!(
            one(&doc, "link[rel=canonical]").value().attr("href"),
            Some(url.as_str()),
            "{path}"
        );
        assert_eq!(
            one(&doc, "meta[property='og:url']").value().attr("content"),
            Some(url.as_str()),
            "{path}"
        );
        for property in ["og:title", "og:type", "og:site_name"] {
            let meta = one(&doc, &format!("meta[property='{property}']"));
            assert!(
                !meta.value().attr("content").unwrap_or("").is_empty(),
                "{path}: {property}"
            );
        }
    }
}

/// Files whose names need escaping in an href (`%`, `#`, spaces) are linked, copied and
/// found by the link check; the href leads a browser to the file.
#[test]
fn files_with_escaped_names_link_and_land() {
    let (_tmp, guide) = write_guide(&[
        (
            "index.md",
            "# Home\n\n![chart](img/100%25%20done.png) and [notes](img/a%23b.txt).\n",
        ),
        ("img/100% done.png", "png"),
        ("img/a#b.txt", "notes"),
    ]);
    let site = build(&guide, None);
    let page = site.page("index.html");
    let img = one(&page, "main img").attr("src").unwrap().to_string();
    let link = one(&page, "main a[href*='a%23b']").attr("href").unwrap();
    assert_eq!(
        (img.as_str(), link),
        ("img/100%25%20done.png", "img/a%23b.txt")
    );
    let (checked, broken) = broken_links(&site);
    assert!(checked > 0 && broken.is_empty(), "{broken:?}");
    assert_eq!(
        fs::read(site.out.join("img/100% done.png")).unwrap(),
        b"png"
    );
}
