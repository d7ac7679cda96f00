//! `docs/theme.md` is the theme's contract with authors: every template and partial, every
//! value their contexts hold and every CSS custom property. These tests fail when a
//! template can use something the document does not describe, or the document describes
//! something that is gone.

use serde::Serialize;

use crate::handout::Section;
use crate::handout::views::{HandoutLink, HandoutView, HandoutsView, SectionView};
use crate::load::TimerStep;
use crate::load::embedded_theme;
use crate::markdown::{Diagram, StarCard, StarPanel, Table, TocEntry};
use crate::render::Renderer;
use crate::render::concept_views::{
    ConceptDetail, ConceptView, GlossaryEntry, GlossaryLetter, GlossaryView, MentionGroup, PageRef,
    Snippet,
};
use crate::render::snippets::PARTIALS;
use crate::render::views::{
    ConceptLink, LinkView, PageInfo, PageView, PracticeView, RelatedView, SearchLinks, SiteView,
    TimerView,
};
use crate::site_files::{RobotsView, SitemapView};

const DOC: &str = include_str!("../docs/theme.md");
const STYLE: &str = include_str!("../static/style.css");

/// The names a view gives its templates, as they see them.
fn keys<V: Serialize>(view: &V) -> Vec<String> {
    let value = Renderer::value(view);
    let map = value.as_map().expect("a view is a map of names");
    map.keys().map(|key| key.to_string()).collect()
}

/// Each section of the document (by its heading) and the names it must describe.
fn contexts() -> Vec<(String, Vec<String>)> {
    let page = keys(&PageView {
        nav: Some(Vec::new()),
        ..PageView::default()
    });
    // The concept, glossary and handout list pages add to the page view.
    let added = |all: Vec<String>| all.into_iter().filter(|k| !page.contains(k)).collect();
    let mut contexts: Vec<(&str, Vec<String>)> = vec![
        ("Pages", page.clone()),
        ("site", keys(&SiteView::default())),
        ("site.search", keys(&SearchLinks::default())),
        ("page", keys(&PageInfo::default())),
        ("page.toc", keys(&TocEntry::default())),
        ("page.timer", keys(&TimerView::default())),
        ("page.timer.steps", keys(&TimerStep::default())),
        ("practice", keys(&PracticeView::default())),
        ("Links", keys(&LinkView::default())),
        ("concepts", keys(&ConceptLink::default())),
        ("related", keys(&RelatedView::default())),
        ("concept.html", added(keys(&ConceptView::default()))),
        ("concept", keys(&ConceptDetail::default())),
        ("concept.mentions", keys(&MentionGroup::default())),
        ("concept.mentions[].page", keys(&PageRef::default())),
        ("concept.mentions[].snippets", keys(&Snippet::default())),
        ("concepts.html", added(keys(&GlossaryView::default()))),
        ("letters", keys(&GlossaryLetter::default())),
        ("letters[].concepts", keys(&GlossaryEntry::default())),
        ("handouts.html", added(keys(&HandoutsView::default()))),
        ("Handout links", keys(&HandoutLink::default())),
        ("handout.html", keys(&HandoutView::default())),
        (
            "partials/handout-section.html",
            keys(&SectionView::default()),
        ),
        ("section", keys(&Section::default())),
        ("partials/star.html", keys(&StarCard::default())),
        ("panels", keys(&StarPanel::default())),
        ("partials/table.html", keys(&Table::default())),
        ("partials/diagram.html", keys(&Diagram::default())),
        ("sitemap.xml", keys(&SitemapView::default())),
        ("robots.txt", keys(&RobotsView::default())),
    ];
    for (partial, values) in PARTIALS {
        contexts.push((partial, values.iter().map(|v| v.to_string()).collect()));
    }
    (contexts.into_iter())
        .map(|(heading, keys)| (heading.to_string(), keys))
        .collect()
}

/// The text under `### {heading}` (backticks aside), to the next heading.
fn section(heading: &str) -> Option<&'static str> {
    let mut sections = DOC.split("\n#").skip(1);
    sections.find_map(|section| {
        let (title, body) = section.split_once('\n')?;
        let title = title.strip_prefix("## ")?.replace('`', "");
        (title == heading).then_some(body)
    })
}

/// The names a section's table describes: rows `| `name` | type | meaning | example |`.
fn documented(body: &str) -> Vec<(&str, usize)> {
    body.lines()
        .filter_map(|line| {
            let row = line.strip_prefix("| `")?;
            let (name, _) = row.split_once('`')?;
            let filled = line.split('|').filter(|c| !c.trim().is_empty()).count();
            Some((name, filled))
        })
        .collect()
}

#[test]
fn every_value_of_every_template_context_is_documented() {
    let mut problems = Vec::new();
    for (heading, keys) in contexts() {
        let Some(body) = section(&heading) else {
            problems.push(format!("no section `### {heading}`"));
            continue;
        };
        let rows = documented(body);
        for key in &keys {
            match rows.iter().find(|(name, _)| name == key) {
                None => problems.push(format!("{heading}: `{key}` is not described")),
                Some((_, filled)) if *filled < 4 => problems.push(format!(
                    "{heading}: `{key}` needs a type, a meaning and an example"
                )),
                Some(_) => {}
            }
        }
        for (name, _) in rows {
            if !keys.iter().any(|key| key == name) {
                problems.push(format!("{heading}: `{name}` is described but not there"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/theme.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_template_and_partial_is_documented() {
    let missing: Vec<String> = embedded_theme()
        .filter_map(|(file, _)| file.strip_prefix("templates/").map(str::to_string))
        .filter(|name| !DOC.contains(&format!("`{name}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/theme.md: {missing:?}");
}

#[test]
fn every_css_custom_property_of_the_theme_is_documented() {
    let root = STYLE.split(":root {").nth(1).expect("the tokens block");
    let root = root.split('}').next().unwrap();
    let properties: Vec<&str> = root
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--")?.split_once(':'))
        .map(|(name, _)| name)
        .collect();
    assert!(properties.len() > 20, "{properties:?}");
    let missing: Vec<&&str> = (properties.iter())
        .filter(|name| !DOC.contains(&format!("| `--{name}` |")))
        .collect();
    assert!(missing.is_empty(), "not in docs/theme.md: {missing:?}");
}
