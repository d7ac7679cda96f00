//! What the print templates see: a handout (`handout.html`), and the list of handouts
//! (`handouts.html`).

use serde::Serialize;

use super::Topic;
use crate::handout;
use crate::model::{Page, PageKind};
use crate::paths::UrlPath;
use crate::render::views::{Chrome, Linker, PageInfo, PageView, SiteView};

/// One page of a handout, rendered for print.
#[derive(Serialize, Default)]
pub(crate) struct Section {
    pub id: String,
    pub title: String,
    pub number: Option<u32>,
    pub summary: Option<String>,
    pub question: bool,
    pub content: String,
}

impl Section {
    pub(crate) fn new(page: &Page, content: String) -> Self {
        Section {
            id: handout::section_id(page),
            title: page.title.clone(),
            number: page.number,
            summary: page.summary.clone(),
            question: page.is_question(),
            content,
        }
    }
}

/// The context of `handout.html`.
#[derive(Serialize, Default)]
pub(crate) struct HandoutView<'a> {
    pub site: SiteView<'a>,
    pub title: &'a str,
    /// Where the topic is on the web, printed under the title.
    pub address: Option<String>,
    /// A QR code (SVG) that opens the topic's page, printed beside the address.
    pub qr: Option<String>,
    /// The title as a CSS string, for the running footer.
    pub footer: String,
    pub canonical: Option<String>,
    /// The pages' sections as HTML (streamed in where the frame shows them).
    pub sections: &'a str,
}

/// The context of `partials/handout-section.html`: one page of a handout.
#[derive(Serialize, Default)]
pub(crate) struct SectionView {
    pub section: Section,
    /// Whether the handout joins several pages (then each gets its title as a heading).
    pub several: bool,
}

/// A handout in the list of handouts.
#[derive(Serialize, Default)]
pub(crate) struct HandoutLink {
    pub title: String,
    pub href: String,
    pub pdf: Option<String>,
    pub number: Option<u32>,
    pub pages: usize,
}

/// The context of `handouts.html`: the whole guide, the parts, the questions.
#[derive(Serialize, Default)]
pub(crate) struct HandoutsView<'a> {
    #[serde(flatten)]
    pub base: PageView<'a>,
    pub guide: Vec<HandoutLink>,
    pub parts: Vec<HandoutLink>,
    pub questions: Vec<HandoutLink>,
}

impl<'a> Chrome<'a> {
    pub(crate) fn handout_view(
        &self,
        topic: &'a Topic,
        url: &'a UrlPath,
        sections: &'a str,
    ) -> HandoutView<'a> {
        let page = self.site.page(topic.page);
        let address = self.base_url.map(|base| page.url.absolute(base));
        let qr = address.as_deref().and_then(handout::qr::svg);
        HandoutView {
            site: self.site_view(Linker::relative(url)),
            title: &topic.title,
            address,
            qr,
            footer: handout::css_string(&topic.title),
            canonical: self.base_url.map(|b| url.absolute(b)),
            sections,
        }
    }

    pub(crate) fn handout_section_view(&self, section: Section, several: bool) -> SectionView {
        SectionView { section, several }
    }

    /// `has_pdf`: whether each topic has its PDF beside it.
    pub(crate) fn handouts_view(
        &self,
        topics: &[Topic],
        url: &'a UrlPath,
        has_pdf: &dyn Fn(&Topic) -> bool,
    ) -> HandoutsView<'a> {
        let linker = Linker::relative(url);
        let info = PageInfo {
            title: "Handouts",
            url: url.as_str(),
            summary: Some(
                "Every topic of the guide as a page to print: a question, a part, or the whole guide.",
            ),
            kind: PageKind::Page,
            canonical: self.base_url.map(|b| url.absolute(b)),
            ..PageInfo::default()
        };
        let link = |t: &Topic| HandoutLink {
            title: t.title.clone(),
            href: linker.href(&t.url()),
            pdf: has_pdf(t).then(|| linker.href(&t.pdf())),
            number: self.site.page(t.page).number,
            pages: t.pages.len(),
        };
        let (mut guide, mut parts, mut questions) = (Vec::new(), Vec::new(), Vec::new());
        for topic in topics {
            let page = self.site.page(topic.page);
            match (topic.slug == handout::WHOLE_GUIDE, page.is_question()) {
                (true, _) => guide.push(link(topic)),
                (false, true) => questions.push(link(topic)),
                (false, false) => parts.push(link(topic)),
            }
        }
        HandoutsView {
            base: self.generated_view(info, linker, true),
            guide,
            parts,
            questions,
        }
    }
}
