//! Step 1 of the pipeline: read the guide folder (sorted, so builds are deterministic)
//! and the theme. The only module besides `write` that touches the disk.

mod concepts;
mod front_matter;
mod line_index;
mod mojibake;
mod theme;
mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use concepts::{CONCEPTS_FILE, unknown_concept};
pub use front_matter::{FrontMatter, PageKind, TimerStep};
pub use line_index::LineIndex;
pub use theme::{Template, Theme, load_theme};

use crate::concepts::Concepts;
use crate::config::GuideConfig;
use crate::error::{Diagnostic, Diagnostics, Error, Result, SourceLoc};
use crate::paths::SourcePath;

/// Everything read from the guide folder, in sorted path order.
#[derive(Debug)]
pub struct GuideSource {
    pub config: GuideConfig,
    pub concepts: Concepts,
    pub pages: Vec<PageSource>,
    pub assets: Vec<AssetSource>,
    /// Problems that do not stop a build: text that looks mis-encoded.
    pub warnings: Vec<Diagnostic>,
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

const CONFIG_FILE: &str = "guide.yaml";

pub fn load(guide_dir: &Path) -> Result<GuideSource> {
    if !guide_dir.is_dir() {
        return Err(Error::Usage(format!(
            "guide folder {} not found: run guidebook in the folder that holds guide/, or pass --guide DIR",
            guide_dir.display()
        )));
    }
    let mut problems = Diagnostics::default();
    let config = load_config(guide_dir, &mut problems)?;
    let concepts = concepts::load_concepts(guide_dir, &mut problems)?;
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for (path, file) in walk(guide_dir, &mut problems)? {
        if path.as_str() == CONFIG_FILE || path.as_str() == CONCEPTS_FILE {
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
            Ok(decode(bytes, &file)
                .and_then(|text| parse_page(path, file, text))
                .map(|page| {
                    let warnings = mojibake::check(&page.text, &page.file);
                    (page, warnings)
                }))
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    let mut warnings = Vec::new();
    for page in read {
        match page? {
            Ok((page, found)) => {
                warnings.extend(found);
                pages.push(page);
            }
            Err(d) => problems.push(d),
        }
    }
    for name in [CONFIG_FILE, CONCEPTS_FILE] {
        let file = guide_dir.join(name);
        if let Ok(text) = fs::read_to_string(&file) {
            warnings.extend(mojibake::check(&text, &file));
        }
    }
    problems.finish(GuideSource {
        config,
        concepts,
        pages,
        assets,
        warnings,
    })
}

/// A page read and parsed, with its warnings, or the problem that stopped it.
type Loaded = std::result::Result<(PageSource, Vec<Diagnostic>), Diagnostic>;

/// A page from its text: front matter typed, body located. `file` names it in messages.
pub fn parse_page(path: SourcePath, file: PathBuf, text: String) -> Result<PageSource, Diagnostic> {
    let parsed = front_matter::parse(&text, &file)?;
    Ok(PageSource {
        path,
        file,
        text,
        front: parsed.front,
        body_offset: parsed.body_offset,
    })
}

fn load_config(guide_dir: &Path, problems: &mut Diagnostics) -> Result<GuideConfig> {
    let file = guide_dir.join(CONFIG_FILE);
    if !file.exists() {
        return Ok(GuideConfig::default());
    }
    let bytes = fs::read(&file).map_err(|e| Error::io("read", &file, e))?;
    let parsed = decode(bytes, &file).and_then(|text| {
        yaml::parse::<GuideConfig>(&text, &file, 1, GuideConfig::KEYS, "guide.yaml")
    });
    Ok(parsed.unwrap_or_else(|d| {
        problems.push(d);
        GuideConfig::default()
    }))
}

/// Every file under `dir`, sorted by path, skipping hidden files and folders. A symbolic
/// link that loops back to a folder above it is reported, and the walk goes on.
fn walk(dir: &Path, problems: &mut Diagnostics) -> Result<Vec<(SourcePath, PathBuf)>> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => {
                let link = e.path().unwrap_or(dir);
                let ancestor = e.loop_ancestor().unwrap_or(dir);
                problems.push(
                    Diagnostic::new(
                        SourceLoc::new(link, 0, 0),
                        format!("this symbolic link loops back to {}", ancestor.display()),
                    )
                    .with_help("remove the link, or point it at a folder outside the guide"),
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
    Ok(files)
}

/// UTF-8 text, without a byte-order mark; anything else names the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>, file: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&err.as_bytes()[..at]);
            let (line, col) = LineIndex::new(&good).line_col(&good, at);
            Err(Diagnostic::new(
                SourceLoc::new(file, line, col),
                format!("invalid UTF-8 at byte {at}"),
            )
            .with_help("save the file as UTF-8 text")
            .with_len(1))
        }
    }
}
