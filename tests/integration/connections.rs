//! Cross-links: concept pages, related questions, backlinks, and link checking.

use std::collections::BTreeSet;

use scraper::Html;

use crate::support::*;

fn related_hrefs(doc: &Html) -> Vec<String> {
    select(doc, ".related-list > li > a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn every_question_has_at_least_two_related_questions() {
    let site = build_shipped_guide();
    let files = site.html_files();
    let questions: Vec<&String> = files
        .iter()
        .filter(|(_, html)| html.contains("<body class=\"kind-question\" "))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(questions.len(), 9);
    for path in questions {
        let doc = site.page(path);
        let related = related_hrefs(&doc);
        assert!(related.len() >= 2, "{path}: only {related:?}");
        for href in &related {
            let (target, _) = resolve_href(path, href).unwrap();
            assert!(
                site.out.join(&target).is_file(),
                "{path}: related {href} missing"
            );
            assert_ne!(&target, path, "{path} is related to itself");
        }
        let shared = select(&doc, ".related-list .shared");
        assert!(
            !shared.is_empty(),
            "{path}: related questions name what they share"
        );
    }
}

#[test]
fn behavioral_answers_relate_to_the_system_design_questions_they_echo() {
    let site = build_shipped_guide();
    let doc = site.page("behavioral/challenging-pipeline/index.html");
    let related = related_hrefs(&doc);
    for expected in [
        "../../system-design/real-time-analytics/",
        "../../system-design/data-warehouse/",
    ] {
        assert!(
            related.contains(&expected.to_string()),
            "{expected} not in {related:?}"
        );
    }
    let texts: Vec<String> = select(&doc, ".related-list li")
        .into_iter()
        .map(reader_text)
        .collect();
    let warehouse = texts
        .iter()
        .find(|t| t.contains("Design a Data Warehouse"))
        .unwrap();
    assert!(
        warehouse.contains("also uses") && warehouse.contains("Delta Lake"),
        "{warehouse}"
    );
}

#[test]
fn related_block_of_the_first_question() {
    let site = build_shipped_guide();
    let doc = site.page("system-design/real-time-analytics/index.html");
    let block: Vec<String> = select(&doc, ".concept-chips, .related, .backlinks")
        .into_iter()
        .map(|e| e.html())
        .collect();
    insta::assert_snapshot!(block.join("\n"));
}

#[test]
fn every_concept_page_lists_its_mentions() {
    let site = build_shipped_guide();
    let glossary = site.page("concepts/index.html");
    let entries = select(&glossary, ".glossary-list dt a");
    assert!(entries.len() >= 35, "only {} concepts", entries.len());
    let names: Vec<String> = entries
        .iter()
        .map(|e| reader_text(*e).to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the glossary is A to Z");
    for entry in entries {
        let href = entry.value().attr("href").unwrap();
        let (file, _) = resolve_href("concepts/index.html", href).unwrap();
        let doc = site.page(&file);
        let snippets = select(&doc, ".snippets a");
        assert!(!snippets.is_empty(), "{file} lists no mention");
        for snippet in snippets {
            let href = snippet.value().attr("href").unwrap();
            assert!(href.starts_with("../../"), "{file}: {href}");
        }
    }
}

#[test]
fn concept_mentions_link_to_their_concept_pages() {
    let site = build_shipped_guide();
    let doc = site.page("system-design/real-time-analytics/index.html");
    let links: BTreeSet<String> = select(&doc, ".content a.concept")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for concept in [
        "kafka",
        "flink",
        "clickhouse",
        "delta-lake",
        "schema-registry",
        "exactly-once",
    ] {
        assert!(
            links.contains(&format!("../../concepts/{concept}/")),
            "{concept} not linked: {links:?}"
        );
    }
    let in_headings = select(&doc, ".content h2 a.concept, .content h3 a.concept");
    assert!(in_headings.is_empty(), "headings are never linked");
}

#[test]
fn the_framework_steps_link_to_each_questions_sections() {
    let site = build_shipped_guide();
    let doc = site.page("system-design/framework/index.html");
    let hrefs: Vec<String> = select(&doc, ".content table a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for expected in [
        "../real-time-analytics/#clarifying-questions",
        "../data-warehouse/#clarifying-questions",
        "../feature-store/#architecture",
        "../event-driven-platform/#key-components",
        "../data-warehouse/#key-points",
    ] {
        assert!(
            hrefs.contains(&expected.to_string()),
            "{expected} not in {hrefs:?}"
        );
    }
    let target = site.page("system-design/real-time-analytics/index.html");
    let backlinks: Vec<String> = select(&target, ".backlinks a")
        .into_iter()
        .map(reader_text)
        .collect();
    assert!(
        backlinks
            .iter()
            .any(|t| t.contains("The System Design Framework")),
        "{backlinks:?}"
    );
}

#[test]
fn broken_links_and_anchors_are_all_reported_with_their_lines() {
    let fixture = fixture("invalid/broken-links");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let stderr = run(&fixture, &["build", "--out", out.to_str().unwrap()], 1);
    for expected in [
        "  1. guide/index.md:5:3: link to \"part/question.md#clarifying-question\": no heading \"clarifying-question\" in part/question.md (did you mean \"#clarifying-questions\"?)",
        "  2. guide/index.md:6:3: link to \"part/missing.md\": no page part/missing.md in the guide",
        "  3. guide/index.md:7:3: wiki link [[Kafak]]: no concept or page named \"Kafak\" (did you mean [[Kafka]]?)",
        "  4. guide/part/index.md:5:5: link to \"../index.md#introduction\": no heading \"introduction\" in index.md",
        "  5. guide/part/index.md:5:47: link to \"question.md#key-points\": no heading \"key-points\" in part/question.md (its headings are #clarifying-questions)",
        "  6. guide/part/question.md:9:9: link to \"index.md#nothing-here\": no heading \"nothing-here\" in part/index.md (that page has no headings)",
        "6 problems in the guide",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected:?} missing from:\n{stderr}"
        );
    }
    assert!(!out.exists(), "a failed build writes nothing");
    let check = run(&fixture, &["check"], 1);
    assert!(check.contains("6 problems in the guide"), "{check}");
}

#[test]
fn links_that_templates_add_are_checked_too() {
    let stderr = run(&fixture("invalid/template-link"), &["check"], 1);
    assert!(
        stderr.contains("guide/index.md: the page links to \"./about/\", but the build writes no about/index.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the page links to \"#glossary\", but no element has that id"),
        "{stderr}"
    );
}

#[test]
fn check_warns_and_strict_check_fails() {
    let fixture = fixture("warnings");
    let relaxed = run(&fixture, &["check"], 0);
    assert!(
        relaxed.contains("warning: guide/concepts.yaml:4:1: concept \"flink\" is never mentioned"),
        "{relaxed}"
    );
    assert!(
        relaxed.contains("warning: guide/part/lonely.md:1:1: no page links to this page"),
        "{relaxed}"
    );
    assert!(
        relaxed.contains("guidebook: checked 3 pages: no errors"),
        "{relaxed}"
    );
    let strict = run(&fixture, &["check", "--strict"], 1);
    assert!(strict.contains("2 problems in the guide"), "{strict}");
    // check writes nothing, so it does not speak of a site left as it was.
    assert!(
        strict
            .trim_end()
            .ends_with("error: 2 problems in the guide"),
        "{strict}"
    );
}

#[test]
fn the_shipped_guide_warns_only_about_its_hand_drawn_diagrams() {
    let out = run(&repo(), &["check"], 0);
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("warning:")).collect();
    assert!(!warnings.is_empty());
    for warning in &warnings {
        let repaired = [
            "moved it onto the edge",
            "drew it in line",
            "drew the label narrower",
        ];
        assert!(
            warning.contains("guide/system-design/")
                && repaired.iter().any(|r| warning.contains(r)),
            "only the seed's diagrams, kept as written, need repairs: {warning}"
        );
    }
    let strict = run(&repo(), &["check", "--strict"], 1);
    assert!(
        strict.contains(&format!("{} problems in the guide", warnings.len())),
        "{strict}"
    );
}

/// Names that start with no letter A-Z gather under one "#" group, first, so every
/// initial in the glossary's index leads to one group.
#[test]
fn the_glossary_has_one_group_per_initial() {
    let concepts: String = ["avro: Avro", "tpc: 3PC", "kafka: Kafka", "ueb: Übergang"]
        .iter()
        .map(|c| {
            let (id, name) = c.split_once(": ").unwrap();
            format!("- id: {id}\n  name: {name}\n")
        })
        .collect();
    let (_tmp, guide) = write_guide(&[
        ("index.md", "# Home\n\nAvro, 3PC, Kafka and Übergang.\n"),
        ("concepts.yaml", &concepts),
    ]);
    let site = build(&guide, None);
    let glossary = site.page("concepts/index.html");
    let groups: Vec<(String, Vec<String>)> = select(&glossary, "section.letter-group")
        .into_iter()
        .map(|g| {
            let names = select_in(g, "dt a").into_iter().map(reader_text).collect();
            (reader_text(select_in(g, "h2")[0]), names)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "#".to_string(),
                vec!["3PC".to_string(), "Übergang".to_string()]
            ),
            ("A".to_string(), vec!["Avro".to_string()]),
            ("K".to_string(), vec!["Kafka".to_string()]),
        ]
    );
}
