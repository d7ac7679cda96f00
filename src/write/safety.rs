//! Which folders guidebook may write the site to. A marker file proves a folder is ours:
//! guidebook never deletes or replaces a folder without it, and never writes into or over
//! the guide, a folder holding it, the file system's root or the home folder.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::MARKER;
use crate::error::{Error, Result};

/// Whether `dir` carries guidebook's marker.
pub(super) fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

pub(super) fn refuse(out: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "refusing to write the site to {}: {why}",
        out.display()
    ))
}

/// Refuses the guide, a folder holding it or inside it, the root or home folder, a file,
/// and a folder with files in it that guidebook did not make.
pub(super) fn refuse_unsafe_output(out: &Path, guide: &Path) -> Result<()> {
    if out == guide {
        return Err(refuse(out, "it is the guide folder; choose another --out"));
    }
    if guide.starts_with(out) {
        return Err(refuse(
            out,
            "it contains the guide folder; choose another --out",
        ));
    }
    if out.starts_with(guide) {
        return Err(refuse(
            out,
            "it is inside the guide folder; choose a folder beside it",
        ));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if out.parent().is_none() || home.is_some_and(|h| out == h) {
        return Err(refuse(
            out,
            "it is a system or home folder; choose another --out",
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse(out, "it is a file"));
        }
        let empty = fs::read_dir(out)
            .map_err(|e| Error::io("read", out, e))?
            .next()
            .is_none();
        if !empty && !is_ours(out) {
            return Err(refuse(
                out,
                "it is not empty and was not made by guidebook; choose another --out or empty it yourself",
            ));
        }
    }
    Ok(())
}

/// An absolute path with `.` and `..` resolved and symlinks in existing parents followed,
/// so `public/../guide` is recognised as the guide.
pub(super) fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io("resolve", path, e))?;
    let mut clean = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Follow symlinks where the path exists, keep the rest as written.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Staging;
    use crate::write::testing::{build, setup};

    #[test]
    fn refuses_folders_it_did_not_make() {
        let (tmp, guide, out) = setup();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.tex"), "precious").unwrap();
        let err = Staging::begin(&out, &guide).err().unwrap();
        assert!(err.to_string().contains("not made by guidebook"), "{err}");
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            fs::read_to_string(out.join("thesis.tex")).unwrap(),
            "precious"
        );
        for bad in [
            guide.clone(),
            tmp.path().to_path_buf(),
            guide.join("site"),
            guide.join("../guide"),
        ] {
            assert!(Staging::begin(&bad, &guide).is_err(), "{}", bad.display());
        }
        assert!(Staging::begin(Path::new("/"), &guide).is_err());
    }

    #[test]
    fn an_empty_folder_is_accepted() {
        let (_tmp, guide, out) = setup();
        fs::create_dir(&out).unwrap();
        build(&out, &guide, &[("index.html", "x")]);
        assert!(out.join(MARKER).is_file());
    }
}
