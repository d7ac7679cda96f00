//! What the practice templates see: a page's practice timer, and the home page's
//! summary of the reader's practice (questions practised, checklists ticked), which
//! `practice.js` fills in from the reader's browser.

use serde::Serialize;

use super::views::{Chrome, LinkView, Linker};
use crate::model::{Page, PageId, TimerStep};

/// A practice timer: the steps it walks through, as `timer:` in front matter gives them.
#[derive(Serialize, Debug, Default)]
pub(crate) struct TimerView<'a> {
    pub steps: &'a [TimerStep],
    /// The whole practice, in minutes.
    pub minutes: u32,
    /// Whether the page declares the timer itself (else it practises a question with
    /// the timer of its part's framework page, `from`).
    pub own: bool,
    pub from: Option<LinkView<'a>>,
}

/// The home page's practice summary: what there is to practise.
#[derive(Serialize, Debug, Default)]
pub(crate) struct PracticeView<'a> {
    /// How many questions the guide has.
    pub questions: usize,
    /// The pages with checklists, with their number of boxes (`tasks`).
    pub checklists: Vec<LinkView<'a>>,
}

impl<'a> Chrome<'a> {
    /// The timer `page` practises with, if any.
    pub(crate) fn timer_view(&self, page: &'a Page, linker: Linker) -> Option<TimerView<'a>> {
        let from = self.site.page(page.timer_from?);
        Some(TimerView {
            steps: &from.timer,
            minutes: from.timer.iter().map(|s| s.minutes).sum(),
            own: from.id == page.id,
            from: (from.id != page.id).then(|| self.link(from, linker)),
        })
    }

    /// The home page's practice summary; `None` when the guide has nothing to practise.
    pub(crate) fn practice_view(&self, id: PageId, linker: Linker) -> Option<PracticeView<'a>> {
        let site = self.site;
        if id != PageId(0) {
            return None;
        }
        let view = PracticeView {
            questions: site.questions().count(),
            checklists: (site.pages.iter())
                .filter(|p| p.tasks > 0)
                .map(|p| self.link(p, linker))
                .collect(),
        };
        (view.questions > 0 || !view.checklists.is_empty()).then_some(view)
    }
}
