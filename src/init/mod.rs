//! `guidebook init`: a new guide that builds and serves at once, and shows what an author
//! will want to copy: `guide.yaml` with a comment on each key, a home page, a part with a
//! question that has a diagram, a STAR answer and a related question, two concepts, and
//! a README. The files are this folder's `starter/`, built into the binary.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

mod theme;

pub use theme::export_theme;

const STARTER: &[(&str, &str)] = &[
    ("README.md", include_str!("starter/README.md")),
    ("guide.yaml", include_str!("starter/guide.yaml")),
    ("concepts.yaml", include_str!("starter/concepts.yaml")),
    ("index.md", include_str!("starter/index.md")),
    (
        "questions/index.md",
        include_str!("starter/questions/index.md"),
    ),
    (
        "questions/design-a-clickstream-pipeline.md",
        include_str!("starter/questions/design-a-clickstream-pipeline.md"),
    ),
    (
        "questions/tell-me-about-a-failure.md",
        include_str!("starter/questions/tell-me-about-a-failure.md"),
    ),
];

/// Writes a new guide into `dir`, which must be empty or not exist yet; returns how many
/// files it wrote. No file is ever overwritten.
pub fn init(dir: &Path) -> Result<usize> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| Error::io("read the folder at", dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::Usage(format!(
                "{} is not empty: guidebook init writes a new guide only into a new or empty folder",
                dir.display()
            )));
        }
    }
    for (rel, text) in STARTER {
        write_new(&dir.join(rel), text.as_bytes())?;
    }
    Ok(STARTER.len())
}

/// Writes a file that must not exist yet, with the folders above it: an author's file
/// is never overwritten, even one made since it was looked for.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))
}
