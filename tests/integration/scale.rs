//! Large guides: a page weighs the same in a guide of 200 pages as in one of 2,000, every
//! link of a big site lands, and a rebuild after editing one page rewrites only the
//! files that show that page. (Speed itself is measured by scripts/bench, not here.)

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::support::*;

const PER_PART: usize = 50;

/// A guide of `n` pages in parts of 50, each linking three others (one to an anchor),
/// naming concepts, every fourth with one of the shipped guide's diagrams.
pub(crate) fn generated_guide(dir: &Path, n: usize) {
    shaped_guide(dir, n, PER_PART);
}

/// Like [`generated_guide`], in parts of `per_part` pages.
fn shaped_guide(dir: &Path, n: usize, per_part: usize) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("index.md"),
        "---\ntitle: Generated guide\n---\n\nMany pages.\n",
    )
    .unwrap();
    fs::copy(
        repo().join("guide/concepts.yaml"),
        dir.join("concepts.yaml"),
    )
    .unwrap();
    let diagram = &guide_diagrams()[0].1;
    for part in 0..n.div_ceil(per_part) {
        let folder = dir.join(format!("part-{part:03}"));
        fs::create_dir_all(&folder).unwrap();
        let index = format!("---\ntitle: Part {part}\norder: {part}\n---\n\nPart {part}.\n");
        fs::write(folder.join("index.md"), index).unwrap();
    }
    for i in 0..n {
        let others: Vec<usize> = [7, 131, 1031].iter().map(|k| (i * k + k) % n).collect();
        let link = |j: usize| format!("../part-{:03}/page-{j:05}.md", j / per_part);
        let figure = if i % 4 == 0 {
            format!("```diagram\n{diagram}\n```\n\n")
        } else {
            String::new()
        };
        let text = format!(
            "---\ntitle: Page {i}\norder: {i}\n---\n\n\
             Page {i} streams events through Kafka into Flink and lands them in Delta Lake.\n\n\
             ## Overview\n\nWhat page {i} is about, in a few plain words.\n\n{figure}\
             ## See also\n\n- [Page {a}]({la})\n- [Page {b}, its overview]({lb}#overview)\n- [Page {c}]({lc})\n\n\
             ## Notes\n\nClosing words for page {i}.\n",
            a = others[0],
            b = others[1],
            c = others[2],
            la = link(others[0]),
            lb = link(others[1]),
            lc = link(others[2]),
        );
        let file = dir.join(format!("part-{:03}/page-{i:05}.md", i / per_part));
        fs::write(file, text).unwrap();
    }
}

/// The built site of a generated guide of `n` pages.
fn built(n: usize) -> (tempfile::TempDir, Built) {
    built_shaped(n, PER_PART)
}

/// The built site of a generated guide of `n` pages in parts of `per_part`.
fn built_shaped(n: usize, per_part: usize) -> (tempfile::TempDir, Built) {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    shaped_guide(&guide, n, per_part);
    let site = build(&guide, None);
    (tmp, site)
}

/// Average size in bytes of the pages written for the guide's pages (not parts,
/// concepts or handouts).
fn average_page_size(site: &Built) -> usize {
    let sizes: Vec<usize> = files_under(&site.out)
        .iter()
        .filter(|p| p.contains("/page-") && p.ends_with("index.html"))
        .map(|p| fs::metadata(site.out.join(p)).unwrap().len() as usize)
        .collect();
    assert!(!sizes.is_empty());
    sizes.iter().sum::<usize>() / sizes.len()
}

#[test]
fn a_page_weighs_the_same_in_a_guide_ten_times_larger() {
    let (_small_dir, small) = built(200);
    let (_large_dir, large) = built(2000);
    assert_eq!(large.summary.pages, 2000 + 40 + 1);
    let (small, large) = (average_page_size(&small), average_page_size(&large));
    // Page numbers grow a digit; the sidebar must not grow with the parts.
    assert!(
        large <= small + small / 20,
        "average page: {small} bytes at 200 pages, {large} at 2,000"
    );
}

/// The pages of the guide's pages: what each weighs besides its own content (the text
/// inside `.content`), at most.
fn heaviest_chrome(site: &Built) -> usize {
    let content = scraper::Selector::parse(".content").unwrap();
    files_under(&site.out)
        .iter()
        .filter(|p| p.contains("/page-") && p.ends_with("index.html"))
        .map(|p| {
            let html = fs::read_to_string(site.out.join(p)).unwrap();
            let doc = scraper::Html::parse_document(&html);
            let inner = doc
                .select(&content)
                .next()
                .map_or(0, |c| c.inner_html().len());
            html.len() - inner
        })
        .max()
        .unwrap()
}

/// Every page of one part lists its part in the sidebar: with thousands of pages in it,
/// the sidebar shows those around the reader's page, so a page weighs what it weighs in
/// a guide of many small parts, and the site grows linearly with the part.
#[test]
fn a_page_weighs_the_same_in_one_part_of_thousands() {
    let (_one_dir, one) = built_shaped(5000, 5000);
    let (_many_dir, many) = built_shaped(5000, 100);
    let (one_avg, many_avg) = (average_page_size(&one), average_page_size(&many));
    assert!(
        one_avg.abs_diff(many_avg) <= many_avg / 10,
        "average page: {one_avg} bytes in one part of 5,000, {many_avg} in 50 parts of 100"
    );
    let chrome = heaviest_chrome(&one);
    assert!(chrome < 40_000, "a page's own HTML is {chrome} bytes");
    let (_small_dir, small) = built_shaped(500, 500);
    let total = |site: &Built| -> u64 {
        files_under(&site.out)
            .iter()
            .map(|p| fs::metadata(site.out.join(p)).unwrap().len())
            .sum()
    };
    let (small, large) = (total(&small), total(&one));
    assert!(
        large <= small * 11,
        "the site is {small} bytes at 500 pages in one part, {large} at 5,000"
    );
}

#[test]
fn every_link_of_a_large_site_lands() {
    let (_dir, site) = built(2000);
    let (checked, broken) = broken_links(&site);
    assert!(
        broken.is_empty(),
        "broken links:\n{}",
        broken[..broken.len().min(20)].join("\n")
    );
    assert!(checked > 2000 * 60, "only {checked} links checked");
}

/// Every file of the site with its bytes, but guidebook's own list of them.
fn contents(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = file_contents(out);
    files.remove(".guidebook");
    files
}

#[test]
fn editing_one_page_rewrites_the_page_and_the_files_that_hold_it() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    generated_guide(&guide, 200);
    let out = tmp.path().join("public");
    let config = guidebook::BuildConfig {
        guide_dir: guide.clone(),
        out_dir: out.clone(),
        base_url: None,
    };
    guidebook::build(&config).unwrap();
    guidebook::build(&config).unwrap();
    let before = contents(&out);
    let page = guide.join("part-002/page-00123.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("Closing words", "Last words")).unwrap();
    let summary = guidebook::build(&config).unwrap();
    let after = contents(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&str> = after
        .iter()
        .filter(|(path, bytes)| before[*path] != **bytes)
        .map(|(path, _)| path.as_str())
        .collect();
    // The file of search documents that holds the page (which depends on how many
    // documents a file holds).
    let holder = before
        .iter()
        .find(|(path, bytes)| {
            path.starts_with("search/d/")
                && String::from_utf8_lossy(bytes).contains("\"part-002/page-00123/\"")
        })
        .map(|(path, _)| path.as_str())
        .expect("a file of documents holds the page");
    let mut expected = vec![
        "handouts/part-002/index.html",
        "handouts/whole-guide/index.html",
        "part-002/page-00123/index.html",
        // Its search document, the terms it lost and gained, and the index's version.
        holder,
        "search/f/0.js",
        "search/index.js",
        "search/t/0.js",
    ];
    expected.sort();
    assert_eq!(changed, expected);
    assert_eq!(summary.written, changed.len(), "files written");
}
