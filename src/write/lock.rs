//! Only one build writes a site at a time: a lock file beside it, with the builder's
//! process id; a lock left by a build that no longer runs is taken over.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::swap::sibling;
use crate::error::{Error, Result};

/// Takes the lock for building into `out`: the lock file's path, removed when the build
/// ends.
pub(super) fn take_lock(out: &Path) -> Result<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Staging;
    use crate::write::testing::setup;

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
