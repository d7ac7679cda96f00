//! A served site brought up to date after a save, without building it again. When a
//! save changed only the text of pages (not their front matter, title or file), it
//! makes again what can show that text: those pages, their sections of the handouts
//! that join pages, and the search index; and, when what other pages show of them
//! changed too (where their links go, the concepts they name and the sentences that
//! name them), the link graph and every page and concept page whose part of it changed.
//! Each file made is checked as a build checks it, against the ids the site had; a save
//! that takes an id away (a heading renamed) or changes anything else is left to a full
//! build, which is always right.

use std::path::PathBuf;

use memchr::memmem;
use rustc_hash::{FxHashMap, FxHashSet};

use super::outputs::PagesDone;
use super::{Outputs, Project};
use crate::concepts::ConceptId;
use crate::error::Result;
use crate::graph::{self, Graph, PageFacts};
use crate::handout::{JoinedSections as Sections, Topic};
use crate::linkcheck::{OutputCheck, PageScan, SiteIds};
use crate::load;
use crate::markdown::{LinkRef, diagram};
use crate::model::{PageId, title_and_body};
use crate::paths::{SourcePath, UrlPath};
use crate::render::views::{Assets, Chrome, Handouts, ViewContext};
use crate::search;
use crate::write::{Files, Memory};

/// What `serve` keeps of a good build to bring it up to date after a save.
pub(crate) struct Kept {
    /// The link check with every file of the site registered, before any page's scan.
    pub(super) check: OutputCheck,
    pub(super) graph: Graph,
    /// By page: the signature of what other pages see of it.
    pub(super) facts: Vec<u64>,
    /// By page: its links, which the graph does not keep.
    pub(super) links: Vec<Vec<LinkRef>>,
    /// The ids of every page and concept page, which links to them rely on.
    pub(super) site_ids: SiteIds,
    /// The ids of each handout that joins pages, by its file.
    pub(super) handout_ids: FxHashMap<String, FxHashSet<u64>>,
    pub(super) topics: Vec<Topic>,
    pub(super) assets: Assets,
    pub(super) handouts: Handouts,
    pub(super) diagrams: diagram::Cache,
    pub(super) index: search::Index,
    pub(super) made: PagesDone,
}

/// Brings `files`, the site `project` built (with what was `kept` of that build), up to
/// date after the files at `changed` were saved. Returns how many pages and concept
/// pages were made again, or `None` when the save reaches further, or has anything to
/// report: a full build must take it. After `None`, `project`, `kept` and `files` may be
/// half changed and are to be built again.
pub(crate) fn update(
    project: &mut Project,
    kept: &mut Kept,
    files: &mut Files,
    changed: &[PathBuf],
) -> Result<Option<usize>> {
    let Some(ids) = changed_pages(project, changed) else {
        return Ok(None);
    };
    let mut saved = Vec::with_capacity(ids.len());
    for &id in &ids {
        let page = project.site.page(id);
        let Some(source) = load::reload_page(page.source.clone(), page.file.clone())? else {
            return Ok(None);
        };
        let old_front = load::body_offset(&page.text, &page.file);
        let same_front =
            source.body_offset == old_front && source.text[..old_front] == page.text[..old_front];
        let (title, body, warning) = title_and_body(&source);
        let warned = (project.site.warnings.iter()).any(|w| w.loc.path() == page.file);
        // A checklist's size shows in every page's sidebar.
        let tasks = crate::text::task_count(&source.text[body.clone()]);
        if !same_front || title != page.title || warned || warning.is_some() || tasks != page.tasks
        {
            return Ok(None);
        }
        saved.push((id, source.text, body));
    }
    let old_sections = outputs(project, kept, &Memory::default(), |out| {
        (ids.iter())
            .map(|&id| Ok(out.joined_sections(&kept.check, project.site.page(id))?.1))
            .collect::<Result<Vec<Sections>>>()
    })?;
    for (id, text, body) in saved {
        let page = &mut project.site.pages[id.0];
        page.text = text;
        page.body = body;
    }
    if kept.index.enabled && search::per_file(&project.site) != kept.index.per_file() {
        return Ok(None);
    }
    let memory = Memory::default();
    let Some(facts) = outputs(project, kept, &memory, |out| {
        analyse(out, kept, &ids, &old_sections, files)
    })?
    else {
        return Ok(None);
    };
    let Some((graph, links)) = regraph(project, kept, &ids, facts) else {
        return Ok(None);
    };
    let Some(made) = outputs(project, kept, &memory, |out| {
        remake(out, kept, &graph, &ids, files)
    })?
    else {
        return Ok(None);
    };
    if let Some(graph) = graph {
        kept.graph = graph;
    }
    for (&id, (links, signature)) in ids.iter().zip(links) {
        kept.links[id.0] = links;
        kept.facts[id.0] = signature;
    }
    remake_search(&memory, kept, &ids, made.docs, project.site.pages.len())?;
    if kept.index.enabled {
        // The index's files are all made again: fewer may be needed than before.
        files.retain(|file, _| !file.starts_with("search/t/") && !file.starts_with("search/f/"));
    }
    files.extend(memory.into_files());
    Ok(Some(made.count))
}

/// The pages saved, when every file changed is a page's, as a plain file (a link or a
/// file that is gone, created or not a page needs a full build).
fn changed_pages(project: &Project, changed: &[PathBuf]) -> Option<Vec<PageId>> {
    let root = project.guide_dir.canonicalize().ok()?;
    let mut ids = Vec::new();
    for path in changed {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            // An editor's temporary file, written and renamed over the page, is gone by
            // now; a page, an asset or a folder of them that is gone is a change.
            let parent = path.parent()?.canonicalize().ok()?;
            let rel = site_path(&root, &parent.join(path.file_name()?))?;
            if site_had(project, &rel) {
                return None;
            }
            continue;
        };
        if !meta.file_type().is_file() {
            return None;
        }
        let rel = site_path(&root, &path.canonicalize().ok()?)?;
        let id = *project.site.by_source.get(&SourcePath::new(&rel))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    (!ids.is_empty()).then_some(ids)
}

/// `path` inside the guide at `root`, `/`-separated.
fn site_path(root: &std::path::Path, path: &std::path::Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    Some(parts.join("/"))
}

/// Whether the site was made with the guide's file or folder `rel`.
fn site_had(project: &Project, rel: &str) -> bool {
    let site = &project.site;
    let folder = format!("{rel}/");
    let mut sources = (site.pages.iter().map(|p| p.source.as_str()))
        .chain(site.assets.iter().map(|a| a.path.as_str()));
    [load::CONFIG_FILE, load::CONCEPTS_FILE].contains(&rel)
        || sources.any(|s| s == rel || s.starts_with(&folder))
}

/// Runs `make` with the outputs of the site as `kept`, writing into `memory`.
fn outputs<T>(
    project: &Project,
    kept: &Kept,
    memory: &Memory,
    make: impl FnOnce(&Outputs) -> Result<T>,
) -> Result<T> {
    let chrome = Chrome {
        site: &project.site,
        assets: &kept.assets,
        base_url: project.base_url.as_ref().map(|b| b.as_str()),
        handouts: &kept.handouts,
    };
    let out = Outputs {
        sink: memory,
        topics: &kept.topics,
        renderer: &project.renderer,
        chrome,
        diagrams: &kept.diagrams,
        keep: false,
    };
    make(&out)
}

/// The saved pages analysed, and their sections put in place of the `old` ones in the
/// handouts that join pages in `files`. `None` when a page has a problem, or a section
/// lost an id or has a link that does not hold.
fn analyse(
    out: &Outputs,
    kept: &Kept,
    ids: &[PageId],
    old: &[Sections],
    files: &mut Files,
) -> Result<Option<Vec<PageFacts>>> {
    let mut all = Vec::with_capacity(ids.len());
    for (&id, old) in ids.iter().zip(old) {
        let page = out.chrome.site.page(id);
        let ((mut facts, problems), sections) = out.joined_sections(&kept.check, page)?;
        if !problems.is_empty() || old.len() != sections.len() {
            return Ok(None);
        }
        for ((file, before, was), (new_file, after, scan)) in old.iter().zip(&sections) {
            let sound = file == new_file
                && scan.keeps_ids(was)
                && scan.sound_in(&kept.site_ids, kept.handout_ids.get(file));
            if !sound || !splice(files, file, before, after) {
                return Ok(None);
            }
        }
        // Diagram notes are warnings: the graph does not keep them.
        facts.notes.clear();
        all.push(facts);
    }
    Ok(Some(all))
}

/// The saved pages' links and facts' signatures, with the link graph made again when
/// what other pages see of them changed (`None` inside: the graph stands). `None` when
/// a link to another page names an anchor it does not have.
#[allow(clippy::type_complexity)]
fn regraph(
    project: &Project,
    kept: &Kept,
    ids: &[PageId],
    facts: Vec<PageFacts>,
) -> Option<(Option<Graph>, Vec<(Vec<LinkRef>, u64)>)> {
    let signatures: Vec<u64> = facts.iter().map(PageFacts::signature).collect();
    let links: Vec<(Vec<LinkRef>, u64)> = (facts.iter().map(|f| f.links.clone()))
        .zip(signatures.iter().copied())
        .collect();
    let same = ids
        .iter()
        .zip(&signatures)
        .all(|(id, s)| kept.facts[id.0] == *s);
    if same {
        return Some((None, links));
    }
    let mut all = kept.graph.facts.clone();
    for (page, links) in all.iter_mut().zip(&kept.links) {
        page.links = links.clone();
    }
    for (&id, page) in ids.iter().zip(facts) {
        all[id.0] = page;
    }
    let site = &project.site;
    if !graph::check_anchors(site, &all).is_empty() {
        return None;
    }
    Some((Some(graph::build(site, all)), links))
}

/// What [`remake`] made: the saved pages' search documents, and how many pages and
/// concept pages it made again.
struct Made {
    docs: Vec<search::Doc>,
    count: usize,
}

/// The saved pages made again, with every page and concept page whose part of the
/// link graph changed when there is a new `graph`. `None` when one of them lost an id
/// or a link that does not hold.
fn remake(
    out: &Outputs,
    kept: &Kept,
    graph: &Option<Graph>,
    ids: &[PageId],
    files: &Files,
) -> Result<Option<Made>> {
    let graph = graph.as_ref().unwrap_or(&kept.graph);
    let views = ViewContext {
        chrome: Chrome { ..out.chrome },
        graph,
    };
    let (pages, concepts) = changed_views(&kept.graph, graph, ids);
    let mut docs = Vec::with_capacity(ids.len());
    for &id in &pages {
        let page = out.chrome.site.page(id);
        let topic = (kept.topics.iter()).find(|t| t.pages.len() == 1 && t.page == id);
        let navs = out.shared_navs(std::slice::from_ref(page));
        let (_, scan, handout, doc) =
            out.page_with_handout(&kept.check, &views, &navs, &kept.index, page, topic)?;
        let handout_sound = handout.is_none_or(|h| h.sound_in(&kept.site_ids, None));
        if !handout_sound || !holds(kept, files, &page.url, &scan) {
            return Ok(None);
        }
        if ids.contains(&id) {
            docs.push((id, doc));
        }
    }
    for &concept in &concepts {
        let scan = out.concept_page(&kept.check, &views, concept)?;
        if !holds(
            kept,
            files,
            &out.chrome.site.concepts.get(concept).url,
            &scan,
        ) {
            return Ok(None);
        }
    }
    if !concepts.is_empty() {
        let scan = out.glossary(&kept.check, &views)?;
        if !holds(kept, files, &crate::render::views::glossary_url(), &scan) {
            return Ok(None);
        }
    }
    // The saved pages come first, in the order of `ids`.
    let docs = docs.into_iter().map(|(_, doc)| doc).collect();
    Ok(Some(Made {
        docs,
        count: pages.len() + concepts.len(),
    }))
}

/// The pages (the saved ones, then those whose backlinks, concepts or related questions
/// differ) and the concept pages (whose mentions or related concepts differ) that show
/// something different in `new` than in `old`.
fn changed_views(old: &Graph, new: &Graph, ids: &[PageId]) -> (Vec<PageId>, Vec<ConceptId>) {
    let mut pages = ids.to_vec();
    if std::ptr::eq(old, new) {
        return (pages, Vec::new());
    }
    for p in 0..old.backlinks.len() {
        let differs = old.backlinks[p] != new.backlinks[p]
            || old.page_concepts[p] != new.page_concepts[p]
            || old.related[p] != new.related[p];
        if differs && !pages.contains(&PageId(p)) {
            pages.push(PageId(p));
        }
    }
    let concepts = (0..old.mentions.len())
        .filter(|&c| concept_differs(old, new, c, ids))
        .map(ConceptId)
        .collect();
    (pages, concepts)
}

/// Whether concept `c`'s page shows something different in `new` than in `old`, where
/// only pages `ids` changed: the pages that mention it, how often, the first mentions
/// of the pages changed, or its related concepts.
fn concept_differs(old: &Graph, new: &Graph, c: usize, ids: &[PageId]) -> bool {
    let (before, after) = (&old.mentions[c], &new.mentions[c]);
    let counts = |groups: &[graph::PageMentions]| -> Vec<(PageId, usize)> {
        groups.iter().map(|g| (g.page, g.count)).collect()
    };
    let firsts_differ = before
        .iter()
        .zip(after)
        .any(|(b, a)| ids.contains(&b.page) && !b.first(old).eq(a.first(new)));
    counts(before) != counts(after) || firsts_differ || old.co_occurring[c] != new.co_occurring[c]
}

/// Whether a file made again, scanned (`scan`), keeps every id its old self in `files`
/// had (at `url`), and every link of it holds.
fn holds(kept: &Kept, files: &Files, url: &UrlPath, scan: &PageScan) -> bool {
    let file = url.out_file();
    let Some(old) = files.get(&file) else {
        return false;
    };
    let Ok(old) = std::str::from_utf8(old) else {
        return false;
    };
    let was = kept.check.scan(&file, old, std::path::Path::new(""));
    scan.keeps_ids(&was) && scan.sound_in(&kept.site_ids, None)
}

/// `before`, found once in `file`, replaced by `after`; false when it is not found once.
fn splice(files: &mut Files, file: &str, before: &str, after: &str) -> bool {
    let Some(bytes) = files.get_mut(file) else {
        return false;
    };
    let finder = memmem::Finder::new(before.as_bytes());
    let Some(at) = finder.find(bytes) else {
        return false;
    };
    if finder.find(&bytes[at + 1..]).is_some() {
        return false;
    }
    let mut spliced = Vec::with_capacity(bytes.len() + after.len());
    spliced.extend_from_slice(&bytes[..at]);
    spliced.extend_from_slice(after.as_bytes());
    spliced.extend_from_slice(&bytes[at + before.len()..]);
    *bytes = std::sync::Arc::new(spliced);
    true
}

/// The files of documents that hold pages `ids`, given their new documents `docs`, and
/// the index's files, made again into `memory`.
fn remake_search(
    memory: &Memory,
    kept: &mut Kept,
    ids: &[PageId],
    docs: Vec<search::Doc>,
    pages: usize,
) -> Result<()> {
    if !kept.index.enabled {
        return Ok(());
    }
    let made = &mut kept.made;
    for (id, doc) in ids.iter().zip(docs) {
        made.entries[id.0] = doc.entry;
        made.postings[id.0] = doc.postings;
    }
    let per_file = kept.index.per_file();
    let mut groups: Vec<usize> = ids.iter().map(|id| id.0 / per_file).collect();
    groups.sort_unstable();
    groups.dedup();
    for n in groups {
        let entries = &made.entries[n * per_file..pages.min((n + 1) * per_file)];
        let (file, js) = search::Index::docs_file(n, entries);
        memory.write(&file, js.as_bytes())?;
        made.groups[n] = search::chain_hash(search::HASH_START, js.as_bytes());
    }
    let hash = search::docs_hash(&made.groups);
    for (file, js) in kept.index.finish(&made.postings, hash).0 {
        memory.write(&file, js.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::BuildConfig;
    use crate::generate::{Pdfs, generate_keeping};
    use crate::timings::Timings;

    /// The shipped guide, copied where it can be edited.
    fn guide() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = tmp
                .path()
                .join("guide")
                .join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let guide = tmp.path().join("guide");
        (tmp, guide)
    }

    fn build(guide: &Path) -> (Project, Kept, Files) {
        let config = BuildConfig {
            guide_dir: guide.to_path_buf(),
            out_dir: PathBuf::new(),
            base_url: None,
        };
        let project = Project::load_buildable(&config, &Pdfs::None).unwrap();
        let memory = Memory::default();
        let (_, kept) =
            generate_keeping(&project, &memory, &Pdfs::None, &mut Timings::start(), true).unwrap();
        (project, kept.unwrap(), memory.into_files())
    }

    /// A guide being served: its build kept, and its files.
    struct Served {
        guide: PathBuf,
        project: Project,
        kept: Kept,
        files: Files,
    }

    impl Served {
        fn new(guide: &Path) -> Self {
            let (project, kept, files) = build(guide);
            let guide = guide.to_path_buf();
            Served {
                guide,
                project,
                kept,
                files,
            }
        }

        /// Saves `text` as the guide's file `rel`, and brings the site up to date.
        fn save(&mut self, rel: &str, text: &str) -> Option<usize> {
            let file = self.guide.join(rel);
            std::fs::write(&file, text).unwrap();
            let (project, kept, files) = (&mut self.project, &mut self.kept, &mut self.files);
            update(project, kept, files, &[file]).unwrap()
        }

        fn assert_as_built(&self) {
            let (_, _, expected) = build(&self.guide);
            let names = |f: &Files| f.keys().cloned().collect::<Vec<_>>();
            assert_eq!(names(&self.files), names(&expected));
            for (name, bytes) in &expected {
                assert!(
                    self.files[name] == *bytes,
                    "{name} differs from a full build's"
                );
            }
        }
    }

    const PAGE: &str = "system-design/feature-store.md";

    #[test]
    fn saved_paragraphs_remake_their_page_as_a_full_build_would() {
        let (_tmp, guide) = guide();
        let mut served = Served::new(&guide);
        let original = std::fs::read_to_string(guide.join(PAGE)).unwrap();
        let added = format!("{original}\nA zebrafish paragraph, with words new to the guide.\n");
        // A page's words come and go: the index loses a term no page has any more.
        for text in [&added, &original] {
            assert_eq!(served.save(PAGE, text), Some(1));
            served.assert_as_built();
        }
    }

    #[test]
    fn a_link_a_concept_or_a_heading_remakes_the_pages_that_show_it() {
        let (_tmp, guide) = guide();
        let mut served = Served::new(&guide);
        let original = std::fs::read_to_string(guide.join(PAGE)).unwrap();
        let linked = format!("{original}\nSee [the warehouse](data-warehouse.md).\n");
        let named = format!("{linked}\nKafka, named here, and dbt.\n");
        let headed = format!("{named}\n## A new heading\n\nUnder it.\n");
        for (text, at_least) in [(&linked, 2), (&named, 3), (&headed, 1)] {
            let made = served.save(PAGE, text).expect("brought up to date");
            assert!(made >= at_least, "{made} pages made again");
            served.assert_as_built();
        }
        // The heading's anchor goes: a link elsewhere may have named it.
        assert_eq!(served.save(PAGE, &named), None);
    }

    #[test]
    fn a_save_that_takes_an_id_away_or_more_is_left_to_a_full_build() {
        let (_tmp, guide) = guide();
        let original = std::fs::read_to_string(guide.join(PAGE)).unwrap();
        for text in [
            original.replace("## Architecture {#architecture}", "## Design {#design}"),
            format!("{original}\nSee [nowhere](data-warehouse.md#nowhere).\n"),
            original.replace("title: \"Design a Feature Store for ML\"", "title: Other"),
        ] {
            let mut served = Served::new(&guide);
            assert_eq!(
                served.save(PAGE, &text),
                None,
                "{}",
                &text[text.len() - 40..]
            );
            std::fs::write(guide.join(PAGE), &original).unwrap();
        }
        let mut served = Served::new(&guide);
        assert_eq!(served.save("guide.yaml", "title: Other\n"), None);
        let mut served = Served::new(&guide);
        assert_eq!(served.save("system-design/new.md", "# New\n"), None);
    }

    #[test]
    fn an_editors_temporary_file_gone_by_the_save_is_no_change() {
        let (_tmp, guide) = guide();
        let mut served = Served::new(&guide);
        let (page, temporary) = (guide.join(PAGE), guide.join("system-design/x.md.tmp1"));
        let text = std::fs::read_to_string(&page).unwrap() + "\nSaved by rename.\n";
        std::fs::write(&temporary, &text).unwrap();
        std::fs::rename(&temporary, &page).unwrap();
        let changed = [temporary, page];
        let (project, kept, files) = (&mut served.project, &mut served.kept, &mut served.files);
        assert_eq!(update(project, kept, files, &changed).unwrap(), Some(1));
        served.assert_as_built();
        let gone = guide.join("system-design/data-warehouse.md");
        std::fs::remove_file(&gone).unwrap();
        let (project, kept, files) = (&mut served.project, &mut served.kept, &mut served.files);
        assert_eq!(update(project, kept, files, &[gone]).unwrap(), None);
    }
}
