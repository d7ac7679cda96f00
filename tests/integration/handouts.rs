//! Handouts: print pages per topic with unique ids and in-page links, and (with
//! Chromium and poppler here) their PDFs, checked as a reader would hold them.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use scraper::Html;

use crate::support::*;

const QUESTION_HANDOUTS: &[&str] = &[
    "system-design-real-time-analytics",
    "system-design-data-warehouse",
    "system-design-feature-store",
    "system-design-event-driven-platform",
    "behavioral-challenging-pipeline",
    "behavioral-data-quality",
    "behavioral-disagreements",
    "behavioral-learning-quickly",
    "behavioral-prioritizing",
];
const PART_HANDOUTS: &[&str] = &["system-design", "behavioral", "preparation"];

fn handout_slugs() -> Vec<&'static str> {
    let mut all = vec!["whole-guide"];
    all.extend(PART_HANDOUTS);
    all.extend(QUESTION_HANDOUTS);
    all
}

/// The handout's structure: its sections, headings and links, for a snapshot.
fn outline(doc: &Html) -> String {
    let mut out = Vec::new();
    for section in select(doc, "article.handout-section") {
        out.push(format!("section #{}", section.value().attr("id").unwrap()));
    }
    for element in select(
        doc,
        ".content h2, .content h3, .content h4, .content a[href]",
    ) {
        let v = element.value();
        match v.name() {
            "a" => out.push(format!(
                "  link {} {}",
                v.attr("href").unwrap(),
                v.attr("title")
                    .map_or(String::new(), |t| format!("(prints {t})"))
            )),
            tag => out.push(format!("  {tag} #{}", v.attr("id").unwrap())),
        }
    }
    out.join("\n")
}

#[test]
fn every_topic_has_a_handout_listed_on_the_handouts_page() {
    let site = build_shipped_guide();
    let index = site.page("handouts/index.html");
    let hrefs: BTreeSet<String> = select(&index, ".handout-list a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for slug in handout_slugs() {
        assert!(
            hrefs.contains(&format!("{slug}/")),
            "{slug} not listed: {hrefs:?}"
        );
        assert!(
            site.out
                .join(format!("handouts/{slug}/index.html"))
                .is_file()
        );
    }
    assert!(
        !hrefs.iter().any(|h| h.ends_with(".pdf")),
        "no PDF links until guidebook pdf writes them"
    );
}

#[test]
fn handouts_have_unique_ids_no_navigation_and_in_page_links() {
    let site = build_shipped_guide();
    for slug in handout_slugs() {
        let path = format!("handouts/{slug}/index.html");
        let doc = site.page(&path);
        assert!(
            select(&doc, "nav.site-nav, .pager, .breadcrumbs").is_empty(),
            "{slug} has navigation"
        );
        assert_eq!(one(&doc, "html").value().attr("class"), Some("handout"));
        let ids: Vec<&str> = select(&doc, "[id]")
            .iter()
            .map(|e| e.value().attr("id").unwrap())
            .collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{slug}: duplicate ids");
        for a in select(&doc, ".content a[href]") {
            let href = a.value().attr("href").unwrap();
            if let Some(id) = href.strip_prefix('#') {
                assert!(unique.contains(id), "{slug}: #{id} is not in the handout");
            } else {
                assert!(
                    a.value().attr("title").is_some(),
                    "{slug}: {href} leaves without its address"
                );
            }
        }
    }
}

#[test]
fn the_behavioral_handout_joins_its_pages() {
    let site = build(
        &repo().join("guide"),
        Some("https://example.github.io/guidebook/"),
    );
    let doc = site.page("handouts/behavioral/index.html");
    insta::assert_snapshot!(outline(&doc));
    let footer = reader_text(one(&doc, "head style"));
    assert!(
        footer.contains("@bottom-left { content: \"Part 2: Behavioral Interviews\""),
        "{footer}"
    );
    assert_eq!(
        reader_text(one(&doc, ".handout-address")).trim(),
        "https://example.github.io/guidebook/behavioral/"
    );
}

#[test]
fn question_and_part_pages_offer_their_handout() {
    let site = build_shipped_guide();
    for (page, handout, text) in [
        (
            "system-design/real-time-analytics/index.html",
            "../../handouts/system-design-real-time-analytics/",
            "Print this topic",
        ),
        (
            "behavioral/index.html",
            "../handouts/behavioral/",
            "Print this topic",
        ),
        (
            "index.html",
            "handouts/whole-guide/",
            "Print the whole guide",
        ),
    ] {
        let doc = site.page(page);
        let link = one(&doc, ".print-link a");
        assert_eq!(reader_text(link), text);
        assert_eq!(link.value().attr("href"), Some(handout), "{page}");
    }
}

/// A tool from poppler or Chromium, or why the PDF tests cannot run here.
pub(crate) fn tools() -> Option<String> {
    let missing: Vec<&str> = ["chromium", "pdftotext", "pdfinfo", "pdftoppm"]
        .into_iter()
        .filter(|tool| {
            Command::new("which")
                .arg(tool)
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let message = format!(
        "PDF tests need {} (apt-get install chromium poppler-utils)",
        missing.join(", ")
    );
    assert!(std::env::var_os("CI").is_none(), "{message}");
    Some(message)
}

pub(crate) fn run_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A field of what `pdfinfo` says of `pdf`.
fn info_field(pdf: &Path, name: &str) -> String {
    let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// Every `/Title` string of a PDF's objects: its outline's entries and its title. (The
/// PDFs Chromium writes keep them out of compressed streams.)
fn pdf_titles(pdf: &Path) -> Vec<String> {
    let bytes = fs::read(pdf).unwrap();
    let mut titles = Vec::new();
    let mut rest = &bytes[..];
    while let Some(at) = rest.windows(6).position(|w| w == b"/Title") {
        rest = &rest[at + 6..];
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        rest = &rest[start..];
        let (text, used) = match rest.first() {
            Some(b'<') => hex_string(rest),
            Some(b'(') => literal_string(rest),
            _ => continue,
        };
        titles.push(words(&text));
        rest = &rest[used..];
    }
    titles
}

/// A `<...>` string: UTF-16 after a byte order mark, else one byte a character.
fn hex_string(at: &[u8]) -> (String, usize) {
    let end = at.iter().position(|&b| b == b'>').unwrap();
    let hex = std::str::from_utf8(&at[1..end]).unwrap();
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let text = match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    (text, end + 1)
}

/// A `(...)` string, its escapes read.
fn literal_string(at: &[u8]) -> (String, usize) {
    let (mut text, mut depth, mut i) = (String::new(), 0, 0);
    while i < at.len() {
        let b = at[i];
        match b {
            b'\\' => {
                i += 1;
                text.push(match at[i] {
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    other => char::from(other),
                });
            }
            b'(' if depth == 0 => depth = 1,
            b'(' => {
                depth += 1;
                text.push('(');
            }
            b')' if depth == 1 => return (text, i + 1),
            b')' => {
                depth -= 1;
                text.push(')');
            }
            _ => text.push(char::from(b)),
        }
        i += 1;
    }
    (text, i)
}

/// The titles of the parts and the questions, as the handouts page lists them.
fn topic_titles(handouts: &Html) -> Vec<String> {
    let mut titles = Vec::new();
    for id in ["handouts-parts", "handouts-questions"] {
        for link in select(handouts, &format!("section[aria-labelledby={id}] li > a")) {
            let own: String = link
                .children()
                .filter_map(|child| child.value().as_text().map(|t| t.to_string()))
                .collect();
            titles.push(words(&own));
        }
    }
    titles
}

fn pages_and_size(pdf: &Path) -> (usize, String) {
    let info = run_tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

/// Words laid out past the page's right edge (or left of its left edge).
fn words_off_page(pdf: &Path) -> Vec<String> {
    let html = run_tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let doc = Html::parse_document(&html);
    let mut off = Vec::new();
    for page in select(&doc, "page") {
        let width: f32 = page.value().attr("width").unwrap().parse().unwrap();
        for word in page.select(&scraper::Selector::parse("word").unwrap()) {
            let x_min: f32 = word.value().attr("xmin").unwrap().parse().unwrap();
            let x_max: f32 = word.value().attr("xmax").unwrap().parse().unwrap();
            if x_min < 0.0 || x_max > width {
                off.push(format!(
                    "{} at {x_min}..{x_max} of {width}",
                    reader_text(word)
                ));
            }
        }
    }
    off
}

/// The height in points of the smallest box among the words of `pdf` that are `labels`:
/// about 1.06 times the size of their type.
fn smallest_word_height(pdf: &Path, labels: &BTreeSet<String>) -> f32 {
    let html = run_tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let doc = Html::parse_document(&html);
    let attr = |word: scraper::ElementRef, name: &str| -> f32 {
        word.value().attr(name).unwrap().parse().unwrap()
    };
    (select(&doc, "word").into_iter())
        .filter(|word| labels.contains(&reader_text(*word)))
        .map(|word| attr(word, "ymax") - attr(word, "ymin"))
        .fold(f32::INFINITY, f32::min)
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn handout_pdfs_print_whole_on_a4_and_letter() {
    if let Some(why) = tools() {
        eprintln!("skipped: {why}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let printed = run(&repo(), &["pdf", "--out", out.to_str().unwrap()], 0);
    assert!(printed.contains("and 13 handout PDFs"), "{printed}");
    let artifacts = repo().join("target/handouts");
    fs::create_dir_all(&artifacts).unwrap();
    let diagrams = guide_diagrams();
    let mut labels_checked = 0;
    for slug in handout_slugs() {
        let pdf = out.join(format!("handouts/{slug}.pdf"));
        let (pages, size) = pages_and_size(&pdf);
        assert!(size.ends_with("(A4)"), "{slug}: {size}");
        // A question a little over a page is printed smaller, onto one page, and a tall
        // diagram is drawn smaller rather than pushing it onto a second.
        if QUESTION_HANDOUTS.contains(&slug) {
            assert_eq!(pages, 1, "{slug}: {pages} pages");
        }
        assert_eq!(
            words_off_page(&pdf),
            Vec::<String>::new(),
            "{slug}: text runs off the page"
        );
        let text = words(&run_tool(
            "pdftotext",
            &["-layout", pdf.to_str().unwrap(), "-"],
        ));
        for (file, source) in &diagrams {
            let file_slug = file.trim_end_matches(".md").replace('/', "-");
            let in_topic =
                slug == "whole-guide" || file_slug == slug || file.starts_with(&format!("{slug}/"));
            if !in_topic {
                continue;
            }
            let drawing = boxart_svg::render(source, &Default::default()).unwrap();
            for run in &drawing.layout().texts {
                assert!(
                    text.contains(&words(&run.text)),
                    "{slug}: diagram label {:?} missing",
                    run.text
                );
                labels_checked += 1;
            }
        }
        // Built without a base URL: no bare site path, which leads nowhere on paper.
        for part in PART_HANDOUTS {
            assert!(!text.contains(&format!("/{part}/")), "{slug}: a bare path");
        }
        if slug.starts_with("behavioral-") {
            for heading in ["SITUATION", "TASK", "ACTION", "RESULT"] {
                assert!(
                    text.contains(heading),
                    "{slug}: STAR heading {heading} missing"
                );
            }
        }
        first_page_image(&pdf, &artifacts.join(slug), &["-png", "-r", "60"]);
        assert!(artifacts.join(format!("{slug}.png")).is_file());
    }
    assert!(
        labels_checked > 300,
        "only {labels_checked} diagram labels checked"
    );
    let index = fs::read_to_string(out.join("handouts/index.html")).unwrap();
    assert!(
        index.contains("href=\"whole-guide.pdf\""),
        "the handouts page links the PDFs"
    );

    // Page breaks: a STAR card is never split, and no page ends with a heading whose
    // text is on the next.
    for slug in handout_slugs() {
        let pdf = out.join(format!("handouts/{slug}.pdf"));
        let html = fs::read_to_string(out.join(format!("handouts/{slug}/index.html"))).unwrap();
        let headings: Vec<String> = select(
            &Html::parse_document(&html),
            ".content h2, .content h3, .content h4, .handout-section-title",
        )
        .into_iter()
        .map(|h| words(&reader_text(h).replace('#', "")))
        .collect();
        let (pages, _) = pages_and_size(&pdf);
        for n in 1..=pages {
            let n = n.to_string();
            let page = run_tool(
                "pdftotext",
                &["-layout", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
            );
            let starts = page.matches("SITUATION").count();
            assert_eq!(
                starts,
                page.matches("RESULT").count(),
                "{slug}, page {n}: a STAR card is split"
            );
            // The last line is the running footer; the one before, the page's last text.
            let lines: Vec<String> = (page.lines().map(words))
                .filter(|l| !l.is_empty())
                .collect();
            let Some(last) = lines.len().checked_sub(2).map(|i| &lines[i]) else {
                continue;
            };
            let orphan = headings
                .iter()
                .any(|h| last.len() > 3 && h.ends_with(last.as_str()));
            assert!(
                !orphan || n == pages.to_string(),
                "{slug}, page {n} ends with the heading {last:?}"
            );
        }
    }

    // Tagged for screen readers, titled, and with an outline of every part and question.
    for slug in handout_slugs() {
        let pdf = out.join(format!("handouts/{slug}.pdf"));
        assert_eq!(info_field(&pdf, "Tagged:"), "yes", "{slug}");
        assert!(
            info_field(&pdf, "Title:").contains(" · "),
            "{slug}: no title"
        );
    }
    let topics = topic_titles(&Html::parse_document(&index));
    assert_eq!(topics.len(), 12, "{topics:?}");
    // Chromium's outline drops the space where a heading's line wraps: compare without.
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    let outline = pdf_titles(&out.join("handouts/whole-guide.pdf"));
    for topic in &topics {
        assert!(
            outline
                .iter()
                .any(|entry| squeezed(entry).contains(&squeezed(topic))),
            "{topic:?} is not in the whole guide's outline: {outline:?}"
        );
    }
    let numbered = outline
        .iter()
        .filter(|e| e.starts_with("Question "))
        .count();
    assert_eq!(numbered, 9, "{outline:?}");
    assert!(
        outline
            .iter()
            .any(|e| e.starts_with("Question 1 Design a Data Pipeline")),
        "a question's number and title are apart: {outline:?}"
    );

    // An output folder whose name a URL would have to escape.
    let letter = tmp.path().join("letter #1");
    run(
        &repo(),
        &[
            "pdf",
            "--paper",
            "letter",
            "--out",
            letter.to_str().unwrap(),
        ],
        0,
    );
    let (_, size) = pages_and_size(&letter.join("handouts/system-design-data-warehouse.pdf"));
    assert!(size.contains("(letter)"), "{size}");
    for slug in QUESTION_HANDOUTS {
        let (pages, _) = pages_and_size(&letter.join(format!("handouts/{slug}.pdf")));
        assert_eq!(pages, 1, "{slug}: {pages} pages on Letter");
    }
    // The tallest diagram, drawn smaller to fit its question's page, keeps its labels
    // legible: at least 6 pt type on either paper.
    let (_, warehouse) = (diagrams.iter())
        .find(|(file, _)| file.ends_with("data-warehouse.md"))
        .expect("the data warehouse diagram");
    let drawing = boxart_svg::render(warehouse, &Default::default()).unwrap();
    let labels: BTreeSet<String> = (drawing.layout().texts.iter())
        .flat_map(|run| run.text.split_whitespace().map(str::to_string))
        .filter(|word| word.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    for site in [&out, &letter] {
        let pdf = site.join("handouts/system-design-data-warehouse.pdf");
        let height = smallest_word_height(&pdf, &labels);
        assert!(
            (6.4..20.0).contains(&height),
            "{}: diagram labels {height} pt high",
            pdf.display()
        );
    }
    assert!(words_off_page(&letter.join("handouts/whole-guide.pdf")).is_empty());

    // Plain builds after `pdf` keep every PDF whose handout is unchanged, and link them
    // (the second build reuses the folder the PDFs were printed into).
    let pdfs_in = |out: &Path| -> Vec<String> {
        (files_under(&out.join("handouts")).into_iter())
            .filter(|f| f.ends_with(".pdf"))
            .collect()
    };
    let printed = pdfs_in(&letter);
    assert_eq!(printed.len(), 13);
    let before = fs::read(letter.join("handouts/behavioral.pdf")).unwrap();
    for _ in 0..2 {
        run(&repo(), &["build", "--out", letter.to_str().unwrap()], 0);
        assert_eq!(pdfs_in(&letter), printed);
    }
    assert_eq!(
        fs::read(letter.join("handouts/behavioral.pdf")).unwrap(),
        before
    );
    let index = fs::read_to_string(letter.join("handouts/index.html")).unwrap();
    assert_eq!(
        index.matches(".pdf\"").count(),
        13,
        "every kept PDF is linked"
    );
}

/// A build after `pdf` drops the PDFs whose handout changed (a page of theirs was
/// edited) and keeps the others; the list of handouts links only the PDFs there are.
#[test]
fn a_build_keeps_the_pdfs_of_unchanged_handouts_only() {
    if let Some(why) = tools() {
        eprintln!("skipped: {why}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    for file in files_under(&repo().join("guide")) {
        let to = guide.join(&file);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(repo().join("guide").join(&file), to).unwrap();
    }
    run(tmp.path(), &["pdf", "--out", "out"], 0);
    let edited = guide.join("behavioral/disagreements.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text + "\nOne more thought.\n").unwrap();
    run(tmp.path(), &["build", "--out", "out"], 0);
    let out = tmp.path().join("out/handouts");
    let left: BTreeSet<String> = (files_under(&out).into_iter())
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    for gone in [
        "behavioral-disagreements.pdf",
        "behavioral.pdf",
        "whole-guide.pdf",
    ] {
        assert!(
            !left.contains(gone),
            "{gone} shows the page before the edit"
        );
    }
    assert_eq!(left.len(), 10, "{left:?}");
    assert!(left.contains("system-design.pdf"));
    let index = Html::parse_document(&fs::read_to_string(out.join("index.html")).unwrap());
    let linked: BTreeSet<String> = select(&index, "a[href$='.pdf']")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(linked, left);
}

#[test]
fn without_chromium_pdf_says_what_to_install() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let stderr = run(
        &repo(),
        &[
            "pdf",
            "--chromium",
            "/no/such/chromium",
            "--out",
            out.to_str().unwrap(),
        ],
        2,
    );
    assert!(
        stderr.contains("--chromium /no/such/chromium: no such file"),
        "{stderr}"
    );
    let output = guidebook()
        .current_dir(repo())
        .env("PATH", tmp.path())
        .args(["pdf", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

/// On paper a link is only its address: links to the web and to pages the handout does
/// not hold carry the address the print stylesheet shows after them.
#[test]
fn links_leaving_a_handout_carry_their_address() {
    let (_tmp, guide) = write_guide(&[
        ("index.md", "# Home\n\nWelcome.\n"),
        ("part/index.md", "# Part\n"),
        (
            "part/q.md",
            "---\nkind: question\nnumber: 1\n---\n# Q\n\n\
             Read [the docs](https://kafka.apache.org/documentation/ \"Kafka docs\") \
             and go [home](../index.md).\n",
        ),
    ]);
    let site = build(&guide, Some("https://example.org/guide/"));
    let doc = site.page("handouts/part-q/index.html");
    let titles: Vec<(String, Option<&str>)> = select(&doc, ".content a")
        .into_iter()
        .filter(|a| a.value().attr("href").is_some_and(|h| !h.starts_with('#')))
        .map(|a| (reader_text(a), a.value().attr("title")))
        .collect();
    assert!(
        titles.contains(&(
            "the docs".to_string(),
            Some("https://kafka.apache.org/documentation/")
        )),
        "{titles:?}"
    );
    assert!(
        titles.contains(&("home".to_string(), Some("https://example.org/guide/"))),
        "{titles:?}"
    );
}

/// Without a base URL a handout prints no address: a bare path leads nowhere on paper.
#[test]
fn without_a_base_url_a_handout_prints_no_bare_path() {
    let (_tmp, guide) = write_guide(&[
        ("index.md", "# Home\n\nWelcome.\n"),
        ("part/index.md", "# Part\n"),
        (
            "part/q.md",
            "---\nkind: question\nnumber: 1\n---\n# Q\n\nGo [home](../index.md).\n",
        ),
    ]);
    let site = build(&guide, None);
    let doc = site.page("handouts/part-q/index.html");
    assert!(select(&doc, ".handout-address").is_empty());
    assert!(select(&doc, ".handout-qr").is_empty());
    let home = one(&doc, ".content a[href]");
    assert_eq!(home.value().attr("title"), None, "no address to print");
    let text = reader_text(one(&doc, "main"));
    assert!(!text.contains("/part/q/"), "{text}");
}

/// The first page of `pdf` as an image at `prefix` (poppler adds the extension), in the
/// format and resolution `how` asks `pdftoppm` for.
fn first_page_image(pdf: &Path, prefix: &Path, how: &[&str]) {
    let page = ["-f", "1", "-l", "1", "-singlefile"];
    let files = [pdf.to_str().unwrap(), prefix.to_str().unwrap()];
    run_tool("pdftoppm", &[how, &page, &files].concat());
}

/// A page rasterized by poppler as greyscale: width, height and a byte a pixel.
fn grey_page(pdf: &Path, prefix: &Path) -> (usize, usize, Vec<u8>) {
    first_page_image(pdf, prefix, &["-gray", "-r", "150"]);
    let pgm = fs::read(prefix.with_extension("pgm")).unwrap();
    // "P5", width, height, the largest value, each after white space; then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, pgm[at + 1..].to_vec())
}

/// With a base URL, each handout prints its page's address and a QR code that opens it,
/// read back from the printed page.
#[test]
fn handout_qr_codes_open_their_page_online() {
    if let Some(why) = tools() {
        eprintln!("skipped: {why}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let base = "https://example.org/guide/";
    run(
        &repo(),
        &["pdf", "--base-url", base, "--out", out.to_str().unwrap()],
        0,
    );
    for (slug, page) in [
        (
            "system-design-real-time-analytics",
            "system-design/real-time-analytics/",
        ),
        ("behavioral", "behavioral/"),
        ("whole-guide", ""),
    ] {
        let pdf = out.join(format!("handouts/{slug}.pdf"));
        let address = format!("{base}{page}");
        let text = run_tool("pdftotext", &["-l", "1", pdf.to_str().unwrap(), "-"]);
        assert!(text.contains(&address), "{slug}: no {address} in {text}");
        let (width, height, pixels) = grey_page(&pdf, &tmp.path().join(slug));
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            pixels[y * width + x]
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "{slug}: one QR code on the first page");
        let (_, decoded) = grids[0].decode().unwrap();
        assert_eq!(decoded, address, "{slug}");
    }
}

/// A file of the guide's own at a handout's PDF path is the guide's: a later build does
/// not take it for a kept PDF, nor link it as the handout's.
#[test]
fn a_guide_file_where_a_pdf_would_be_is_not_linked_as_one() {
    let (tmp, guide) = write_guide(&[
        ("index.md", "# Home\n\nSee [the question](part/q.md).\n"),
        ("part/index.md", "# Part\n\n[Q](q.md)\n"),
        ("part/q.md", "---\nkind: question\n---\n# Q\n\nAsked.\n"),
        ("handouts/part-q.pdf", "%PDF-1.4 the guide's own"),
    ]);
    for _ in 0..2 {
        run(
            tmp.path(),
            &["build", "--guide", "guide", "--out", "out"],
            0,
        );
    }
    let index = Html::parse_document(
        &fs::read_to_string(tmp.path().join("out/handouts/index.html")).unwrap(),
    );
    assert!(
        select(&index, "a[href$='.pdf']").is_empty(),
        "no PDF linked"
    );
    let kept = fs::read(tmp.path().join("out/handouts/part-q.pdf")).unwrap();
    assert_eq!(kept, b"%PDF-1.4 the guide's own");
    drop(guide);
}
