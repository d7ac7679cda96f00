//! Step 6: the site on disk, double-buffered. Beside the output (`public/`) guidebook
//! keeps a spare copy of the site (`.public.guidebook-spare/`, the output of the build
//! before last). A build updates the spare, writing only the files whose bytes changed and
//! removing those no longer made, then exchanges spare and output in one step. A failed
//! or killed build leaves the output untouched; a build that changed little writes
//! little; no tree is ever copied or deleted whole.
//!
//! A marker file proves a folder is ours (and lists what it holds): guidebook never
//! deletes or replaces a folder without it, and never writes into or over the guide.
//! The list is not taken on trust: the spare was the output before, and is checked
//! against it first (`spare`).
//!
//! `Staging` here is a build's way in. Around it: the lock that keeps one build at a time
//! (`lock`), the checks on which folders may be written (`safety`), the exchange of spare
//! and output and the recovery from a killed one (`swap`), files written piece by piece
//! (`streamed`), and the list of files in the marker (`manifest`).

mod lock;
mod manifest;
mod memory;
mod safety;
mod spare;
mod streamed;
mod swap;
#[cfg(test)]
mod testing;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use self::lock::take_lock;
use self::manifest::{Entry, Stamp, fingerprint};
pub(crate) use self::memory::{Files, Memory, MemoryPiece};
use self::safety::{absolute, refuse, refuse_unsafe_output};
pub(crate) use self::streamed::Streamed;
use self::swap::{recover_interrupted_swap, remove_stale_staging, sibling};
use crate::error::{Error, Result};

/// The file that marks an output folder as made by guidebook, and lists its files.
pub(crate) const MARKER: &str = ".guidebook";
/// The marker's first line; the list of files follows once a build has finished (a
/// marker without it is a spare that a build was writing when it stopped).
const MARKER_TEXT: &str = "This folder is built by guidebook and replaced on every build.\n";

/// A build's output in the making: the spare, being brought up to date.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    lock: PathBuf,
    /// What the spare held when the build began, each file checked.
    known: HashMap<String, Entry>,
    /// What this build put there (written or found already right).
    made: Mutex<BTreeMap<String, Entry>>,
    folders: Mutex<HashSet<PathBuf>>,
    /// Files actually written, for the curious (and the tests).
    writes: std::sync::atomic::AtomicUsize,
}

impl Staging {
    /// Checks that `out` may be (re)placed, then opens the spare beside it.
    pub(crate) fn begin(out: &Path, guide: &Path) -> Result<Staging> {
        let out = absolute(out)?;
        refuse_unsafe_output(&out, &absolute(guide)?)?;
        let parent = out
            .parent()
            .ok_or_else(|| refuse(&out, "it has no parent folder"))?;
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        let lock = take_lock(&out)?;
        recover_interrupted_swap(&out)?;
        remove_stale_staging(&out)?;
        let dir = sibling(&out, "spare");
        let known = spare::open(&dir)?;
        // Until the build commits, the spare's list of files is not to be trusted.
        fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| Error::io("write", &dir, e))?;
        Ok(Staging {
            out,
            dir,
            lock,
            known,
            made: Mutex::new(BTreeMap::new()),
            folders: Mutex::new(HashSet::new()),
            writes: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// Writes `bytes` to `rel` (a `/`-separated path inside the site), unless the spare
    /// already holds exactly them.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let print = fingerprint(bytes);
        let rel = normal(rel);
        if let Some(entry) = self.known.get(&*rel).filter(|e| e.print == print) {
            self.record(rel, *entry);
            return Ok(());
        }
        let path = self.path_of(&rel);
        self.make_parent(&path)?;
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
        let stamp = stamp_of(&path)?;
        self.record(rel, Entry { print, stamp });
        Ok(())
    }

    /// Notes that this build leaves `rel` as `entry`.
    fn record(&self, rel: Cow<'_, str>, entry: Entry) {
        if let Ok(mut made) = self.made.lock() {
            made.insert(rel.into_owned(), entry);
        }
    }

    /// Opens `rel` to be written piece by piece, for files too big to hold whole (the
    /// whole-guide handout of a large guide). While the pieces match the spare's copy
    /// nothing is written; from the first difference on, the file is written beside it
    /// and replaces it at the end.
    pub(crate) fn open(&self, rel: &str) -> Result<Streamed<'_>> {
        Streamed::start(self, rel)
    }

    /// Copies the file at `from` to `rel`.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = fs::read(from).map_err(|e| Error::io("read", from, e))?;
        self.write(rel, &bytes)
    }

    /// Records `rel`, written in place by another program (Chromium's PDFs), as made by
    /// this build: kept while builds make it, removed by the first that does not.
    pub(crate) fn adopt(&self, rel: &str) -> Result<()> {
        let path = self.path_of(rel);
        // Stamped before it is read, so a change made meanwhile shows next time.
        let stamp = stamp_of(&path)?;
        let print = manifest::fingerprint_file(&path).map_err(|e| Error::io("read", &path, e))?;
        self.record(normal(rel), Entry { print, stamp });
        Ok(())
    }

    /// Whether this build made `rel` with exactly the bytes of the file at `other`.
    pub(crate) fn made_same_as(&self, rel: &str, other: &Path) -> bool {
        let made =
            (self.made.lock().ok()).and_then(|made| made.get(&*normal(rel)).map(|e| e.print));
        made.is_some_and(|print| manifest::fingerprint_file(other).is_ok_and(|p| p == print))
    }

    /// How many files this build has written so far.
    pub(crate) fn writes(&self) -> usize {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.folders.lock().is_ok_and(|f| f.contains(parent)) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Where `rel` is being written, for tools that read the staged site (`pdf`).
    pub(crate) fn path_of(&self, rel: &str) -> PathBuf {
        let mut path = self.dir.clone();
        path.extend(rel.split('/').filter(|s| is_part(s)));
        path
    }

    /// Removes what this build no longer makes, records what the spare now holds, and
    /// swaps it in for the output: in one step where the system can exchange two folders;
    /// else by renames, and the next build puts the previous site back if it was killed
    /// between them.
    pub(crate) fn commit(self) -> Result<()> {
        let made = self
            .made
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default();
        for rel in self.known.keys().filter(|rel| !made.contains_key(*rel)) {
            spare::remove_file(&self.dir, &self.path_of(rel))?;
        }
        let marker = MARKER_TEXT.to_string() + &manifest::format(&made);
        let path = self.dir.join(MARKER);
        fs::write(&path, marker).map_err(|e| Error::io("write", &path, e))?;
        swap::put_in_place(&self.dir, &self.out)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock);
    }
}

/// A file's stamp as it is now.
fn stamp_of(path: &Path) -> Result<Stamp> {
    let meta = fs::symlink_metadata(path).map_err(|e| Error::io("read", path, e))?;
    Ok(Stamp::of(&meta))
}

/// A part of a path inside the site; others (empty, `.`, `..`) are left out of it.
fn is_part(part: &str) -> bool {
    !matches!(part, "" | "." | "..")
}

/// `rel` as the spare's list names it: the parts of its path on disk, so that the list
/// matches what a walk of the folder finds.
fn normal(rel: &str) -> Cow<'_, str> {
    if rel.split('/').all(is_part) {
        return Cow::Borrowed(rel);
    }
    let parts: Vec<&str> = rel.split('/').filter(|s| is_part(s)).collect();
    Cow::Owned(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::testing::{build, names, setup};

    #[test]
    fn commit_replaces_the_previous_site() {
        let (tmp, guide, out) = setup();
        build(
            &out,
            &guide,
            &[("a/index.html", "one"), ("stale.html", "old")],
        );
        build(&out, &guide, &[("a/index.html", "two")]);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.html").exists());
        assert!(out.join(MARKER).is_file());
        assert_eq!(
            names(tmp.path()),
            [".public.guidebook-spare", "guide", "public"]
        );
    }

    #[test]
    fn a_build_writes_only_what_changed_since_the_spare() {
        let (_tmp, guide, out) = setup();
        let site = [
            ("a/index.html", "A"),
            ("b/index.html", "B"),
            ("gone/index.html", "G"),
        ];
        assert_eq!(
            build(&out, &guide, &site),
            3,
            "the first build writes everything"
        );
        assert_eq!(build(&out, &guide, &site), 3, "the second fills the spare");
        assert_eq!(
            build(&out, &guide, &site),
            0,
            "the third finds it all in place"
        );
        let changed = [("a/index.html", "A2"), ("b/index.html", "B")];
        assert_eq!(build(&out, &guide, &changed), 1);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
        assert!(
            !out.join("gone").exists(),
            "files and folders no longer made are removed"
        );
        assert_eq!(
            build(&out, &guide, &changed),
            1,
            "the spare was two builds behind"
        );
        assert_eq!(build(&out, &guide, &changed), 0);
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_site() {
        let (_tmp, guide, out) = setup();
        build(&out, &guide, &[("index.html", "kept")]);
        build(&out, &guide, &[("index.html", "kept")]);
        let failed = Staging::begin(&out, &guide).unwrap();
        failed.write("index.html", b"half").unwrap();
        drop(failed);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
        // The spare's list was withdrawn: the next build trusts nothing in it.
        assert_eq!(build(&out, &guide, &[("index.html", "kept")]), 1);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
    }
}
