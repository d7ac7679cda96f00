//! A served site brought up to date after a save, without building it again: when a
//! save changed only the text of pages (not their front matter or title) and nothing
//! another page shows of them (where their links go, their headings, the concepts they
//! name and the sentences that name them), only those pages' own files, their sections
//! of the handouts that join pages, and the search index can change. Those are made
//! again and put in place of the old; anything a save changes beyond that is left to a
//! full build, which is always right.

use std::path::PathBuf;

use memchr::memmem;

use super::outputs::PagesDone;
use super::{Outputs, Project};
use crate::error::Result;
use crate::graph::Graph;
use crate::handout::{JoinedSections as Sections, Topic};
use crate::linkcheck::{OutputCheck, PageScan};
use crate::load;
use crate::markdown::diagram;
use crate::model::{PageId, title_and_body};
use crate::paths::SourcePath;
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
    pub(super) topics: Vec<Topic>,
    pub(super) assets: Assets,
    pub(super) handouts: Handouts,
    pub(super) diagrams: diagram::Cache,
    pub(super) index: search::Index,
    pub(super) made: PagesDone,
}

/// Brings `files`, the site `project` built (with what was `kept` of that build), up to
/// date after the files at `changed` were saved. Returns how many pages were made again,
/// or `None` when the save reaches further than those pages' own files, or has anything
/// to report: a full build must take it. After `None`, `project`, `kept` and `files`
/// may be half changed and are to be built again.
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
        let (title, body) = title_and_body(&source);
        let warned = (project.site.warnings.iter()).any(|w| w.loc.path() == page.file);
        if !same_front || title != page.title || warned {
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
    let docs = outputs(project, kept, &memory, |out| {
        let mut docs = Vec::with_capacity(ids.len());
        for (&id, old) in ids.iter().zip(&old_sections) {
            match remake_page(out, kept, id, old, files)? {
                Some(doc) => docs.push(doc),
                None => return Ok(None),
            }
        }
        Ok(Some(docs))
    })?;
    let Some(docs) = docs else {
        return Ok(None);
    };
    remake_search(&memory, kept, &ids, docs, project.site.pages.len())?;
    if kept.index.enabled {
        // The index's files are all made again: fewer may be needed than before.
        files.retain(|file, _| !file.starts_with("search/t/") && !file.starts_with("search/f/"));
    }
    files.extend(memory.into_files());
    Ok(Some(ids.len()))
}

/// The pages saved, when every file changed is a page's, as a plain file (a link or a
/// file that is gone, created or not a page needs a full build).
fn changed_pages(project: &Project, changed: &[PathBuf]) -> Option<Vec<PageId>> {
    let root = project.guide_dir.canonicalize().ok()?;
    let mut ids = Vec::new();
    for path in changed {
        if !std::fs::symlink_metadata(path).ok()?.file_type().is_file() {
            return None;
        }
        let path = path.canonicalize().ok()?;
        let rel = path.strip_prefix(&root).ok()?;
        let rel: Vec<_> = rel
            .iter()
            .map(|part| part.to_str())
            .collect::<Option<_>>()?;
        let id = *project
            .site
            .by_source
            .get(&SourcePath::new(&rel.join("/")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    (!ids.is_empty()).then_some(ids)
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

/// Page `id` made again: its page, its own handout, its sections of the joined handouts
/// (put in place of `old` in `files`) and its search document, returned. `None` when
/// the page shows other pages anything new.
fn remake_page(
    out: &Outputs,
    kept: &Kept,
    id: PageId,
    old: &Sections,
    files: &mut Files,
) -> Result<Option<search::Doc>> {
    let page = out.chrome.site.page(id);
    let ((facts, problems), sections) = out.joined_sections(&kept.check, page)?;
    if !problems.is_empty() || facts.signature() != kept.facts[id.0] {
        return Ok(None);
    }
    for ((file, before, scan_before), (new_file, after, scan)) in old.iter().zip(&sections) {
        let same = file == new_file && scan.signature() == scan_before.signature();
        if !same || !splice(files, file, before, after) {
            return Ok(None);
        }
    }
    let topic = (kept.topics.iter()).find(|t| t.pages.len() == 1 && t.page == id);
    let views = ViewContext {
        chrome: Chrome { ..out.chrome },
        graph: &kept.graph,
    };
    let navs = out.shared_navs(std::slice::from_ref(page));
    let (_, scan, handout, doc) =
        out.page_with_handout(&kept.check, &views, &navs, &kept.index, page, topic)?;
    let handout_scan = handout.as_ref().map(PageScan::signature);
    let same = !scan.has_problems()
        && scan.signature() == kept.made.scans[id.0]
        && handout_scan == kept.made.handout_scans[id.0];
    Ok(same.then_some(doc))
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
    let mut spliced = Vec::with_capacity(bytes.len() + after.len() - before.len().min(after.len()));
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
    use crate::generate::generate_keeping;
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
        let project = Project::load_buildable(&config, false).unwrap();
        let memory = Memory::default();
        let (_, kept) =
            generate_keeping(&project, &memory, false, &mut Timings::start(), true).unwrap();
        (project, kept.unwrap(), memory.into_files())
    }

    fn assert_same_site(files: &Files, guide: &Path) {
        let (_, _, expected) = build(guide);
        let names = |f: &Files| f.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(files), names(&expected));
        for (name, bytes) in &expected {
            assert!(files[name] == *bytes, "{name} differs from a full build's");
        }
    }

    #[test]
    fn saved_paragraphs_remake_their_page_as_a_full_build_would() {
        let (_tmp, guide) = guide();
        let (mut project, mut kept, mut files) = build(&guide);
        let page = guide.join("system-design/feature-store.md");
        let original = std::fs::read_to_string(&page).unwrap();
        let added = format!("{original}\nA zebrafish paragraph, with words new to the guide.\n");
        // A page's words come and go: the index loses a term no page has any more.
        for text in [&added, &original] {
            std::fs::write(&page, text).unwrap();
            let made = update(
                &mut project,
                &mut kept,
                &mut files,
                std::slice::from_ref(&page),
            );
            assert_eq!(made.unwrap(), Some(1));
            assert_same_site(&files, &guide);
        }
    }

    #[test]
    fn a_save_that_others_would_show_is_left_to_a_full_build() {
        let (_tmp, guide) = guide();
        let (mut project, mut kept, mut files) = build(&guide);
        let page = guide.join("system-design/feature-store.md");
        let original = std::fs::read_to_string(&page).unwrap();
        for text in [
            format!("{original}\n## A new heading\n"),
            format!("{original}\nSee [the warehouse](data-warehouse.md).\n"),
            format!("{original}\nKafka, named here.\n"),
            original.replace("title: \"Design a Feature Store for ML\"", "title: Other"),
        ] {
            std::fs::write(&page, &text).unwrap();
            let made = update(
                &mut project,
                &mut kept,
                &mut files,
                std::slice::from_ref(&page),
            );
            assert_eq!(made.unwrap(), None, "{}", &text[text.len() - 40..]);
            (project, kept, files) = build(&guide);
        }
        let yaml = guide.join("guide.yaml");
        let made = update(&mut project, &mut kept, &mut files, &[yaml]);
        assert_eq!(made.unwrap(), None);
    }
}
