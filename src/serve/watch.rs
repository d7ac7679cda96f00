//! What `serve` watches: the guide's folder (pages, `guide.yaml`, `concepts.yaml`) and
//! the theme overrides beside it. Editors save in many ways (in place, into a temporary
//! file renamed over the page, delete and create); each ends in events on a watched
//! folder, and a burst of events is one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// A change is over once no event has come for this long: an editor's save is a few
/// events within a millisecond; a checkout of many files, many within this. A burst
/// that outlasts it is built twice, which costs time, never correctness.
const QUIET: Duration = Duration::from_millis(5);

/// The watcher and the events it sends.
pub(super) struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    /// The folders watched, and everything under them.
    watched: Vec<PathBuf>,
    /// Folders that did not exist yet (a `templates/` override made later): their
    /// parent is watched for them to appear.
    awaited: Vec<PathBuf>,
}

/// Files changed, together, and when the first of them was seen.
pub(super) struct Change {
    pub paths: Vec<PathBuf>,
    pub seen: Instant,
}

impl Watch {
    /// Watches each of `folders` and everything under it; one that does not exist yet
    /// from when it is made.
    pub(super) fn start(folders: &[PathBuf]) -> Result<Watch> {
        let (send, events) = channel();
        let failed = |e: notify::Error| Error::Usage(format!("guidebook serve cannot watch: {e}"));
        let watcher = notify::recommended_watcher(send).map_err(failed)?;
        let mut watch = Watch {
            watcher,
            events,
            watched: Vec::new(),
            awaited: Vec::new(),
        };
        // Events name files by absolute paths, which the folders are compared with.
        let folders: Vec<PathBuf> = folders.iter().map(|f| absolute(f)).collect();
        let mut parents: Vec<&Path> = Vec::new();
        for folder in &folders {
            if folder.is_dir() {
                watch.add(folder).map_err(failed)?;
                continue;
            }
            watch.awaited.push(folder.clone());
            let parent = folder
                .parent()
                .filter(|p| p.is_dir() && !parents.contains(p));
            if let Some(parent) = parent {
                // Only the folder's own entries: what else is beside the guide is not ours.
                watch
                    .watcher
                    .watch(parent, RecursiveMode::NonRecursive)
                    .map_err(failed)?;
                parents.push(parent);
            }
        }
        Ok(watch)
    }

    fn add(&mut self, folder: &Path) -> notify::Result<()> {
        self.watcher.watch(folder, RecursiveMode::Recursive)?;
        self.watched.push(folder.to_path_buf());
        Ok(())
    }

    /// The next change, waiting up to `wait` for it to start (`None` if none did).
    pub(super) fn next(&mut self, wait: Duration) -> Option<Change> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let first = match self.events.recv_timeout(left) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            let seen = Instant::now();
            let mut paths = Vec::new();
            self.add_paths(&mut paths, first);
            while let Ok(event) = self.events.recv_timeout(QUIET) {
                self.add_paths(&mut paths, event);
            }
            if !paths.is_empty() {
                return Some(Change { paths, seen });
            }
        }
    }
}

impl Watch {
    /// Adds the paths of `event` worth a build: inside a watched folder, or an awaited
    /// folder that has appeared (watched from now on). A watcher's error (events lost)
    /// counts as a change of everything.
    fn add_paths(&mut self, paths: &mut Vec<PathBuf>, event: notify::Result<Event>) {
        let event = match event {
            Ok(event) if event.kind.is_access() => return,
            Ok(event) => event,
            Err(_) => {
                paths.push(PathBuf::from("(the watched folders)"));
                return;
            }
        };
        for path in event.paths {
            if let Some(at) = self.awaited.iter().position(|f| *f == path) {
                if path.is_dir() && self.add(&path).is_ok() {
                    self.awaited.remove(at);
                    paths.push(path);
                }
                continue;
            }
            let ours = self.watched.iter().any(|f| path.starts_with(f));
            if ours && !ignored(&path) && !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
}

/// `folder` as events name it: absolute, with links resolved (the folder's own when it
/// exists, else its parent's).
fn absolute(folder: &Path) -> PathBuf {
    if let Ok(found) = folder.canonicalize() {
        return found;
    }
    let full = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    match (full.parent().map(Path::canonicalize), full.file_name()) {
        (Some(Ok(parent)), Some(name)) => parent.join(name),
        _ => full,
    }
}

/// What editors leave beside a file as they save it: hidden files (`.page.md.swp`,
/// `.#page.md`), backups (`page.md~`), Vim's probe (`4913`), temporary names; and what
/// version control keeps in its own folder.
fn ignored(path: &Path) -> bool {
    let in_vcs = path
        .components()
        .any(|c| [".git", ".hg", ".svn"].iter().any(|v| c.as_os_str() == *v));
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return in_vcs;
    };
    in_vcs
        || name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".crdownload"]
            .iter()
            .any(|end| name.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_droppings_are_not_changes() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "4913",
            ".#a.md",
            "a.md.tmp",
            ".git/index",
        ] {
            assert!(ignored(Path::new("guide").join(name).as_path()), "{name}");
        }
        for name in ["a.md", "guide.yaml", "style.css", "swp.md"] {
            assert!(!ignored(Path::new("guide").join(name).as_path()), "{name}");
        }
    }
}
