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
