//! The site's bytes, pinned: the shipped guide and a generated 1,000-page guide build to
//! exactly the files and hashes stored in `tests/fixtures/manifests/`. A refactor must
//! keep them; a change that means to alter the output regenerates them
//! (`GUIDEBOOK_BLESS=1 cargo test output_manifest`) in a commit that says why.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::support::{build, file_contents, repo};

/// FNV-1a, 64 bits: small, and the same on every machine and Rust version.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `len hash path` per file of the site at `out`, guidebook's own marker left out.
fn manifest(out: &Path) -> String {
    let mut text = String::new();
    for (path, bytes) in file_contents(out) {
        if path != ".guidebook" {
            let _ = writeln!(text, "{} {:016x} {path}", bytes.len(), fnv(&bytes));
        }
    }
    text
}

/// Compares the site built from `guide` with the stored manifest `name`, line by line.
fn assert_matches(guide: &Path, name: &str) {
    let site = build(guide, None);
    let found = manifest(&site.out);
    let stored_path = repo().join("tests/fixtures/manifests").join(name);
    if std::env::var_os("GUIDEBOOK_BLESS").is_some() {
        fs::create_dir_all(stored_path.parent().unwrap()).unwrap();
        fs::write(&stored_path, &found).unwrap();
        return;
    }
    let stored = fs::read_to_string(&stored_path).unwrap();
    let differ: Vec<String> = diff(&stored, &found);
    assert!(
        differ.is_empty(),
        "{} files differ from {name} (first 20):\n{}",
        differ.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}

/// The lines only one side has, marked `-` (stored) or `+` (built).
fn diff(stored: &str, found: &str) -> Vec<String> {
    let stored: std::collections::BTreeSet<&str> = stored.lines().collect();
    let found: std::collections::BTreeSet<&str> = found.lines().collect();
    let gone = stored.difference(&found).map(|l| format!("- {l}"));
    let new = found.difference(&stored).map(|l| format!("+ {l}"));
    gone.chain(new).collect()
}

#[test]
fn the_shipped_guide_builds_to_its_stored_manifest() {
    assert_matches(&repo().join("guide"), "shipped-guide.txt");
}

#[test]
fn a_generated_guide_builds_to_its_stored_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    crate::scale::generated_guide(&guide, 1000);
    assert_matches(&guide, "generated-1000.txt");
}
