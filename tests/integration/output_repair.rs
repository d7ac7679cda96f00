//! A site folder someone changed between builds: the next builds put it right, so what is
//! served is what a fresh build of the guide makes, whatever happened to the folder.

use std::fs;
use std::path::Path;

use crate::support::*;

const GUIDE: &[(&str, &str)] = &[
    (
        "index.md",
        "# Home\n\nSee [a](part/a.md) and [b](part/b.md).\n",
    ),
    ("part/index.md", "# Part\n"),
    ("part/a.md", "# A\n\nThe first page.\n"),
    ("part/b.md", "# B\n\nThe second page.\n"),
    ("part/c.md", "# C\n\nThe third page.\n"),
];

fn build_into(dir: &Path, out: &Path) {
    run(dir, &["build", "--out", out.to_str().unwrap()], 0);
}

/// Every folder under `dir`, to see that none is left empty.
fn folders(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            let path = entry.path();
            found.push(path.display().to_string());
            found.extend(folders(&path));
        }
    }
    found
}

#[test]
fn a_damaged_site_is_rebuilt_as_a_fresh_build_would_make_it() {
    let (tmp, _guide) = write_guide(GUIDE);
    let fresh = tmp.path().join("fresh");
    build_into(tmp.path(), &fresh);
    let expected = site_contents(&fresh);
    let out = tmp.path().join("public");
    build_into(tmp.path(), &out);
    build_into(tmp.path(), &out);
    fs::remove_file(out.join("part/a/index.html")).unwrap();
    let page = out.join("part/b/index.html");
    let before = fs::metadata(&page).unwrap().modified().unwrap();
    let len = fs::metadata(&page).unwrap().len() as usize;
    // Same length, same modification time: only the bytes differ.
    fs::write(&page, "x".repeat(len)).unwrap();
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let mut third = fs::File::options()
        .append(true)
        .open(out.join("part/c/index.html"))
        .unwrap();
    std::io::Write::write_all(&mut third, b"<!-- appended -->").unwrap();
    drop(third);
    fs::write(out.join("stray.html"), "not made by the guide").unwrap();
    fs::create_dir_all(out.join("stray/deeper")).unwrap();
    fs::write(out.join("stray/deeper/notes.txt"), "mine").unwrap();
    fs::create_dir(out.join("empty")).unwrap();

    // The next build serves the spare (untouched); the one after, the damaged folder,
    // which must have been put right.
    for _ in 0..2 {
        build_into(tmp.path(), &out);
        let repaired = site_contents(&out);
        assert_eq!(
            repaired.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (rel, bytes) in &expected {
            assert!(repaired[rel] == *bytes, "{rel} differs from a fresh build");
        }
    }
    let strip = |dir: &Path| -> Vec<String> {
        let prefix = dir.display().to_string();
        folders(dir)
            .iter()
            .map(|f| f[prefix.len()..].to_string())
            .collect()
    };
    let mut left = strip(&out);
    let mut made = strip(&fresh);
    left.sort();
    made.sort();
    assert_eq!(
        left, made,
        "no folder is left that a fresh build does not make"
    );
}

#[cfg(unix)]
#[test]
fn a_file_whose_name_holds_a_newline_is_removed_when_the_guide_drops_it() {
    let (tmp, guide) = write_guide(&[("index.md", "# Home\n"), ("a\nb.txt", "odd name")]);
    let out = tmp.path().join("public");
    build_into(tmp.path(), &out);
    assert_eq!(fs::read(out.join("a\nb.txt")).unwrap(), b"odd name");
    build_into(tmp.path(), &out);
    fs::remove_file(guide.join("a\nb.txt")).unwrap();
    build_into(tmp.path(), &out);
    build_into(tmp.path(), &out);
    assert!(!out.join("a\nb.txt").exists());
    let fresh = tmp.path().join("fresh");
    build_into(tmp.path(), &fresh);
    assert_eq!(site_contents(&out), site_contents(&fresh));
}
