//! The search index as a built site holds it: every word of a page where a reader would
//! look for it (title, heading, text, table, diagram label, code identifier, concept
//! alias), each pointing at its section; files a browser loads as scripts; and a guide
//! that turns search off gets none of it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::{build, select, write_guide};

/// Where a term is on a document: (document, field, section). Fields: 0 body, 1 concept,
/// 2 heading, 3 title.
type Place = (u64, u64, u64);

const ALPHABET: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// A posting list as the page script decodes it.
fn decode(list: &str) -> Vec<Place> {
    let mut numbers = Vec::new();
    let mut n = 0;
    for c in list.chars() {
        let d = ALPHABET.find(c).unwrap() as u64;
        if d >= 32 {
            n = n * 32 + d - 32;
        } else {
            numbers.push(n * 32 + d);
            n = 0;
        }
    }
    let mut doc = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            doc += pair[0] / 4;
            (doc, pair[0] % 4, pair[1])
        })
        .collect()
}

/// The string a shard file passes to `guidebookSearch.shard(kind, n, "...")`.
fn shard_text(js: &str) -> String {
    let start = js.find(",\"").unwrap() + 2;
    let end = js.rfind("\");").unwrap();
    js[start..end].to_string()
}

/// Every term of the built site's index, with its places.
fn terms(out: &Path) -> BTreeMap<String, Vec<Place>> {
    let mut terms = BTreeMap::new();
    for entry in fs::read_dir(out.join("search/t")).unwrap() {
        let js = fs::read_to_string(entry.unwrap().path()).unwrap();
        for item in shard_text(&js).split(',') {
            let (term, list) = item.split_once(' ').unwrap();
            terms.insert(term.to_string(), decode(list));
        }
    }
    terms
}

const PAGE: &str = "---\ntitle: Streaming ETL\n---\n\nIntro about pipelines.\n\n## Käse und Wurst {#kase}\n\nThe `user_id` column and getUserName() in 数据仓库.\n\n| Store | Latency |\n|---|---|\n| ClickHouse | sub-second |\n\n```diagram\n┌───────┐    ┌────────┐\n│ Kafka │───▶│ Router │\n└───────┘    └────────┘\n```\n\n## Story\n\nWe used change data capture.\n";

fn guide() -> (tempfile::TempDir, std::path::PathBuf) {
    write_guide(&[
        ("index.md", "# Home\n\nWelcome.\n"),
        ("part/page.md", PAGE),
        (
            "concepts.yaml",
            "- id: cdc\n  name: Debezium / CDC\n  aliases: [CDC, change data capture]\n  description: Streams changes.\n",
        ),
    ])
}

#[test]
fn every_word_is_indexed_at_its_best_place_and_section() {
    let (_tmp, guide) = guide();
    let site = build(&guide, None);
    let terms = terms(&site.out);
    // Documents: the home page (0), the page (1), then the concept's page (2).
    let at = |term: &str| terms.get(term).cloned().unwrap_or_default();
    assert_eq!(at("streaming"), [(1, 3, 0)], "title");
    assert_eq!(
        at("pipelines"),
        [(1, 0, 0)],
        "text before the first heading"
    );
    assert_eq!(at("käse"), [(1, 2, 1)], "a heading, non-ASCII, section 1");
    assert_eq!(at("user_id"), [(1, 0, 1)], "a code identifier, whole");
    assert_eq!(at("getusername"), [(1, 0, 1)]);
    for part in ["user", "get", "name"] {
        assert_eq!(at(part), [(1, 0, 1)], "{part}: a part of an identifier");
    }
    assert_eq!(at("数"), [(1, 0, 1)], "ideographs one by one");
    assert_eq!(at("clickhouse"), [(1, 0, 1)], "a table cell");
    assert_eq!(at("router"), [(1, 0, 1)], "a diagram's label");
    // "CDC" is an alias of a concept the page mentions in section 2: a concept hit there;
    // on the concept's own page it is an alias, and its name is the title.
    assert_eq!(at("cdc"), [(1, 1, 2), (2, 3, 0)]);
    assert_eq!(at("debezium"), [(1, 0, 2), (2, 3, 0)]);
    assert!(
        !terms.contains_key("the"),
        "common English words are left out"
    );
}

#[test]
fn documents_carry_each_sections_anchor_heading_and_text() {
    let (_tmp, guide) = guide();
    let site = build(&guide, None);
    let docs = fs::read_to_string(site.out.join("search/d/0.js")).unwrap();
    assert!(
        docs.starts_with("guidebookSearch.shard(\"d\",0,["),
        "{docs}"
    );
    assert!(
        docs.contains("[\"Streaming ETL\",\"part/page/\",[[\"\",\"\",\"Intro about pipelines.\"],[\"kase\",\"Käse und Wurst\",\"The user_id column and getUserName() in 数据仓库. Store Latency ClickHouse sub-second Kafka Router\"],[\"story\",\"Story\",\"We used change data capture.\"]]]"),
        "{docs}"
    );
    let meta = fs::read_to_string(site.out.join("search/index.js")).unwrap();
    assert!(meta.contains("\"pages\":2,\"docs\":3,"), "{meta}");
}

#[test]
fn text_a_guide_writes_cannot_break_out_of_its_script() {
    let (_tmp, guide) = write_guide(&[
        ("index.md", "# Home\n"),
        (
            "a.md",
            "# </script><script>alert(1)</script>\n\nA \"quote\" \\ back\u{2028}slash.\n",
        ),
    ]);
    let site = build(&guide, None);
    let docs = fs::read_to_string(site.out.join("search/d/0.js")).unwrap();
    assert!(!docs.contains("</script>"), "{docs}");
    assert!(docs.contains("\\u003c/script\\u003e"), "{docs}");
    assert!(
        docs.contains("A \\\"quote\\\" \\\\ back\\u2028slash."),
        "{docs}"
    );
}

#[test]
fn every_page_has_the_search_box_and_the_search_page_reads_the_query() {
    let (_tmp, guide) = guide();
    let site = build(&guide, None);
    let page = site.page("part/page/index.html");
    let forms = select(&page, "header form[role=search]");
    assert_eq!(forms.len(), 1);
    let form = forms[0].value();
    assert_eq!(form.attr("action"), Some("../../search/index.html"));
    assert_eq!(form.attr("data-index"), Some("../../search/index.js"));
    assert_eq!(select(&page, "header input[name=q][type=search]").len(), 1);
    assert_eq!(select(&page, "label[for=search-input]").len(), 1);
    let search = site.page("search/index.html");
    let noscript: Vec<String> = select(&search, "main noscript")
        .iter()
        .map(|n| n.inner_html())
        .collect();
    assert!(
        noscript[0].contains("Search needs JavaScript"),
        "{noscript:?}"
    );
    assert_eq!(select(&search, "main form input[name=q]").len(), 1);
}

#[test]
fn search_false_leaves_search_out() {
    let (_tmp, guide) = guide();
    fs::write(guide.join("guide.yaml"), "title: T\nsearch: false\n").unwrap();
    let site = build(&guide, None);
    assert!(!site.out.join("search").exists());
    let page = site.page("part/page/index.html");
    assert!(select(&page, "form[role=search]").is_empty());
    assert!(
        select(&page, "script[src]").iter().all(|s| !s
            .value()
            .attr("src")
            .unwrap()
            .contains("search"))
    );
}
