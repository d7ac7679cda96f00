//! Exchanging the spare and the output, and cleaning up after builds killed on the way.
//! Both live beside the output as hidden siblings (`.public.guidebook-spare`). Where the
//! system can exchange two folders the swap is one step; else it is three renames, and
//! the next build puts the previous site back if one was killed between them.

use std::fs;
use std::path::{Path, PathBuf};

use super::safety::is_ours;
use crate::error::{Error, Result};

/// Puts the finished `spare` in place of `out`, and the previous output where the spare
/// was.
pub(super) fn put_in_place(spare: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(spare, out).map_err(|e| Error::io("move into place", spare, e));
    }
    if exchange(spare, out)? {
        return Ok(());
    }
    let old = sibling(out, "old");
    fs::rename(out, &old).map_err(|e| Error::io("move aside", out, e))?;
    fs::rename(spare, out).map_err(|e| Error::io("move into place", spare, e))?;
    fs::rename(&old, spare).map_err(|e| Error::io("keep as the spare", &old, e))
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
pub(super) fn sibling(out: &Path, role: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.guidebook-{role}"))
}

/// A build killed while swapping by renames (where folders cannot be exchanged in one
/// step) left a site aside: it goes back in place, or becomes the spare.
pub(super) fn recover_interrupted_swap(out: &Path) -> Result<()> {
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
pub(super) fn remove_stale_staging(out: &Path) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Staging;
    use crate::write::testing::{build, setup};

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
}
