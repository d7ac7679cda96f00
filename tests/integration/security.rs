//! A guide is untrusted: links out of it, files that would replace generated output and
//! text that would escape its context are refused or escaped, through the real CLI.

use std::fs;
use std::path::Path;

use crate::support::{file_contents, guidebook, run, write_guide};

const SECRET: &str = "s3cr3t-9f1c2b";

/// Every output file under `dir`, none holding `secret`.
fn assert_absent(dir: &Path, secret: &str) {
    if !dir.exists() {
        return;
    }
    for (file, bytes) in file_contents(dir) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(secret), "{file} holds the secret");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_guide_are_refused_and_nothing_is_published() {
    use std::os::unix::fs::symlink;
    let (tmp, _guide) = write_guide(&[("index.md", "# Home\n"), ("part/page.md", "# Page\n")]);
    let root = tmp.path();
    fs::write(root.join("secret.txt"), SECRET).unwrap();
    fs::write(root.join("outside.md"), format!("# Outside\n\n{SECRET}\n")).unwrap();
    fs::create_dir(root.join("outside")).unwrap();
    fs::write(root.join("outside/x.md"), SECRET).unwrap();
    let links = [
        ("../secret.txt", "guide/passwd.txt"),
        ("/proc/self/environ", "guide/environ.txt"),
        ("../outside.md", "guide/outside.md"),
        ("../outside", "guide/folder"),
        ("../secret.txt", "guide/concepts.yaml"),
        ("../public", "guide/site"),
        // Inside the guide: followed.
        ("part/page.md", "guide/alias.md"),
    ];
    for (target, link) in links {
        symlink(target, root.join(link)).unwrap();
    }
    fs::create_dir(root.join("public")).unwrap();
    let output = guidebook()
        .current_dir(root)
        .env("GUIDEBOOK_TEST_SECRET", SECRET)
        .args(["build"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (target, link) in &links[..links.len() - 1] {
        let wanted = format!("{link}: this symbolic link leads out of the guide folder");
        assert!(stderr.contains(&wanted), "{wanted:?} missing:\n{stderr}");
        let name = Path::new(target).file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains(&*name),
            "the target {target} is named:\n{stderr}"
        );
    }
    assert!(!stderr.contains("guide/alias.md"), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert_absent(&root.join("public"), SECRET);
    assert_eq!(fs::read_dir(root.join("public")).unwrap().count(), 0);
}

/// The theme beside the guide is read the same way: links stay inside its folders, and
/// the folders themselves inside the project.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_theme_are_refused() {
    use std::os::unix::fs::symlink;
    let (tmp, _guide) = write_guide(&[("index.md", "# Home\n")]);
    let root = tmp.path();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("secret.css"), SECRET).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(
        elsewhere.path().join("secret.css"),
        root.join("templates/page.html"),
    )
    .unwrap();
    symlink(elsewhere.path(), root.join("static")).unwrap();
    for wanted in [
        "templates/page.html: this symbolic link leads out of the templates folder",
        "static: this symbolic link leads out of the project folder",
    ] {
        let stderr = run(root, &["build"], 1);
        assert!(stderr.contains(wanted), "{wanted:?} missing:\n{stderr}");
        assert!(!stderr.contains(SECRET), "{stderr}");
        assert!(!root.join("public").exists());
        fs::remove_file(root.join(wanted.split(':').next().unwrap())).unwrap();
    }
    run(root, &["build"], 0);
}

/// A link that stays inside the guide is an ordinary file: a page and an asset.
#[cfg(unix)]
#[test]
fn symbolic_links_inside_the_guide_are_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, guide) = write_guide(&[
        (
            "index.md",
            "# Home\n\n[alias](alias.md) ![logo](img/logo.txt)\n",
        ),
        ("part/page.md", "# Page\n"),
        ("media/logo.txt", "logo"),
    ]);
    symlink("part/page.md", guide.join("alias.md")).unwrap();
    symlink("media", guide.join("img")).unwrap();
    run(tmp.path(), &["build"], 0);
    let out = tmp.path().join("public");
    assert!(out.join("alias/index.html").is_file());
    assert_eq!(
        fs::read_to_string(out.join("img/logo.txt")).unwrap(),
        "logo"
    );
}

/// Each guide that claims a path guidebook or another file already makes, and the
/// message's start: both makers are named, and nothing is written.
#[test]
fn a_file_that_would_replace_another_output_is_an_error_naming_both() {
    let (tmp, _) = write_guide(&[("index.md", "# Home\n")]);
    run(tmp.path(), &["build"], 0);
    let theme_css = fs::read_dir(tmp.path().join("public/static"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    let theme_css = format!("static/{theme_css}");
    let cases: [(&str, &str); 10] = [
        (
            "index.html",
            "guide/index.html: the file guide/index.html and the page made from guide/index.md would both be written to index.html",
        ),
        (
            "part/page/index.html",
            "guide/part/page/index.html: the file guide/part/page/index.html and the page made from guide/part/page.md",
        ),
        (
            &theme_css,
            "the theme's style.css would both be written to static/style.",
        ),
        (
            "concepts/index.md",
            "guide/concepts/index.md:1:1: the page made from guide/concepts/index.md and the concepts glossary would both be written to concepts/index.html",
        ),
        (
            "handouts/index.md",
            "the page made from guide/handouts/index.md and the list of handouts would both be written to handouts/index.html",
        ),
        (
            "handouts/whole-guide.md",
            "the page made from guide/handouts/whole-guide.md and the handout of guide/index.md would both be written to handouts/whole-guide/index.html",
        ),
        (
            "404.html",
            "the file guide/404.html and the page for missing pages would both be written to 404.html",
        ),
        (
            "robots.txt",
            "the file guide/robots.txt and robots.txt would both be written to robots.txt",
        ),
        (
            "search.md",
            "the page made from guide/search.md and the search page would both be written to search/index.html",
        ),
        (
            "search/t/0.js",
            "the file guide/search/t/0.js and the search index would both be written to search/t/0.js",
        ),
    ];
    for (file, wanted) in cases {
        let (tmp, guide) = write_guide(&[
            ("index.md", "# Home\n\nSee [[Kafka]].\n"),
            ("part/page.md", "# Page\n"),
            ("concepts.yaml", "- id: kafka\n  name: Kafka\n"),
        ]);
        fs::create_dir_all(guide.join(file).parent().unwrap()).unwrap();
        fs::write(guide.join(file), format!("# Mine\n\n{SECRET}\n")).unwrap();
        let stderr = run(tmp.path(), &["build"], 1);
        assert!(
            stderr.contains(wanted),
            "{file}: {wanted:?} missing:\n{stderr}"
        );
        assert!(!tmp.path().join("public").exists(), "{file}");
        let stderr = run(tmp.path(), &["check"], 1);
        assert!(stderr.contains(wanted), "check, {file}:\n{stderr}");
    }
}

/// `part-page.md` and `part/page.md` would print as one handout (and one section of the
/// whole-guide handout): an error naming both, never one lost at random.
#[test]
fn two_pages_with_one_handout_slug_are_an_error_naming_both() {
    let (tmp, _guide) = write_guide(&[
        ("index.md", "# Home\n"),
        ("part/index.md", "# Part\n"),
        ("part-page.md", "---\nkind: question\n---\n# One\n"),
        ("part/page.md", "---\nkind: question\n---\n# Two\n"),
    ]);
    let stderr = run(tmp.path(), &["build"], 1);
    for wanted in [
        "the handout of guide/part/page.md and the handout of guide/part-page.md would both be written to handouts/part-page/index.html",
        "the handout section of guide/part/page.md and the handout section of guide/part-page.md would both be written to handouts/whole-guide/index.html#part-page",
    ] {
        assert!(stderr.contains(wanted), "{wanted:?} missing:\n{stderr}");
    }
}

/// A line break in the base URL would add lines to `robots.txt` and break the sitemap's
/// `<loc>`: from `guide.yaml` it is an error at its line, from `--base-url` a usage error.
#[test]
fn a_base_url_with_control_characters_stops_the_build() {
    let (tmp, _guide) = write_guide(&[
        ("index.md", "# Home\n"),
        (
            "guide.yaml",
            "title: T\nbase_url: \"https://a.io/r/\\r\\nDisallow: /\"\n",
        ),
    ]);
    let stderr = run(tmp.path(), &["build"], 1);
    assert!(
        stderr.contains("guide/guide.yaml:2:") && stderr.contains("control character"),
        "{stderr}"
    );
    assert!(!tmp.path().join("public").exists());
    fs::write(tmp.path().join("guide/guide.yaml"), "title: T\n").unwrap();
    for bad in [
        "https://a.io/\nDisallow: /",
        "https://a.io/\u{c}",
        "https://a.io/\"x",
    ] {
        let stderr = run(tmp.path(), &["build", "--base-url", bad], 2);
        assert!(stderr.contains("base URL"), "{stderr}");
    }
    run(tmp.path(), &["build", "--base-url", "https://a.io/r"], 0);
    let robots = fs::read_to_string(tmp.path().join("public/robots.txt")).unwrap();
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\nSitemap: https://a.io/r/sitemap.xml\n"
    );
}

/// Every C0 control character and the usual quotes and brackets, as a YAML double-quoted
/// string (`\x01`, `\"`), and the text it stands for.
fn hostile_title() -> (String, String) {
    let mut yaml = String::from("\"Q \\0");
    let mut text = String::from("Q \0");
    for c in 1u8..0x20 {
        yaml.push_str(&format!("\\x{c:02x}"));
        text.push(char::from(c));
    }
    let visible = " \"'<>&`(){}[];/\\ </style></script>]]> end";
    yaml.push_str(&visible.replace('\\', "\\\\").replace('"', "\\\""));
    yaml.push('"');
    text.push_str(visible);
    (yaml, text)
}

/// A CSS string token at the start of `css`, decoded, and what follows it.
fn css_string(css: &str) -> (String, &str) {
    let mut chars = css.char_indices().peekable();
    assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "{css}");
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, &css[i + 1..]),
            '\\' => {
                let mut hex = String::new();
                while hex.len() < 6 && chars.peek().is_some_and(|(_, h)| h.is_ascii_hexdigit()) {
                    hex.push(chars.next().unwrap().1);
                }
                if hex.is_empty() {
                    out.push(chars.next().unwrap().1);
                } else {
                    chars.next_if(|(_, w)| *w == ' ');
                    let code = u32::from_str_radix(&hex, 16).unwrap();
                    out.push(
                        char::from_u32(code)
                            .filter(|c| *c != '\0')
                            .unwrap_or('\u{fffd}'),
                    );
                }
            }
            '\n' | '\r' | '\u{c}' => panic!("a raw line break ends the CSS string: {css}"),
            c => out.push(c),
        }
    }
    panic!("unterminated CSS string: {css}")
}

/// A title with every control character and the usual quotes and brackets reaches every
/// context (HTML, the handout's CSS footer, the shared parts script, the sitemap) intact
/// for the reader and inert for the parser: no output holds a raw control character.
#[test]
fn hostile_titles_are_escaped_in_every_output_context() {
    let (yaml, title) = hostile_title();
    let question = format!("---\ntitle: {yaml}\nsummary: {yaml}\nkind: question\n---\nBody.\n");
    let mut files = vec![
        ("index.md".to_string(), "# Home\n".to_string()),
        (
            "hostile/index.md".to_string(),
            format!("---\ntitle: {yaml}\n---\n"),
        ),
        ("hostile/q.md".to_string(), question),
    ];
    // More parts than each page lists: the list of parts goes to a shared script.
    for n in 0..25 {
        files.push((format!("p{n}/index.md"), format!("# Part {n}\n")));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (tmp, _guide) = write_guide(&files);
    run(tmp.path(), &["build", "--base-url", "https://a.io/r/"], 0);
    let out = tmp.path().join("public");
    let visible = title.replace(|c: char| c.is_control(), " ");
    for (file, bytes) in file_contents(&out) {
        let text = String::from_utf8_lossy(&bytes);
        let control = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        assert_eq!(control, None, "{file} holds a raw control character");
        if file == "hostile/q/index.html" {
            let doc = scraper::Html::parse_document(&text);
            let head = crate::support::one(&doc, "title")
                .text()
                .collect::<String>();
            assert!(head.starts_with(visible.trim_end()), "{head:?}");
            let h1 = crate::support::one(&doc, "h1").text().collect::<String>();
            assert!(h1.contains(visible.trim()), "{h1:?}");
        }
    }
    let handout = fs::read_to_string(out.join("handouts/hostile-q/index.html")).unwrap();
    let footer = handout.split("content: ").nth(1).unwrap();
    let (decoded, rest) = css_string(footer);
    assert_eq!(decoded, title.replace('\0', "\u{fffd}"));
    assert!(rest.starts_with("; } }</style>"), "{rest}");
    let script = fs::read_dir(out.join("static"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("parts."))
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .unwrap();
    let literal = script.lines().find(|l| l.contains("hostile/")).unwrap();
    let decoded = json_string(literal.trim_start_matches('['));
    assert_eq!(decoded, title);
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://a.io/r/hostile/q/</loc>"),
        "{sitemap}"
    );
}

/// A JavaScript (and JSON) string literal at the start of `text`, decoded.
fn json_string(text: &str) -> String {
    let mut chars = text.chars();
    assert_eq!(chars.next(), Some('"'), "{text}");
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return out,
            '\\' => match chars.next().unwrap() {
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                'n' => out.push('\n'),
                other => out.push(other),
            },
            c if c.is_control() => panic!("raw control character in a string literal: {text}"),
            c => out.push(c),
        }
    }
    panic!("unterminated string literal: {text}")
}
