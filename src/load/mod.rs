//! Step 1 of the pipeline: read the guide folder (sorted, so builds are deterministic)
//! and the theme. The only module besides `write` that touches the disk.

mod concepts_yaml;
mod contained;
mod front_matter;
mod mojibake;
mod nesting;
mod theme;
mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub(crate) use concepts_yaml::{CONCEPTS_FILE, unknown_concept};
pub(crate) use front_matter::{FrontMatter, PageKind, TimerStep};
pub(crate) use theme::embedded_theme;
pub use theme::load_theme;

use crate::concepts::Concepts;
use crate::config::{BaseUrl, EditUrl, GuideConfig, TabSize, project_dir_of};
use crate::error::{Diagnostic, Diagnostics, Error, Result, SourceLoc};
use crate::paths::SourcePath;
use crate::text::LineIndex;

/// Everything read from the guide folder, in sorted path order.
#[derive(Debug)]
pub struct GuideSource {
    /// `guide.yaml`.
    pub config: GuideConfig,
    /// `concepts.yaml`.
    pub concepts: Concepts,
    /// The markdown pages.
    pub pages: Vec<PageSource>,
    /// Every other file, copied as it is.
    pub assets: Vec<AssetSource>,
    /// Problems that do not stop a build: text that looks mis-encoded.
    pub warnings: Vec<Diagnostic>,
    /// Problems that fail the build but let it go on looking for more: front matter,
    /// `guide.yaml` and text that is not UTF-8. Each page stays loaded, with what could
    /// be read of it, so later steps check it and links to it as usual.
    pub problems: Vec<Diagnostic>,
}

/// A markdown file: its text, typed front matter and where its body starts.
#[derive(Debug)]
pub struct PageSource {
    pub path: SourcePath,
    /// The path to show in messages, e.g. `guide/behavioral/tips.md`.
    pub file: PathBuf,
    pub text: String,
    pub front: FrontMatter,
    pub body_offset: usize,
}

impl PageSource {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// Any other file in the guide (images, downloads): copied to the site as it is.
#[derive(Debug)]
pub struct AssetSource {
    pub path: SourcePath,
    pub file: PathBuf,
}

pub(crate) const CONFIG_FILE: &str = "guide.yaml";
/// A README at the top of the guide is for people reading the repository, not a page.
const README_FILE: &str = "README.md";

/// Reads the guide. Fails at once only when there is no guide to read, a file cannot be
/// read, or `concepts.yaml` has problems (every concept reference would be in doubt);
/// other problems are collected in [`GuideSource::problems`].
pub(crate) fn load(guide_dir: &Path) -> Result<GuideSource> {
    if !guide_dir.is_dir() {
        return Err(Error::Usage(format!(
            "guide folder {} not found: run guidebook in the folder that holds guide/, or pass --guide DIR",
            guide_dir.display()
        )));
    }
    let mut problems = Diagnostics::default();
    let root = contained::Root::new(guide_dir)?;
    let config = load_config(guide_dir, &root, &mut problems)?;
    let mut concept_problems = Diagnostics::default();
    let concepts = concepts_yaml::load_concepts(guide_dir, &root, &mut concept_problems)?;
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for (path, file) in walk(guide_dir, "guide", &mut problems)? {
        if [CONFIG_FILE, CONCEPTS_FILE, README_FILE].contains(&path.as_str()) {
            continue;
        }
        if path.is_markdown() {
            markdown.push((path, file));
        } else {
            assets.push(AssetSource { path, file });
        }
    }
    // Reading and parsing dominate loading a large guide; files keep their walk order.
    let read: Vec<Result<Loaded>> = markdown
        .into_par_iter()
        .map(|(path, file)| {
            let bytes = fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
            let (text, bad_bytes) = decode_lossy(bytes, &file);
            let (page, mut found) = parse_page(path, file, text);
            found.extend(bad_bytes);
            let warnings = mojibake::check(&page.text, &page.file);
            Ok((page, found, warnings))
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    let mut warnings = Vec::new();
    for page in read {
        let (page, found, warned) = page?;
        problems.extend(found);
        warnings.extend(warned);
        pages.push(page);
    }
    for name in [CONFIG_FILE, CONCEPTS_FILE] {
        let file = guide_dir.join(name);
        if root.escape(&file, "guide").is_some() {
            continue;
        }
        if let Ok(text) = fs::read_to_string(&file) {
            warnings.extend(mojibake::check(&text, &file));
        }
    }
    if !concept_problems.is_empty() {
        problems.extend(concept_problems.into_vec());
        return Err(Error::content(problems.into_vec()));
    }
    Ok(GuideSource {
        config,
        concepts,
        pages,
        assets,
        warnings,
        problems: problems.into_vec(),
    })
}

/// A page read and parsed, with its problems and its warnings.
type Loaded = (PageSource, Vec<Diagnostic>, Vec<Diagnostic>);

/// A page read again after a save, as [`load`] reads it, or `None` when it has anything
/// to report (bytes that are not UTF-8, a front matter problem, text that looks
/// mis-encoded): a full load must then report it.
pub(crate) fn reload_page(path: SourcePath, file: PathBuf) -> Result<Option<PageSource>> {
    let bytes = fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
    let Ok(text) = decode(bytes, &file) else {
        return Ok(None);
    };
    let (page, problems) = parse_page(path, file, text);
    let warnings = mojibake::check(&page.text, &page.file);
    Ok((problems.is_empty() && warnings.is_empty()).then_some(page))
}

/// Where the body of a page's `text` starts, after its front matter.
pub(crate) fn body_offset(text: &str, file: &Path) -> usize {
    front_matter::parse(text, file).0.body_offset
}

/// A page from its text: front matter typed, body located, with the problems of its
/// front matter (see `front_matter::parse`). `file` names it in messages.
pub fn parse_page(path: SourcePath, file: PathBuf, text: String) -> (PageSource, Vec<Diagnostic>) {
    let (parsed, problems) = front_matter::parse(&text, &file);
    let page = PageSource {
        path,
        file,
        text,
        front: parsed.front,
        body_offset: parsed.body_offset,
    };
    (page, problems)
}

fn load_config(
    guide_dir: &Path,
    root: &contained::Root,
    problems: &mut Diagnostics,
) -> Result<GuideConfig> {
    let file = guide_dir.join(CONFIG_FILE);
    let Some(bytes) = read_named(&file, root, problems)? else {
        return Ok(GuideConfig::default());
    };
    let text = match decode(bytes, &file) {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            return Ok(GuideConfig::default());
        }
    };
    let (mut config, found): (GuideConfig, _) =
        yaml::parse_entries(&text, &file, 1, GuideConfig::KEYS, "guide.yaml");
    problems.extend(found);
    let at = |key: &str| {
        let line = text.lines().position(|l| l.starts_with(key));
        line.map_or_else(
            || SourceLoc::file(&file),
            |l| SourceLoc::new(&file, l + 1, 1),
        )
    };
    if let Some(Err(why)) = config.base_url.clone().map(BaseUrl::try_from) {
        let help = "set base_url to the address the site is served at, or remove it";
        problems.push(Diagnostic::new(at("base_url:"), why).with_help(help));
    }
    if let Some(Err(why)) = config.tab_size.map(TabSize::try_from) {
        let help = "tab_size is the columns between tab stops in diagrams and code (default 8)";
        problems.push(Diagnostic::new(at("tab_size:"), why).with_help(help));
    }
    config.edit = edit_address(&config, guide_dir, |key, why, help| {
        problems.push(Diagnostic::new(at(key), why).with_help(help))
    });
    for (name, why) in theme::missing_stylesheets(&project_dir_of(guide_dir), &config.extra_css) {
        let line = text.lines().position(|l| l.contains(name.as_str()));
        let loc = line.map_or_else(|| at("extra_css:"), |l| SourceLoc::new(&file, l + 1, 1));
        let help = "extra_css lists stylesheets in the static/ folder beside the guide, \
                    loaded after the theme's";
        problems.push(Diagnostic::new(loc, why).with_help(help));
    }
    Ok(config)
}

/// The "Edit this page" address: `edit_url` as written, or the one `repository` implies
/// for a guide in a folder of that name at the repository's top.
fn edit_address(
    config: &GuideConfig,
    guide_dir: &Path,
    mut report: impl FnMut(&str, String, &str),
) -> Option<EditUrl> {
    if let Some(raw) = &config.edit_url {
        let help = "edit_url is the address that edits a page, with {path} for its file";
        return EditUrl::parse(raw)
            .map_err(|why| report("edit_url:", why, help))
            .ok();
    }
    let repository = config.repository.as_deref()?;
    let folder = guide_dir.file_name().map(|f| f.to_string_lossy());
    let help = "set repository to the repository's web address, or set edit_url";
    EditUrl::derive(repository, folder.as_deref().unwrap_or(""))
        .map_err(|why| report("repository:", why, help))
        .ok()
}

/// Every file under `dir` (the `folder` named in messages: "guide", "templates"), sorted
/// by path, skipping hidden files and folders. Symbolic links are followed while they
/// stay inside `dir`; one that leads out of it, or loops back to a folder above it, is
/// reported, and the walk goes on.
fn walk(
    dir: &Path,
    folder: &str,
    problems: &mut Diagnostics,
) -> Result<Vec<(SourcePath, PathBuf)>> {
    let root = contained::Root::new(dir)?;
    let mut escapes = Vec::new();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let escape = e.path_is_symlink().then(|| root.escape(e.path(), folder));
            match escape.flatten() {
                Some(problem) => {
                    escapes.push(problem);
                    false
                }
                None => true,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => {
                let link = e.path().unwrap_or(dir);
                let ancestor = e.loop_ancestor().unwrap_or(dir);
                problems.push(
                    Diagnostic::new(
                        SourceLoc::file(link),
                        format!("this symbolic link loops back to {}", ancestor.display()),
                    )
                    .with_help("remove the link, or point it at a folder outside the guide"),
                );
                continue;
            }
            Err(e) if e.path().is_some_and(Path::is_symlink) => {
                let link = e.path().unwrap_or(dir);
                let target = fs::read_link(link).unwrap_or_default();
                let why = e.io_error().map_or(String::new(), |io| format!(" ({io})"));
                problems.push(
                    Diagnostic::new(
                        SourceLoc::file(link),
                        format!(
                            "this symbolic link leads nowhere: {}{why}",
                            target.display()
                        ),
                    )
                    .with_help("remove the link, or point it at a file that exists"),
                );
                continue;
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                return Err(Error::io("read the folder at", &path, e.into()));
            }
        };
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push((
                SourcePath::new(&rel.to_string_lossy()),
                entry.path().to_path_buf(),
            ));
        }
    }
    problems.extend(escapes);
    Ok(files)
}

/// The bytes of a file the guide names by convention (`guide.yaml`, `concepts.yaml`):
/// `None` when there is none, or when it is a link out of the guide (a problem).
fn read_named(
    file: &Path,
    root: &contained::Root,
    problems: &mut Diagnostics,
) -> Result<Option<Vec<u8>>> {
    if !file.exists() {
        return Ok(None);
    }
    if let Some(problem) = root.escape(file, "guide") {
        problems.push(problem);
        return Ok(None);
    }
    fs::read(file)
        .map(Some)
        .map_err(|e| Error::io("read", file, e))
}

/// A page's text even when it is not all UTF-8 (each bad byte becomes U+FFFD), so links to
/// and from it are still checked; the first bad byte is reported.
fn decode_lossy(bytes: Vec<u8>, file: &Path) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (without_bom(text), None),
        Err(err) => {
            let problem = bad_byte(&err, file);
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            (without_bom(text), Some(problem))
        }
    }
}

/// UTF-8 text, without a byte-order mark; anything else names the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>, file: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(without_bom(text)),
        Err(err) => Err(bad_byte(&err, file)),
    }
}

fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    text
}

fn bad_byte(err: &std::string::FromUtf8Error, file: &Path) -> Diagnostic {
    let at = err.utf8_error().valid_up_to();
    let good = String::from_utf8_lossy(&err.as_bytes()[..at]);
    let (line, col) = LineIndex::new(&good).line_col(&good, at);
    Diagnostic::new(
        SourceLoc::new(file, line, col),
        format!("invalid UTF-8 at byte {at}"),
    )
    .with_help("save the file as UTF-8 text")
    .with_len(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        dir
    }

    /// Pages whose front matter or encoding is wrong stay in the guide, with what could
    /// be read of them, so the steps after loading check them and links to them.
    #[test]
    fn pages_with_problems_are_loaded_and_their_problems_kept() {
        let dir = guide(&[
            (
                "index.md",
                b"---\ntitle: Home\nkind: questoin\n---\n# Body\n",
            ),
            ("notes.md", b"# Notes\n\nCaf\xe9 [home](index.md)\n"),
            ("guide.yaml", b"title: Guide\ncolour: blue\n"),
        ]);
        let source = load(dir.path()).unwrap();
        assert_eq!(source.config.title, "Guide");
        assert_eq!(source.pages.len(), 2);
        assert_eq!(source.pages[0].front.title.as_deref(), Some("Home"));
        assert_eq!(source.pages[0].body(), "# Body\n");
        assert!(
            source.pages[1]
                .text
                .contains("Caf\u{fffd} [home](index.md)")
        );
        let mut found: Vec<String> = source.problems.iter().map(|d| d.message.clone()).collect();
        found.sort();
        assert_eq!(
            found,
            [
                "invalid UTF-8 at byte 12",
                "unknown guide.yaml key \"colour\"",
                "unknown value \"questoin\"",
            ]
        );
    }

    /// Every concept reference hangs on `concepts.yaml`: its problems stop the build
    /// after loading, with the others found so far.
    #[test]
    fn concept_problems_stop_after_loading_with_the_rest() {
        let dir = guide(&[
            ("index.md", b"---\nkind: questoin\n---\n"),
            ("concepts.yaml", b"- id: Not An Id\n  name: X\n"),
        ]);
        let Err(Error::Content(found)) = load(dir.path()) else {
            panic!("concepts.yaml's problem stops the load");
        };
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
