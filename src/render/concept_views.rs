//! What the concept templates see: a concept's page (`concept.html`), with every page
//! that mentions it, and the A-Z glossary (`concepts.html`).

use serde::Serialize;

use super::views::{ConceptLink, LinkView, Linker, PageInfo, PageView, ViewContext};
use crate::concepts::{ConceptId, GLOSSARY};
use crate::model::PageKind;
use crate::paths::UrlPath;

pub(crate) fn glossary_url() -> UrlPath {
    UrlPath::file(GLOSSARY)
}

/// One page's mentions of a concept, for the concept's page.
#[derive(Serialize, Default)]
pub(crate) struct MentionGroup<'a> {
    pub page: PageRef<'a>,
    pub snippets: Vec<Snippet<'a>>,
}

/// A page as a concept's page lists it: a concept of a large guide lists thousands.
#[derive(Serialize, Default)]
pub(crate) struct PageRef<'a> {
    pub title: &'a str,
    pub href: String,
    pub number: Option<u32>,
}

#[derive(Serialize, Default)]
pub(crate) struct Snippet<'a> {
    pub text: &'a str,
    pub href: String,
}

/// The context of `concept.html`.
#[derive(Serialize, Default)]
pub(crate) struct ConceptView<'a> {
    #[serde(flatten)]
    pub base: PageView<'a>,
    pub concept: ConceptDetail<'a>,
}

#[derive(Serialize, Default)]
pub(crate) struct ConceptDetail<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub aliases: &'a [String],
    pub mention_count: usize,
    pub mentions: Vec<MentionGroup<'a>>,
    pub related: Vec<ConceptLink>,
}

/// The context of `concepts.html`: concepts grouped by initial.
#[derive(Serialize, Default)]
pub(crate) struct GlossaryView<'a> {
    #[serde(flatten)]
    pub base: PageView<'a>,
    pub letters: Vec<GlossaryLetter>,
}

#[derive(Serialize, Default)]
pub(crate) struct GlossaryLetter {
    pub letter: String,
    pub concepts: Vec<GlossaryEntry>,
}

#[derive(Serialize, Default)]
pub(crate) struct GlossaryEntry {
    pub name: String,
    pub href: String,
    pub description: Option<String>,
    pub mentions: usize,
    pub pages: usize,
}

impl<'a> ViewContext<'a> {
    pub(crate) fn concept_view(&self, id: ConceptId) -> ConceptView<'a> {
        let site = self.site;
        let concept = site.concepts.get(id);
        let linker = Linker::relative(&concept.url);
        let mut breadcrumbs_view = self.generated_view(
            PageInfo {
                title: &concept.name,
                url: concept.url.as_str(),
                summary: concept.description.as_deref(),
                canonical: self.base_url.map(|b| concept.url.absolute(b)),
                ..PageInfo::default()
            },
            linker,
            true,
        );
        breadcrumbs_view.breadcrumbs.push(LinkView {
            title: "Concepts",
            href: linker.href(&glossary_url()),
            url: GLOSSARY,
            number: None,
            summary: None,
            kind: PageKind::Page,
            ..LinkView::default()
        });
        let groups = &self.graph.mentions[id.0];
        let mentions = groups
            .iter()
            .map(|group| {
                let page = site.page(group.page);
                let href = linker.href(&page.url);
                MentionGroup {
                    snippets: group
                        .first(self.graph)
                        .map(|m| Snippet {
                            text: m.snippet,
                            href: match m.anchor {
                                Some(anchor) => format!("{href}#{anchor}"),
                                None => href.clone(),
                            },
                        })
                        .collect(),
                    page: PageRef {
                        title: &page.title,
                        href,
                        number: page.number,
                    },
                }
            })
            .collect();
        ConceptView {
            base: breadcrumbs_view,
            concept: ConceptDetail {
                name: &concept.name,
                description: concept.description.as_deref(),
                aliases: &concept.aliases,
                mention_count: groups.iter().map(|g| g.count).sum(),
                mentions,
                related: self.graph.co_occurring[id.0]
                    .iter()
                    .map(|(c, n)| self.concept_link(*c, *n, linker))
                    .collect(),
            },
        }
    }

    pub(crate) fn glossary_view(&self, url: &'a UrlPath) -> GlossaryView<'a> {
        let linker = Linker::relative(url);
        let info = PageInfo {
            title: "Concepts",
            url: url.as_str(),
            summary: Some("Every concept in the guide, A to Z, with where it comes up."),
            canonical: self.base_url.map(|b| url.absolute(b)),
            ..PageInfo::default()
        };
        let mut entries: Vec<((String, String), GlossaryEntry)> = self
            .site
            .concepts
            .iter()
            .map(|(id, concept)| {
                let groups = &self.graph.mentions[id.0];
                let entry = GlossaryEntry {
                    name: concept.name.clone(),
                    href: linker.href(&concept.url),
                    description: concept.description.clone(),
                    mentions: groups.iter().map(|g| g.count).sum(),
                    pages: groups.len(),
                };
                let key = concept.name.to_lowercase();
                // Names that start with no letter A-Z (digits, "Übergang") share "#",
                // which comes first, so each letter is one group.
                let letter = key
                    .chars()
                    .next()
                    .filter(char::is_ascii_alphabetic)
                    .map_or("#".to_string(), |c| c.to_ascii_uppercase().to_string());
                ((letter, key), entry)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut letters: Vec<GlossaryLetter> = Vec::new();
        for ((letter, _), entry) in entries {
            match letters.last_mut() {
                Some(last) if last.letter == letter => last.concepts.push(entry),
                _ => letters.push(GlossaryLetter {
                    letter,
                    concepts: vec![entry],
                }),
            }
        }
        GlossaryView {
            base: self.generated_view(info, linker, true),
            letters,
        }
    }
}
