//! What the tests of the write stage share: a guide and an output in a temporary folder,
//! whole builds, and the tree a build leaves.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::{MARKER, Staging};

pub(super) fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    fs::create_dir(&guide).unwrap();
    let out = tmp.path().join("public");
    (tmp, guide, out)
}

pub(super) fn build(out: &Path, guide: &Path, files: &[(&str, &str)]) -> usize {
    let staging = Staging::begin(out, guide).unwrap();
    for (rel, text) in files {
        staging.write(rel, text.as_bytes()).unwrap();
    }
    let writes = staging.writes();
    staging.commit().unwrap();
    writes
}

pub(super) fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file and folder under `dir` (folders end in `/`), with the bytes of files and
/// the target of symbolic links, which are not followed.
pub(super) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

pub(super) fn site_of(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
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
