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

mod manifest;
mod spare;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::hash::Hasher;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use self::manifest::{Entry, Stamp, fingerprint};
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
        let rel = normal(rel);
        let path = self.path_of(&rel);
        self.make_parent(&path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let fresh = path.with_file_name(format!(".{name}.guidebook-new"));
        let old = match self.known.get(&*rel) {
            Some(_) => fs::File::open(&path).ok().map(std::io::BufReader::new),
            None => None,
        };
        let mut streamed = Streamed {
            staging: self,
            rel: rel.into_owned(),
            path,
            fresh,
            target: Target::Same(Box::new(std::io::empty())),
            hasher: std::hash::DefaultHasher::new(),
            len: 0,
            buffer: Vec::new(),
        };
        match old {
            Some(old) => streamed.target = Target::Same(Box::new(old)),
            None => streamed.diverge()?,
        }
        Ok(streamed)
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
        if !self.out.exists() {
            return fs::rename(&self.dir, &self.out)
                .map_err(|e| Error::io("move into place", &self.dir, e));
        }
        if exchange(&self.dir, &self.out)? {
            return Ok(());
        }
        let old = sibling(&self.out, "old");
        fs::rename(&self.out, &old).map_err(|e| Error::io("move aside", &self.out, e))?;
        fs::rename(&self.dir, &self.out).map_err(|e| Error::io("move into place", &self.dir, e))?;
        fs::rename(&old, &self.dir).map_err(|e| Error::io("keep as the spare", &old, e))
    }
}

/// A file being written piece by piece (see [`Staging::open`]).
pub(crate) struct Streamed<'s> {
    staging: &'s Staging,
    rel: String,
    path: PathBuf,
    fresh: PathBuf,
    target: Target,
    hasher: std::hash::DefaultHasher,
    len: usize,
    buffer: Vec<u8>,
}

/// Where a streamed file's pieces go.
enum Target {
    /// Nowhere yet: they match the spare's copy, read alongside.
    Same(Box<dyn std::io::Read + Send>),
    /// To the new file.
    Fresh(std::io::BufWriter<fs::File>),
}

impl Streamed<'_> {
    pub(crate) fn push(&mut self, piece: &str) -> Result<()> {
        use std::io::{Read as _, Write as _};
        let bytes = piece.as_bytes();
        self.hasher.write(bytes);
        if let Target::Same(old) = &mut self.target {
            self.buffer.resize(bytes.len(), 0);
            let same = old.read_exact(&mut self.buffer).is_ok() && self.buffer == bytes;
            if !same {
                self.diverge()?;
            }
        }
        self.len += bytes.len();
        match &mut self.target {
            Target::Same(_) => Ok(()),
            Target::Fresh(file) => file
                .write_all(bytes)
                .map_err(|e| Error::io("write", &self.fresh, e)),
        }
    }

    /// Starts the new file, with the bytes so far (the spare's, since they matched).
    fn diverge(&mut self) -> Result<()> {
        let file = fs::File::create(&self.fresh).map_err(|e| Error::io("write", &self.fresh, e))?;
        let mut file = std::io::BufWriter::new(file);
        if self.len > 0 {
            let old = fs::File::open(&self.path).map_err(|e| Error::io("read", &self.path, e))?;
            let mut prefix = std::io::Read::take(old, self.len as u64);
            std::io::copy(&mut prefix, &mut file)
                .map_err(|e| Error::io("write", &self.fresh, e))?;
        }
        self.target = Target::Fresh(file);
        Ok(())
    }

    /// Puts the file in place, unless the spare already held exactly these bytes.
    pub(crate) fn close(mut self) -> Result<()> {
        use std::io::{Read as _, Write as _};
        if let Target::Same(old) = &mut self.target {
            if old.read(&mut [0]).map_or(true, |n| n > 0) {
                self.diverge()?;
            }
        }
        let staging = self.staging;
        let print = (self.len, self.hasher.finish());
        if let Target::Fresh(mut file) = self.target {
            file.flush()
                .map_err(|e| Error::io("write", &self.fresh, e))?;
            drop(file);
            staging
                .writes
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            fs::rename(&self.fresh, &self.path).map_err(|e| Error::io("write", &self.path, e))?;
        }
        let stamp = stamp_of(&self.path)?;
        staging.record(Cow::Owned(self.rel), Entry { print, stamp });
        Ok(())
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

/// Only one build writes a site at a time: a lock file beside it, with the builder's
/// process id; a lock left by a build that no longer runs is taken over.
fn take_lock(out: &Path) -> Result<PathBuf> {
    let lock = sibling(out, "lock");
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(mut file) => {
                write!(file, "{}", std::process::id()).map_err(|e| Error::io("write", &lock, e))?;
                return Ok(lock);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if let Some(holder) = holder(&lock) {
                    return Err(Error::Usage(format!(
                        "another guidebook ({holder}) is building into {}; wait for it to \
                         finish, or delete {} if none is running",
                        out.display(),
                        lock.display()
                    )));
                }
                let _ = fs::remove_file(&lock);
            }
            Err(e) => return Err(Error::io("create", &lock, e)),
        }
    }
    Err(Error::Usage(format!(
        "could not lock {} for building",
        out.display()
    )))
}

/// Who holds `lock`, if it may still be building: a process that is alive, or one that
/// has only just made the file and not yet written its id. Where processes cannot be
/// looked up (no `/proc`), a lock with an id is taken to be held.
fn holder(lock: &Path) -> Option<String> {
    let id = fs::read_to_string(lock).unwrap_or_default();
    let id = id.trim();
    if id.is_empty() {
        let age = fs::metadata(lock)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        return age
            .is_some_and(|a| a < std::time::Duration::from_secs(5))
            .then(|| "starting".to_string());
    }
    let proc = Path::new("/proc");
    (!proc.is_dir() || proc.join(id).exists()).then(|| format!("process {id}"))
}

/// Exchanges two folders atomically; `false` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(Error::io("swap in", b, e.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}
/// A hidden folder or file beside the output: `.public.guidebook-spare`.
fn sibling(out: &Path, role: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.guidebook-{role}"))
}

/// A build killed while swapping by renames (where folders cannot be exchanged in one
/// step) left a site aside: it goes back in place, or becomes the spare.
fn recover_interrupted_swap(out: &Path) -> Result<()> {
    let old = sibling(out, "old");
    if !is_ours(&old) {
        return Ok(());
    }
    let spare = sibling(out, "spare");
    let (target, action) = if !out.exists() {
        (out.to_path_buf(), "restore")
    } else if !spare.exists() {
        (spare, "keep as the spare")
    } else {
        return fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e));
    };
    fs::rename(&old, &target).map_err(|e| Error::io(action, &old, e))
}

/// Staging folders that builds of earlier versions left when killed (ours, marked).
fn remove_stale_staging(out: &Path) -> Result<()> {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.guidebook-staging-");
    let Some(parent) = out.parent() else {
        return Ok(());
    };
    let entries = fs::read_dir(parent).map_err(|e| Error::io("read", parent, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(&prefix) && is_ours(&path) {
            fs::remove_dir_all(&path).map_err(|e| Error::io("remove", &path, e))?;
        }
    }
    Ok(())
}

fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

fn refuse(out: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "refusing to write the site to {}: {why}",
        out.display()
    ))
}

fn refuse_unsafe_output(out: &Path, guide: &Path) -> Result<()> {
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
fn absolute(path: &Path) -> Result<PathBuf> {
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

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let guide = tmp.path().join("guide");
        fs::create_dir(&guide).unwrap();
        let out = tmp.path().join("public");
        (tmp, guide, out)
    }

    fn build(out: &Path, guide: &Path, files: &[(&str, &str)]) -> usize {
        let staging = Staging::begin(out, guide).unwrap();
        for (rel, text) in files {
            staging.write(rel, text.as_bytes()).unwrap();
        }
        let writes = staging.writes();
        staging.commit().unwrap();
        writes
    }

    /// A build that streams one file, `big.html`, in `pieces`: how many files it wrote.
    fn stream(out: &Path, guide: &Path, pieces: &[&str]) -> usize {
        let staging = Staging::begin(out, guide).unwrap();
        let mut file = staging.open("a/big.html").unwrap();
        for piece in pieces {
            file.push(piece).unwrap();
        }
        file.close().unwrap();
        let writes = staging.writes();
        staging.commit().unwrap();
        writes
    }

    #[test]
    fn a_streamed_file_is_written_only_where_it_changed() {
        let (tmp, guide, out) = setup();
        let read = || fs::read_to_string(out.join("a/big.html")).unwrap();
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 1);
        assert_eq!(
            stream(&out, &guide, &["head ", "one ", "tail"]),
            1,
            "the spare was empty"
        );
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 0);
        for pieces in [
            &["head ", "two ", "tail"][..],
            &["head ", "one ", "tail", " and more"],
            &["head ", "one "],
            &["head ", "one ", "tail"],
            &["head ", "one ", "tail"],
        ] {
            stream(&out, &guide, pieces);
            assert_eq!(read(), pieces.concat());
        }
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 0);
        let leftovers: Vec<String> = names(&out.join("a"));
        assert_eq!(leftovers, ["big.html"], "no new file is left beside it");
        drop(tmp);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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

    /// Every file and folder under `dir` (folders end in `/`), with the bytes of files and
    /// the target of symbolic links, which are not followed.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut found = BTreeMap::new();
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                found.insert(format!("{name}/"), Vec::new());
                for (rel, bytes) in tree(&path) {
                    found.insert(format!("{name}/{rel}"), bytes);
                }
            } else if kind.is_symlink() {
                let target = fs::read_link(&path).unwrap();
                found.insert(name, target.to_string_lossy().as_bytes().to_vec());
            } else if name != MARKER {
                found.insert(name, fs::read(&path).unwrap());
            }
        }
        found
    }

    fn site_of(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        let mut site = BTreeMap::new();
        for (rel, text) in files {
            let mut folder = String::new();
            for part in rel
                .split('/')
                .rev()
                .skip(1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                folder.push_str(part);
                folder.push('/');
                site.insert(folder.clone(), Vec::new());
            }
            site.insert(rel.to_string(), text.as_bytes().to_vec());
        }
        site
    }

    #[test]
    fn a_site_changed_by_hand_is_put_right_by_the_next_builds() {
        let (tmp, guide, out) = setup();
        let site = [
            ("a/index.html", "AAAA"),
            ("b/index.html", "BBBB"),
            ("c/index.html", "CCCC"),
            ("d/index.html", "DDDD"),
        ];
        build(&out, &guide, &site);
        build(&out, &guide, &site);
        fs::remove_file(out.join("a/index.html")).unwrap();
        let page = out.join("b/index.html");
        let before = fs::metadata(&page).unwrap().modified().unwrap();
        fs::write(&page, "bbbb").unwrap();
        let file = fs::File::options().write(true).open(&page).unwrap();
        file.set_modified(before).unwrap();
        fs::write(out.join("c/index.html"), "CCCC and more").unwrap();
        fs::remove_dir_all(out.join("d")).unwrap();
        fs::write(out.join("d"), "a file where a folder was").unwrap();
        fs::create_dir_all(out.join("stray/empty")).unwrap();
        fs::write(out.join("stray/notes.txt"), "mine").unwrap();
        fs::write(out.join(".a.html.guidebook-new"), "left by a killed build").unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("keep.txt"), "not ours").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, out.join("a/link")).unwrap();

        build(&out, &guide, &site);
        assert_eq!(
            build(&out, &guide, &site),
            4,
            "all but the stray were damaged"
        );
        assert_eq!(tree(&out), site_of(&site));
        assert_eq!(
            fs::read(outside.join("keep.txt")).unwrap(),
            b"not ours",
            "a link is removed, not what it points to"
        );
        assert_eq!(build(&out, &guide, &site), 0);
        assert_eq!(build(&out, &guide, &site), 0);
    }

    #[test]
    fn a_file_only_touched_is_checked_not_written() {
        let (_tmp, guide, out) = setup();
        let site = [("index.html", "same"), ("other.html", "also")];
        for _ in 0..3 {
            build(&out, &guide, &site);
        }
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        for dir in [out.clone(), sibling(&out, "spare")] {
            let file = fs::File::options()
                .write(true)
                .open(dir.join("index.html"))
                .unwrap();
            file.set_modified(later).unwrap();
        }
        assert_eq!(build(&out, &guide, &site), 0);
        assert_eq!(build(&out, &guide, &site), 0);
        assert_eq!(tree(&out), site_of(&site));
    }

    #[test]
    fn a_file_name_with_a_line_break_is_kept_track_of() {
        let (_tmp, guide, out) = setup();
        let odd = [("a\nb.txt", "x"), ("100%.html", "y"), ("tab\t/i.html", "z")];
        for _ in 0..2 {
            build(&out, &guide, &odd);
        }
        assert_eq!(build(&out, &guide, &odd), 0, "found in place, not written");
        build(&out, &guide, &[("index.html", "x")]);
        build(&out, &guide, &[("index.html", "x")]);
        assert_eq!(tree(&out), site_of(&[("index.html", "x")]));
    }

    #[test]
    fn a_file_changed_in_the_tick_its_list_was_written_is_checked() {
        let (_tmp, guide, out) = setup();
        let site = [("index.html", "kept")];
        build(&out, &guide, &site);
        build(&out, &guide, &site);
        // Changed after the list was written, but within the same tick of the clock, so
        // its stamp is what the list says: the list cannot vouch for it.
        let spare = sibling(&out, "spare");
        let page = spare.join("index.html");
        fs::write(&page, "lost").unwrap();
        let stamp = stamp_of(&page).unwrap();
        let entry = Entry {
            print: fingerprint(b"kept"),
            stamp,
        };
        let list = manifest::format(&BTreeMap::from([("index.html".to_string(), entry)]));
        fs::write(spare.join(MARKER), format!("{MARKER_TEXT}{list}")).unwrap();
        let tick = std::time::UNIX_EPOCH
            + std::time::Duration::from_nanos(stamp.modified().try_into().unwrap());
        let marker = fs::File::options()
            .write(true)
            .open(spare.join(MARKER))
            .unwrap();
        marker.set_modified(tick).unwrap();
        assert_eq!(build(&out, &guide, &site), 1);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
    }

    #[test]
    fn a_list_written_by_an_older_guidebook_is_checked_not_trusted() {
        let (_tmp, guide, out) = setup();
        let site = [("a/index.html", "A"), ("b/index.html", "B")];
        build(&out, &guide, &site);
        build(&out, &guide, &site);
        // The list as guidebook wrote it before it kept stamps, naming a file that is gone
        // and one whose bytes have changed, and missing a file that is there.
        let spare = sibling(&out, "spare");
        fs::write(spare.join("b/index.html"), "b").unwrap();
        fs::write(spare.join("unlisted.html"), "?").unwrap();
        let hash = |text: &str| fingerprint(text.as_bytes()).1;
        let legacy = format!(
            "{MARKER_TEXT}files:\n1 {:016x} a/index.html\n1 {:016x} b/index.html\n1 {:016x} gone.html\n",
            hash("A"),
            hash("B"),
            hash("G"),
        );
        fs::write(spare.join(MARKER), legacy).unwrap();
        assert_eq!(build(&out, &guide, &site), 1, "a/index.html is kept");
        assert_eq!(tree(&out), site_of(&site));
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

    #[test]
    fn a_build_killed_mid_swap_is_recovered() {
        let (_tmp, guide, out) = setup();
        build(&out, &guide, &[("index.html", "kept")]);
        let aside = sibling(&out, "old");
        fs::rename(&out, &aside).unwrap();
        let next = Staging::begin(&out, &guide).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
        drop(next);
    }

    #[test]
    fn one_build_at_a_time() {
        let (_tmp, guide, out) = setup();
        let first = Staging::begin(&out, &guide).unwrap();
        let err = Staging::begin(&out, &guide).err().unwrap();
        assert!(
            err.to_string().contains("another guidebook (process"),
            "{err}"
        );
        drop(first);
        assert!(
            Staging::begin(&out, &guide).is_ok(),
            "the lock goes with the build"
        );
    }

    #[test]
    fn a_lock_is_taken_over_only_when_its_build_is_gone() {
        let (_tmp, guide, out) = setup();
        let lock = sibling(&out, "lock");
        // Made this instant by a build that has not yet written its id: held.
        fs::write(&lock, "").unwrap();
        let err = Staging::begin(&out, &guide).err().unwrap();
        assert!(err.to_string().contains("(starting)"), "{err}");
        // Empty and old (a build that died at once), or naming no process: taken over.
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&lock)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(Staging::begin(&out, &guide).is_ok());
        fs::write(&lock, "999999999").unwrap();
        assert!(Staging::begin(&out, &guide).is_ok());
    }
}
