//! Step 6: the site on disk. Files go to a staging folder beside the output; only when
//! the whole build succeeded is it swapped in, so a failed build leaves the previous site
//! as it was. A marker file proves a folder is ours: guidebook never deletes or replaces
//! a folder without it, and never writes into or over the guide.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The file that marks an output folder as made by guidebook.
pub const MARKER: &str = ".guidebook";
const MARKER_TEXT: &str = "This folder is built by guidebook and replaced on every build.\n";

/// A build's output in the making.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be (re)placed, then opens a fresh staging folder beside it.
    pub fn begin(out: &Path, guide: &Path) -> Result<Staging> {
        let out = absolute(out)?;
        refuse_unsafe_output(&out, &absolute(guide)?)?;
        let parent = out
            .parent()
            .ok_or_else(|| refuse(&out, "it has no parent folder"))?;
        fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        recover_interrupted_swap(&out)?;
        remove_stale_staging(&out)?;
        let dir = sibling(&out, "staging");
        fs::create_dir(&dir).map_err(|e| Error::io("create", &dir, e))?;
        let staging = Staging {
            out,
            dir,
            committed: false,
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes `bytes` to `rel` (a `/`-separated path inside the site).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    /// Copies the file at `from` to `rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.path_of(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Error::io("copy", from, e))
    }

    /// Where `rel` is being written, for tools that read the staged site (`pdf`).
    pub fn path_of(&self, rel: &str) -> PathBuf {
        let mut path = self.dir.clone();
        path.extend(rel.split('/').filter(|s| !s.is_empty() && *s != ".."));
        path
    }

    /// Swaps the staged site in for the previous one: in one step where the system can
    /// exchange two folders, so a build killed at any moment leaves one whole site in
    /// place; else by two renames, and the next build puts the previous site back if it
    /// was killed between them.
    pub fn commit(mut self) -> Result<()> {
        if self.out.exists() && exchange(&self.dir, &self.out)? {
            self.committed = true;
            // The previous site now sits in the staging folder: ours, marked, removed.
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        let old = sibling(&self.out, "old");
        let had_previous = self.out.exists();
        if had_previous {
            fs::rename(&self.out, &old).map_err(|e| Error::io("move aside", &self.out, e))?;
        }
        fs::rename(&self.dir, &self.out).map_err(|e| Error::io("move into place", &self.dir, e))?;
        self.committed = true;
        if had_previous {
            fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves nothing behind but the previous site.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
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

fn sibling(out: &Path, role: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.guidebook-{role}-{}", std::process::id()))
}

fn siblings_with_role(out: &Path, role: &str) -> Result<Vec<PathBuf>> {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.guidebook-{role}-");
    let Some(parent) = out.parent() else {
        return Ok(Vec::new());
    };
    let entries = fs::read_dir(parent).map_err(|e| Error::io("read", parent, e))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| is_ours(p))
        .collect();
    found.sort();
    Ok(found)
}

/// A build killed between its two renames left the previous site aside: put it back.
fn recover_interrupted_swap(out: &Path) -> Result<()> {
    if out.exists() {
        return Ok(());
    }
    if let Some(old) = siblings_with_role(out, "old")?.pop() {
        fs::rename(&old, out).map_err(|e| Error::io("restore", &old, e))?;
    }
    Ok(())
}

/// Staging folders of builds that were killed: ours (marked), so safe to remove.
fn remove_stale_staging(out: &Path) -> Result<()> {
    for dir in siblings_with_role(out, "staging")?
        .into_iter()
        .chain(siblings_with_role(out, "old")?)
    {
        fs::remove_dir_all(&dir).map_err(|e| Error::io("remove", &dir, e))?;
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

    #[test]
    fn commit_replaces_the_previous_site() {
        let (_tmp, guide, out) = setup();
        let first = Staging::begin(&out, &guide).unwrap();
        first.write("a/index.html", b"one").unwrap();
        first.write("stale.html", b"old").unwrap();
        first.commit().unwrap();
        let second = Staging::begin(&out, &guide).unwrap();
        second.write("a/index.html", b"two").unwrap();
        second.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.html").exists());
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(out.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_site() {
        let (_tmp, guide, out) = setup();
        let first = Staging::begin(&out, &guide).unwrap();
        first.write("index.html", b"kept").unwrap();
        first.commit().unwrap();
        let failed = Staging::begin(&out, &guide).unwrap();
        failed.write("index.html", b"half").unwrap();
        drop(failed);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
        assert_eq!(fs::read_dir(out.parent().unwrap()).unwrap().count(), 2);
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
        Staging::begin(&out, &guide).unwrap().commit().unwrap();
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_build_killed_mid_swap_is_recovered() {
        let (_tmp, guide, out) = setup();
        let first = Staging::begin(&out, &guide).unwrap();
        first.write("index.html", b"kept").unwrap();
        first.commit().unwrap();
        let aside = out.with_file_name(".public.guidebook-old-99999");
        fs::rename(&out, &aside).unwrap();
        let next = Staging::begin(&out, &guide).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"kept");
        drop(next);
    }
}
