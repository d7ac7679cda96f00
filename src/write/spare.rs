//! Opening the spare copy of the site for a build: what it holds is checked against its
//! list before any of it is reused, because the spare was the output before, and people
//! edit, delete and add files in an output folder. A file whose stamp or size differs from
//! the list is hashed again or dropped; anything the list does not name (a file someone
//! added, a symbolic link, what a killed build left) is removed, and folders left empty
//! with it. The spare then holds exactly the listed files, so the build that updates it
//! makes what a fresh build would.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::manifest::{self, Entry, Listed, Stamp};
use super::{MARKER, is_ours, refuse};
use crate::error::{Error, Result};

/// What the spare's list says, and when it was written.
struct List {
    files: HashMap<String, Listed>,
    written: Option<i128>,
}

/// What sweeping a folder leaves: how many entries it keeps, and the files among them,
/// checked.
#[derive(Default)]
struct Swept {
    kept: usize,
    known: Vec<(String, Entry)>,
}

impl Swept {
    fn join(mut self, other: Swept) -> Swept {
        self.kept += other.kept;
        self.known.extend(other.known);
        self
    }
}

/// The spare's files by path, each checked to hold what its entry says; everything else
/// is removed from it. A spare that is not ours is refused.
pub(super) fn open(dir: &Path) -> Result<HashMap<String, Entry>> {
    if !dir.exists() {
        fs::create_dir(dir).map_err(|e| Error::io("create", dir, e))?;
        return Ok(HashMap::new());
    }
    let empty = fs::read_dir(dir)
        .map_err(|e| Error::io("read", dir, e))?
        .next()
        .is_none();
    if !is_ours(dir) && !empty {
        return Err(refuse(
            dir,
            "guidebook keeps its spare copy of the site there, but the folder was not made by guidebook; move it away",
        ));
    }
    let marker = dir.join(MARKER);
    // A marker without a list (a build stopped while updating the spare) vouches for
    // nothing in it: everything is swept away.
    let files = manifest::parse(&fs::read_to_string(&marker).unwrap_or_default());
    let list = List {
        files: files.unwrap_or_default(),
        written: fs::symlink_metadata(&marker)
            .ok()
            .map(|m| Stamp::of(&m).modified()),
    };
    Ok(sweep(dir, Some(""), &list)?.known.into_iter().collect())
}

/// Goes through `folder` (at `rel` in the site; `None` where nothing can be listed)
/// without following symbolic links, its entries in parallel (a site has thousands of
/// folders): keeps the listed files that are still as listed, removes everything else,
/// and folders that end up empty.
fn sweep(folder: &Path, rel: Option<&str>, list: &List) -> Result<Swept> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(folder)
        .and_then(|entries| entries.collect())
        .map_err(|e| Error::io("read", folder, e))?;
    entries
        .into_par_iter()
        .map(|entry| sweep_entry(&entry, rel, list))
        .try_reduce(Swept::default, |a, b| Ok(a.join(b)))
}

fn sweep_entry(entry: &fs::DirEntry, rel: Option<&str>, list: &List) -> Result<Swept> {
    let path = entry.path();
    let kind = entry.file_type().map_err(|e| Error::io("read", &path, e))?;
    let name = entry.file_name();
    // A name that is not UTF-8 is none the build makes: no path under it is listed.
    let child = match (rel, name.to_str()) {
        (Some(""), Some(name)) => Some(name.to_string()),
        (Some(rel), Some(name)) => Some(format!("{rel}/{name}")),
        _ => None,
    };
    if kind.is_dir() {
        let inside = sweep(&path, child.as_deref(), list)?;
        if inside.kept == 0 {
            fs::remove_dir(&path).map_err(|e| Error::io("remove", &path, e))?;
            return Ok(Swept::default());
        }
        return Ok(Swept {
            kept: 1,
            known: inside.known,
        });
    }
    if rel == Some("") && name == MARKER {
        return Ok(Swept {
            kept: 1,
            known: Vec::new(),
        });
    }
    let listed = child.as_ref().and_then(|c| list.files.get(c));
    let checked = match listed {
        Some(listed) if kind.is_file() => check(entry, listed, list.written),
        _ => None,
    };
    match (checked, child) {
        (Some(entry), Some(rel)) => Ok(Swept {
            kept: 1,
            known: vec![(rel, entry)],
        }),
        // A symbolic link is removed itself, never what it points to.
        _ => remove_entry(&path, kind.is_symlink()).map(|()| Swept::default()),
    }
}

/// The entry for the file if it still holds what `listed` says, with its stamp now. A
/// stamp as listed and older than the list (`written`) is proof enough; otherwise the
/// file is hashed again, to keep an unchanged file that was only touched.
fn check(file: &fs::DirEntry, listed: &Listed, written: Option<i128>) -> Option<Entry> {
    let meta = file.metadata().ok().filter(|m| m.is_file())?;
    if usize::try_from(meta.len()).ok() != Some(listed.print.0) {
        return None;
    }
    // Taken before the file is read: a change made while it is read shows next time.
    let stamp = Stamp::of(&meta);
    let settled = written.is_some_and(|time| stamp.before(time));
    let same = (listed.stamp == Some(stamp) && settled)
        || manifest::fingerprint_file(&file.path()).is_ok_and(|print| print == listed.print);
    same.then_some(Entry {
        print: listed.print,
        stamp,
    })
}

fn remove_entry(path: &Path, link: bool) -> Result<()> {
    match fs::remove_file(path) {
        // Windows links to folders are removed as folders.
        Err(_) if link => fs::remove_dir(path),
        other => other,
    }
    .map_err(|e| Error::io("remove", path, e))
}

/// Removes the file at `path` inside `root`, and the folders it leaves empty.
pub(super) fn remove_file(root: &Path, path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io("remove", path, e));
        }
        _ => {}
    }
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|d| *d != root && d.starts_with(root)) {
        if fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
    Ok(())
}
