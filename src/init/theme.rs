//! `guidebook theme`: the built-in theme written out beside the guide, as the
//! `templates/` and `static/` folders that override it, for an author to start from.

use std::path::{Path, PathBuf};

use super::write_new;
use crate::error::{Error, Result};
use crate::load::embedded_theme;

/// Writes every template and static file of the built-in theme under `dir`
/// (`templates/…`, `static/…`); returns how many. When any of them exists already,
/// nothing is written: the author's files are theirs.
pub fn export_theme(dir: &Path) -> Result<usize> {
    let files: Vec<(PathBuf, &[u8])> = embedded_theme()
        .map(|(rel, bytes)| (dir.join(rel), bytes))
        .collect();
    let taken: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.symlink_metadata().is_ok())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if let Some(first) = taken.first() {
        let more = match taken.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        return Err(Error::Usage(format!(
            "{first}{more} already exist: guidebook theme never overwrites a file; \
             move them aside, or write the theme into another folder (guidebook theme DIR)"
        )));
    }
    for (path, bytes) in &files {
        write_new(path, bytes)?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_theme_is_the_one_a_build_uses() {
        let dir = tempfile::tempdir().unwrap();
        let count = export_theme(dir.path()).unwrap();
        let embedded = crate::load::load_theme(Path::new("/nonexistent"), &[]).unwrap();
        let written = crate::load::load_theme(dir.path(), &[]).unwrap();
        assert_eq!(count, embedded.templates.len() + embedded.statics.len());
        assert!(written.templates.iter().all(|t| t.origin.is_some()));
        let sources = |t: &crate::theme::Theme| -> Vec<(String, String)> {
            t.templates
                .iter()
                .map(|t| (t.name.clone(), t.source.clone()))
                .collect()
        };
        assert_eq!(sources(&written), sources(&embedded));
        assert_eq!(written.statics, embedded.statics);
        assert!(written.warnings.is_empty(), "{:?}", written.warnings);
    }
}
