//! The files beside the pages: `404.html`, `sitemap.xml` (when the base URL is known),
//! `robots.txt` and `.nojekyll` (so GitHub Pages serves folders starting with `_`).

use crate::model::Site;
use crate::paths::UrlPath;

/// `sitemap.xml`: every page, then the `extra` generated pages, at their absolute URLs.
pub(crate) fn sitemap(site: &Site, extra: &[&UrlPath], base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in site
        .pages
        .iter()
        .map(|p| &p.url)
        .chain(extra.iter().copied())
    {
        let url = url.absolute(base);
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&url)));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything allowed, and the sitemap when the base URL is known.
pub fn robots(base: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        text.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    text
}

/// `text` as XML character data or an attribute value. Control characters other than
/// tab and line breaks cannot be written in XML 1.0 at all, not even as references: they
/// become U+FFFD.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_holds_only_xml_characters() {
        assert_eq!(
            escape_xml("a&b<c>\"d'\u{1}\u{c}\t\u{7f}"),
            "a&amp;b&lt;c&gt;&quot;d&apos;\u{fffd}\u{fffd}\t\u{fffd}"
        );
    }

    #[test]
    fn robots_points_at_the_sitemap_when_it_exists() {
        assert_eq!(robots(None), "User-agent: *\nAllow: /\n");
        assert!(
            robots(Some("https://a.github.io/r/"))
                .ends_with("Sitemap: https://a.github.io/r/sitemap.xml\n")
        );
    }
}
