//! The list of a site folder's files, kept in its marker: for each file what it holds
//! (length and hash) and when the file system last saw it change (its stamp), so a build
//! can tell by one `stat` whether a file is still what the list says.
//!
//! One line per file, `len hash modified changed inode path`, with the path
//! percent-escaped so any file name fits on one line. Lists from before stamps were kept
//! (`files:`, `len hash path`) are still read: their files are hashed once more instead of
//! trusted, so upgrading guidebook rewrites nothing that did not change.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::hash::Hasher;
use std::io::Read as _;
use std::path::Path;

/// Where the list starts, in the marker.
const HEADER: &str = "files v2:";
/// Where a list without stamps started.
const LEGACY_HEADER: &str = "files:";

/// What a file holds, to tell whether it must be written again: length and a hash.
pub(super) type Fingerprint = (usize, u64);

/// When a file last changed, as the file system records it: modification time, and on
/// Unix the inode's change time and number too. A program can set a file's modification
/// time back (as `cp -p` and `touch -r` do) but not its change time, and a file replaced
/// by another has a new inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    modified: i128,
    changed: i128,
    inode: u64,
}

impl Stamp {
    #[cfg(unix)]
    pub(super) fn of(meta: &fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt as _;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Stamp {
            modified: ns(meta.mtime(), meta.mtime_nsec()),
            changed: ns(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    pub fn of(meta: &fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp {
            modified,
            changed: modified,
            inode: 0,
        }
    }

    /// When the file was last modified, in nanoseconds since 1970.
    pub(super) fn modified(&self) -> i128 {
        self.modified
    }

    /// Whether the file last changed strictly before `time`. File times are coarse (a few
    /// milliseconds on many systems), so a file changed in the same tick as the list was
    /// written could change again within that tick and keep its stamp (git calls such
    /// entries "racily clean"); only a stamp older than the list is proof.
    pub(super) fn before(&self, time: i128) -> bool {
        self.modified < time && self.changed < time
    }
}

/// A file as this build leaves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub print: Fingerprint,
    pub stamp: Stamp,
}

/// A file as a list says it was; lists from before stamps have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Listed {
    pub print: Fingerprint,
    pub stamp: Option<Stamp>,
}

/// Length and hash of `bytes`: the standard library's SipHash with fixed keys, so the
/// same bytes give the same fingerprint from one build to the next (a newer guidebook
/// whose hash differs only writes everything once more).
pub(super) fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    (bytes.len(), hasher.finish())
}

/// The fingerprint of the file at `path`, read piece by piece (a handout may be large).
pub(super) fn fingerprint_file(path: &Path) -> std::io::Result<Fingerprint> {
    let mut file = fs::File::open(path)?;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut len = 0;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok((len, hasher.finish()));
        }
        hasher.write(&buffer[..n]);
        len += n;
    }
}

/// The list as it goes in the marker, after its first line.
pub(super) fn format(entries: &BTreeMap<String, Entry>) -> String {
    let mut list = format!("{HEADER}\n");
    for (rel, Entry { print, stamp }) in entries {
        let (len, hash) = print;
        let Stamp {
            modified,
            changed,
            inode,
        } = stamp;
        let _ = writeln!(
            list,
            "{len} {hash:016x} {modified} {changed} {inode} {}",
            escape(rel)
        );
    }
    list
}

/// The files listed in `marker`; `None` when it has no list (a build stopped before
/// finishing it). A line that cannot be read is left out, so its file counts as unknown.
pub(super) fn parse(marker: &str) -> Option<HashMap<String, Listed>> {
    let mut lines = marker.lines();
    let legacy = lines.by_ref().find_map(|line| match line {
        HEADER => Some(false),
        LEGACY_HEADER => Some(true),
        _ => None,
    })?;
    let read = if legacy { legacy_line } else { line };
    Some(lines.filter_map(read).collect())
}

fn line(line: &str) -> Option<(String, Listed)> {
    let mut parts = line.splitn(6, ' ');
    let mut next = || parts.next();
    let (len, hash) = (
        next()?.parse().ok()?,
        u64::from_str_radix(next()?, 16).ok()?,
    );
    let stamp = Stamp {
        modified: next()?.parse().ok()?,
        changed: next()?.parse().ok()?,
        inode: next()?.parse().ok()?,
    };
    let rel = unescape(next()?)?;
    let stamp = Some(stamp);
    Some((
        rel,
        Listed {
            print: (len, hash),
            stamp,
        },
    ))
}

fn legacy_line(line: &str) -> Option<(String, Listed)> {
    let mut parts = line.splitn(3, ' ');
    let (len, hash, rel) = (parts.next()?, parts.next()?, parts.next()?);
    let print = (len.parse().ok()?, u64::from_str_radix(hash, 16).ok()?);
    Some((rel.to_string(), Listed { print, stamp: None }))
}

/// `rel` with `%` and control characters (line breaks, tabs, ...) as `%XX`, byte by byte.
fn escape(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for c in rel.chars() {
        if c == '%' || c.is_control() {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The path `escape` wrote; `None` if `text` is not something it writes.
fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else if first.is_ascii_control() {
            return None;
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(len: usize, hash: u64, modified: i128) -> Entry {
        let stamp = Stamp {
            modified,
            changed: modified + 1,
            inode: 42,
        };
        Entry {
            print: (len, hash),
            stamp,
        }
    }

    #[test]
    fn any_file_name_survives_the_list() {
        let names = [
            "index.html",
            "a\nb.txt",
            "carriage\r\nreturn",
            "tab\there",
            "100% done.png",
            "%41 is not A",
            " leading and trailing ",
            "naïve/日本語/\u{85}next-line",
            "files v2:",
            "files:",
        ];
        let entries: BTreeMap<String, Entry> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), entry(i, i as u64, -5 + i as i128)))
            .collect();
        let list = format(&entries);
        assert_eq!(list.lines().count(), names.len() + 1, "{list}");
        let read = parse(&format!("This folder is built by guidebook.\n{list}")).unwrap();
        let expected: HashMap<String, Listed> = entries
            .iter()
            .map(|(rel, e)| {
                let listed = Listed {
                    print: e.print,
                    stamp: Some(e.stamp),
                };
                (rel.clone(), listed)
            })
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn a_line_that_cannot_be_read_is_left_out() {
        let list = "files v2:\n\
                    3 00000000000000ff 10 11 7 good\n\
                    3 00000000000000ff 10 11 7 bad%2\n\
                    3 00000000000000ff 10 11 7 bad%zz\n\
                    3 00000000000000ff 10 11 7 bad%C3\n\
                    3 nothex 10 11 7 bad\n\
                    3 00000000000000ff 10 eleven 7 bad\n\
                    3 00000000000000ff 10 11 7\n\
                    half a line\n";
        let read = parse(list).unwrap();
        assert_eq!(read.keys().collect::<Vec<_>>(), ["good"]);
    }

    #[test]
    fn a_list_from_before_stamps_is_read_without_them() {
        let marker =
            "This folder is built by guidebook.\nfiles:\n5 00000000000000ff a/100% b.html\n";
        let read = parse(marker).unwrap();
        let listed = Listed {
            print: (5, 255),
            stamp: None,
        };
        assert_eq!(read, HashMap::from([("a/100% b.html".to_string(), listed)]));
        assert_eq!(parse("This folder is built by guidebook.\n"), None);
    }

    #[test]
    fn a_file_read_in_pieces_has_the_fingerprint_of_its_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        assert_eq!(fingerprint_file(&path).unwrap(), fingerprint(&bytes));
    }

    #[test]
    fn only_a_stamp_older_than_the_list_is_proof() {
        let stamp = entry(0, 0, 100).stamp;
        assert!(stamp.before(102));
        assert!(
            !stamp.before(101),
            "changed in the tick the list was written"
        );
        assert!(!stamp.before(100));
    }
}
