//! Handouts: the topics a reader prints (each question, each part, the whole guide) and
//! the pages each one joins. Rendering a page into a handout (unique ids, in-page links,
//! printed addresses) is the markdown passes' print mode; the page itself is the
//! `handout.html` template, built for paper (mdBook's print page is the model).

mod qr;
pub(crate) mod views;
mod write;

pub(crate) use views::Section;
pub(crate) use write::JoinedSections;

use crate::markdown::PageHref;
use crate::model::{Page, PageId, Site};
use crate::paths::UrlPath;
use crate::render::views::Handouts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Topic {
    /// `system-design-real-time-analytics`, `behavioral`, `whole-guide`.
    pub slug: String,
    pub title: String,
    /// The page the topic is about (the question, the part, the home page).
    pub page: PageId,
    /// The pages it joins, in guide order.
    pub pages: Vec<PageId>,
}

pub(crate) const WHOLE_GUIDE: &str = "whole-guide";

impl Topic {
    pub(crate) fn url(&self) -> UrlPath {
        url(&self.slug)
    }

    /// The PDF beside the handouts, written by `guidebook pdf`.
    pub(crate) fn pdf(&self) -> UrlPath {
        UrlPath::file(&format!("handouts/{}.pdf", self.slug))
    }
}

pub(crate) fn url(slug: &str) -> UrlPath {
    UrlPath::file(&format!("handouts/{slug}/"))
}

pub(crate) fn index_url() -> UrlPath {
    UrlPath::file("handouts/")
}

/// Every topic: the whole guide, each part (a section at the top of the guide), each
/// question.
pub(crate) fn topics(site: &Site) -> Vec<Topic> {
    let home = site.home();
    let mut topics = vec![Topic {
        slug: WHOLE_GUIDE.to_string(),
        title: site.title().to_string(),
        page: home.id,
        pages: site.pages.iter().map(|p| p.id).collect(),
    }];
    for &part in &home.children {
        let page = site.page(part);
        if page.is_section() {
            topics.push(Topic {
                slug: section_id(page),
                title: page.title.clone(),
                page: part,
                pages: descendants(site, part),
            });
        }
    }
    for page in site.questions() {
        topics.push(Topic {
            slug: section_id(page),
            title: page.title.clone(),
            page: page.id,
            pages: vec![page.id],
        });
    }
    topics
}

/// What pages link of the handouts: the list, and the handout each page offers to
/// print (its own for a question or part, the whole guide for the home page).
pub(crate) fn links(site: &Site, topics: &[Topic]) -> Handouts {
    let mut of_page = vec![None; site.pages.len()];
    for topic in topics.iter().skip(1) {
        of_page[topic.page.0].get_or_insert_with(|| topic.url());
    }
    if let Some(whole) = topics.first() {
        of_page[whole.page.0].get_or_insert_with(|| whole.url());
    }
    Handouts {
        index: index_url(),
        of_page,
    }
}

/// The id a page's section has in a handout, from its URL: `system-design-framework`.
pub(crate) fn section_id(page: &Page) -> String {
    let slug = page.url.as_str().trim_end_matches('/').replace('/', "-");
    if slug.is_empty() {
        "home".to_string()
    } else {
        slug
    }
}

/// Where a link to `page` (with its `fragment`) goes from the handout at `from` that
/// `holds` some pages: to the page's section when the handout holds it, else to the page
/// online, with its address as the title to print when the base URL is known (a bare
/// path leads nowhere on paper).
pub(crate) fn page_href(
    site: &Site,
    holds: &dyn Fn(PageId) -> bool,
    from: &UrlPath,
    base_url: Option<&str>,
    page: usize,
    fragment: Option<&str>,
) -> PageHref {
    let page = &site.pages[page];
    if holds(page.id) {
        let href = match fragment {
            Some(f) => format!("#{}--{f}", section_id(page)),
            None => format!("#{}", section_id(page)),
        };
        return PageHref { href, title: None };
    }
    let mut href = from.relative_to(&page.url);
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    PageHref {
        href,
        title: base_url.map(|base| page.url.absolute(base)),
    }
}

fn descendants(site: &Site, id: PageId) -> Vec<PageId> {
    let mut out = vec![id];
    for &child in &site.page(id).children {
        out.extend(descendants(site, child));
    }
    out
}

/// `text` as a CSS string, for the handout's running footer. Quotes, backslashes and
/// every control character are hex escapes (a raw form feed or line break would end the
/// string and let the rest restyle the page), `<` too so `</style>` cannot appear.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\0' => out.push_str("\\fffd "),
            '"' | '\\' | '<' | '>' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concepts::Concepts;
    use crate::model::test_site;

    #[test]
    fn page_links_go_to_sections_held_and_online_otherwise() {
        let site = test_site(
            &[
                ("index.md", "Home"),
                ("a/index.md", "A"),
                ("a/one.md", "One"),
                ("b/index.md", "B"),
                ("b/two.md", "Two"),
            ],
            Concepts::default(),
        );
        let id = |path: &str| {
            site.lookup(&crate::paths::SourcePath::new(path))
                .unwrap()
                .id
        };
        let (one, two) = (id("a/one.md"), id("b/two.md"));
        let part_a = |p: PageId| p == one || p == id("a/index.md");
        let from = url("a");
        let base = Some("https://x.io/r&d/");
        let held = page_href(&site, &part_a, &from, base, one.0, Some("x"));
        assert_eq!((held.href.as_str(), held.title), ("#a-one--x", None));
        let online = page_href(&site, &part_a, &from, base, two.0, None);
        assert_eq!(online.href, "../../b/two/");
        assert_eq!(online.title.as_deref(), Some("https://x.io/r&d/b/two/"));
        let whole = page_href(&site, &|_| true, &from, None, two.0, None);
        assert_eq!((whole.href.as_str(), whole.title), ("#b-two", None));
    }

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(
            css_string("a \"b\" \\ </style>\u{c}x\n\0"),
            "\"a \\22 b\\22  \\5c  \\3c /style\\3e \\c x\\a \\fffd \""
        );
    }
}
