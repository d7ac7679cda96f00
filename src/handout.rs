//! Handouts: the topics a reader prints (each question, each part, the whole guide) and
//! the pages each one joins. Rendering a page into a handout (unique ids, in-page links,
//! printed addresses) is the markdown passes' print mode; the page itself is the
//! `handout.html` template, built for paper (mdBook's print page is the model).

use crate::model::{Page, PageId, Site};
use crate::paths::UrlPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// `system-design-real-time-analytics`, `behavioral`, `whole-guide`.
    pub slug: String,
    pub title: String,
    /// The page the topic is about (the question, the part, the home page).
    pub page: PageId,
    /// The pages it joins, in guide order.
    pub pages: Vec<PageId>,
}

pub const WHOLE_GUIDE: &str = "whole-guide";

impl Topic {
    pub fn url(&self) -> UrlPath {
        url(&self.slug)
    }

    /// The PDF beside the handouts, written by `guidebook pdf`.
    pub fn pdf(&self) -> UrlPath {
        UrlPath::file(&format!("handouts/{}.pdf", self.slug))
    }
}

pub fn url(slug: &str) -> UrlPath {
    UrlPath::file(&format!("handouts/{slug}/"))
}

pub fn index_url() -> UrlPath {
    UrlPath::file("handouts/")
}

/// Every topic: the whole guide, each part (a section at the top of the guide), each
/// question.
pub fn topics(site: &Site) -> Vec<Topic> {
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

/// The handout a page offers to print: its own for a question or part, the whole guide
/// for the home page.
pub fn topic_of<'t>(topics: &'t [Topic], page: &Page) -> Option<&'t Topic> {
    topics
        .iter()
        .skip(1)
        .find(|t| t.page == page.id)
        .or_else(|| (page.id == PageId(0)).then(|| &topics[0]))
}

/// The id a page's section has in a handout, from its URL: `system-design-framework`.
pub fn section_id(page: &Page) -> String {
    let slug = page.url.as_str().trim_end_matches('/').replace('/', "-");
    if slug.is_empty() {
        "home".to_string()
    } else {
        slug
    }
}

fn descendants(site: &Site, id: PageId) -> Vec<PageId> {
    let mut out = vec![id];
    for &child in &site.page(id).children {
        out.extend(descendants(site, child));
    }
    out
}

/// `text` as a CSS string, for the handout's running footer.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(
            css_string("a \"b\" \\ </style>"),
            "\"a \\\"b\\\" \\\\ \\3C /style>\""
        );
    }
}
