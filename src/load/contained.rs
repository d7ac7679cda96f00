//! Symbolic links in a guide or a theme folder: followed while they stay inside the
//! folder, refused when they lead out of it. A guide comes from anyone who can open a
//! pull request, and a link to `/etc/passwd` or `/proc/self/environ` would otherwise be
//! published with the site.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result, SourceLoc};

/// A folder whose files may be read: its real location, every link resolved.
#[derive(Debug, Clone)]
pub(super) struct Root {
    real: PathBuf,
}

impl Root {
    pub(super) fn new(dir: &Path) -> Result<Root> {
        let real = dir
            .canonicalize()
            .map_err(|e| Error::io("resolve", dir, e))?;
        Ok(Root { real })
    }

    /// `None` when `path` (a file or folder under this root, perhaps through links)
    /// resolves inside it, or does not resolve at all (the walk reports links that lead
    /// nowhere); otherwise the problem, naming the link and where it leads.
    pub(super) fn escape(&self, path: &Path, folder: &str) -> Option<Diagnostic> {
        let target = path.canonicalize().ok()?;
        if target.starts_with(&self.real) {
            return None;
        }
        Some(
            Diagnostic::new(
                SourceLoc::file(path),
                format!(
                    "this symbolic link leads out of the {folder} folder, to {}",
                    target.display()
                ),
            )
            .with_help(format!(
                "only files inside the {folder} folder are read: copy the file into it, or remove the link"
            )),
        )
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_the_root_are_followed_and_links_out_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let guide = tmp.path().join("guide");
        fs::create_dir_all(guide.join("part")).unwrap();
        fs::write(guide.join("part/page.md"), "# Page").unwrap();
        fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        symlink("part/page.md", guide.join("alias.md")).unwrap();
        symlink("../secret.txt", guide.join("leak.txt")).unwrap();
        symlink("..", guide.join("up")).unwrap();
        let root = Root::new(&guide).unwrap();
        assert!(root.escape(&guide.join("alias.md"), "guide").is_none());
        assert!(root.escape(&guide.join("part/page.md"), "guide").is_none());
        let leak = root.escape(&guide.join("leak.txt"), "guide").unwrap();
        assert!(leak.message.contains("secret.txt"), "{leak}");
        assert!(root.escape(&guide.join("up"), "guide").is_some());
        assert!(root.escape(&guide.join("none.md"), "guide").is_none());
    }
}
