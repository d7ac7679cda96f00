//! Opening the spare copy of the site for a build: what it holds is checked against its
//! list before any of it is reused, because the spare was the output before, and people
//! edit, delete and add files in an output folder. A file whose stamp or size differs from
//! the list is hashed again or dropped; anything the list does not name (a file someone
//! added, a symbolic link, what a killed build left) is removed, and folders left empty
//! with it. The spare then holds exactly the listed files, so the build that updates it
//! makes what a fresh build would.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::MARKER;
use super::manifest::{self, Entry, Listed, Stamp};
use super::safety::{is_ours, refuse};
use crate::error::{Error, Result};

/// What the spare's list says, and when it was written.
struct List {
    files: HashMap<String, Listed>,
    written: Option<i128>,
}

/// What sweeping a folder leaves: how many entries it keeps, and the files among them,
/// checked.
#[derive(Default)]
struct Swept {
    kept: usize,
    known: Vec<(String, Entry)>,
}

impl Swept {
    fn join(mut self, other: Swept) -> Swept {
        self.kept += other.kept;
        self.known.extend(other.known);
        self
    }
}

/// The spare's files by path, each checked to hold what its entry says; everything else
/// is removed from it. A spare that is not ours is refused.
pub(super) fn open(dir: &Path) -> Result<HashMap<String, Entry>> {
    if !dir.exists() {
        fs::create_dir(dir).map_err(|e| Error::io("create", dir, e))?;
        return Ok(HashMap::new());
    }
    let empty = fs::read_dir(dir)
        .map_err(|e| Error::io("read", dir, e))?
        .next()
        .is_none();
    if !is_ours(dir) && !empty {
        return Err(refuse(
            dir,
            "guidebook keeps its spare copy of the site there, but the folder was not made by guidebook; move it away",
        ));
    }
    let marker = dir.join(MARKER);
    // A marker without a list (a build stopped while updating the spare) vouches for
    // nothing in it: everything is swept away.
    let files = manifest::parse(&fs::read_to_string(&marker).unwrap_or_default());
    let list = List {
        files: files.unwrap_or_default(),
        written: fs::symlink_metadata(&marker)
            .ok()
            .map(|m| Stamp::of(&m).modified()),
    };
    Ok(sweep(dir, Some(""), &list)?.known.into_iter().collect())
}

/// Goes through `folder` (at `rel` in the site; `None` where nothing can be listed)
/// without following symbolic links, its entries in parallel (a site has thousands of
/// folders): keeps the listed files that are still as listed, removes everything else,
/// and folders that end up empty.
fn sweep(folder: &Path, rel: Option<&str>, list: &List) -> Result<Swept> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(folder)
        .and_then(|entries| entries.collect())
        .map_err(|e| Error::io("read", folder, e))?;
    entries
        .into_par_iter()
        .map(|entry| sweep_entry(&entry, rel, list))
        .try_reduce(Swept::default, |a, b| Ok(a.join(b)))
}

fn sweep_entry(entry: &fs::DirEntry, rel: Option<&str>, list: &List) -> Result<Swept> {
    let path = entry.path();
    let kind = entry.file_type().map_err(|e| Error::io("read", &path, e))?;
    let name = entry.file_name();
    // A name that is not UTF-8 is none the build makes: no path under it is listed.
    let child = match (rel, name.to_str()) {
        (Some(""), Some(name)) => Some(name.to_string()),
        (Some(rel), Some(name)) => Some(format!("{rel}/{name}")),
        _ => None,
    };
    if kind.is_dir() {
        let inside = sweep(&path, child.as_deref(), list)?;
        if inside.kept == 0 {
            fs::remove_dir(&path).map_err(|e| Error::io("remove", &path, e))?;
            return Ok(Swept::default());
        }
        return Ok(Swept {
            kept: 1,
            known: inside.known,
        });
    }
    if rel == Some("") && name == MARKER {
        return Ok(Swept {
            kept: 1,
            known: Vec::new(),
        });
    }
    let listed = child.as_ref().and_then(|c| list.files.get(c));
    let checked = match listed {
        Some(listed) if kind.is_file() => check(entry, listed, list.written),
        _ => None,
    };
    match (checked, child) {
        (Some(entry), Some(rel)) => Ok(Swept {
            kept: 1,
            known: vec![(rel, entry)],
        }),
        // A symbolic link is removed itself, never what it points to.
        _ => remove_entry(&path, kind.is_symlink()).map(|()| Swept::default()),
    }
}

/// The entry for the file if it still holds what `listed` says, with its stamp now. A
/// stamp as listed and older than the list (`written`) is proof enough; otherwise the
/// file is hashed again, to keep an unchanged file that was only touched.
fn check(file: &fs::DirEntry, listed: &Listed, written: Option<i128>) -> Option<Entry> {
    let meta = file.metadata().ok().filter(|m| m.is_file())?;
    if usize::try_from(meta.len()).ok() != Some(listed.print.0) {
        return None;
    }
    // Taken before the file is read: a change made while it is read shows next time.
    let stamp = Stamp::of(&meta);
    let settled = written.is_some_and(|time| stamp.before(time));
    let same = (listed.stamp == Some(stamp) && settled)
        || manifest::fingerprint_file(&file.path()).is_ok_and(|print| print == listed.print);
    same.then_some(Entry {
        print: listed.print,
        stamp,
    })
}

fn remove_entry(path: &Path, link: bool) -> Result<()> {
    match fs::remove_file(path) {
        // Windows links to folders are removed as folders.
        Err(_) if link => fs::remove_dir(path),
        other => other,
    }
    .map_err(|e| Error::io("remove", path, e))
}

/// Removes the file at `path` inside `root`, and the folders it leaves empty.
pub(super) fn remove_file(root: &Path, path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io("remove", path, e));
        }
        _ => {}
    }
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|d| *d != root && d.starts_with(root)) {
        if fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::write::manifest::fingerprint;
    use crate::write::swap::sibling;
    use crate::write::testing::{build, setup, site_of, tree};
    use crate::write::{MARKER_TEXT, stamp_of};

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
}
