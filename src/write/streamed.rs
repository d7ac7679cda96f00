//! A file written piece by piece, for files too big to hold whole (the whole-guide
//! handout of a large guide). While the pieces match the spare's copy nothing is written;
//! from the first difference on, the file is written beside it and replaces it at the end.

use std::borrow::Cow;
use std::fs;
use std::hash::Hasher;
use std::path::PathBuf;

use super::manifest::Entry;
use super::{Staging, normal, stamp_of};
use crate::error::{Error, Result};

/// A file being written piece by piece (see [`Staging::open`]).
pub(crate) struct Streamed<'s> {
    staging: &'s Staging,
    rel: String,
    path: PathBuf,
    fresh: PathBuf,
    target: Target,
    hasher: std::hash::DefaultHasher,
    len: usize,
    buffer: Vec<u8>,
}

/// Where a streamed file's pieces go.
enum Target {
    /// Nowhere yet: they match the spare's copy, read alongside.
    Same(Box<dyn std::io::Read + Send>),
    /// To the new file.
    Fresh(std::io::BufWriter<fs::File>),
}

impl<'s> Streamed<'s> {
    /// Opens `rel` in `staging` (see [`Staging::open`]).
    pub(super) fn start(staging: &'s Staging, rel: &str) -> Result<Streamed<'s>> {
        let rel = normal(rel);
        let path = staging.path_of(&rel);
        staging.make_parent(&path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let fresh = path.with_file_name(format!(".{name}.guidebook-new"));
        let old = match staging.known.get(&*rel) {
            Some(_) => fs::File::open(&path).ok().map(std::io::BufReader::new),
            None => None,
        };
        let mut streamed = Streamed {
            staging,
            rel: rel.into_owned(),
            path,
            fresh,
            target: Target::Same(Box::new(std::io::empty())),
            hasher: std::hash::DefaultHasher::new(),
            len: 0,
            buffer: Vec::new(),
        };
        match old {
            Some(old) => streamed.target = Target::Same(Box::new(old)),
            None => streamed.diverge()?,
        }
        Ok(streamed)
    }

    pub(crate) fn push(&mut self, piece: &str) -> Result<()> {
        use std::io::{Read as _, Write as _};
        let bytes = piece.as_bytes();
        self.hasher.write(bytes);
        if let Target::Same(old) = &mut self.target {
            self.buffer.resize(bytes.len(), 0);
            let same = old.read_exact(&mut self.buffer).is_ok() && self.buffer == bytes;
            if !same {
                self.diverge()?;
            }
        }
        self.len += bytes.len();
        match &mut self.target {
            Target::Same(_) => Ok(()),
            Target::Fresh(file) => file
                .write_all(bytes)
                .map_err(|e| Error::io("write", &self.fresh, e)),
        }
    }

    /// Starts the new file, with the bytes so far (the spare's, since they matched).
    fn diverge(&mut self) -> Result<()> {
        let file = fs::File::create(&self.fresh).map_err(|e| Error::io("write", &self.fresh, e))?;
        let mut file = std::io::BufWriter::new(file);
        if self.len > 0 {
            let old = fs::File::open(&self.path).map_err(|e| Error::io("read", &self.path, e))?;
            let mut prefix = std::io::Read::take(old, self.len as u64);
            std::io::copy(&mut prefix, &mut file)
                .map_err(|e| Error::io("write", &self.fresh, e))?;
        }
        self.target = Target::Fresh(file);
        Ok(())
    }

    /// Puts the file in place, unless the spare already held exactly these bytes.
    pub(crate) fn close(mut self) -> Result<()> {
        use std::io::{Read as _, Write as _};
        if let Target::Same(old) = &mut self.target {
            if old.read(&mut [0]).map_or(true, |n| n > 0) {
                self.diverge()?;
            }
        }
        let staging = self.staging;
        let print = (self.len, self.hasher.finish());
        if let Target::Fresh(mut file) = self.target {
            file.flush()
                .map_err(|e| Error::io("write", &self.fresh, e))?;
            drop(file);
            staging
                .writes
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            fs::rename(&self.fresh, &self.path).map_err(|e| Error::io("write", &self.path, e))?;
        }
        let stamp = stamp_of(&self.path)?;
        staging.record(Cow::Owned(self.rel), Entry { print, stamp });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::Staging;
    use crate::write::testing::{names, setup};
    use std::fs;

    /// A build that streams one file, `big.html`, in `pieces`: how many files it wrote.
    fn stream(out: &Path, guide: &Path, pieces: &[&str]) -> usize {
        let staging = Staging::begin(out, guide).unwrap();
        let mut file = staging.open("a/big.html").unwrap();
        for piece in pieces {
            file.push(piece).unwrap();
        }
        file.close().unwrap();
        let writes = staging.writes();
        staging.commit().unwrap();
        writes
    }

    #[test]
    fn a_streamed_file_is_written_only_where_it_changed() {
        let (tmp, guide, out) = setup();
        let read = || fs::read_to_string(out.join("a/big.html")).unwrap();
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 1);
        assert_eq!(
            stream(&out, &guide, &["head ", "one ", "tail"]),
            1,
            "the spare was empty"
        );
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 0);
        for pieces in [
            &["head ", "two ", "tail"][..],
            &["head ", "one ", "tail", " and more"],
            &["head ", "one "],
            &["head ", "one ", "tail"],
            &["head ", "one ", "tail"],
        ] {
            stream(&out, &guide, pieces);
            assert_eq!(read(), pieces.concat());
        }
        assert_eq!(stream(&out, &guide, &["head ", "one ", "tail"]), 0);
        let leftovers: Vec<String> = names(&out.join("a"));
        assert_eq!(leftovers, ["big.html"], "no new file is left beside it");
        drop(tmp);
    }
}
