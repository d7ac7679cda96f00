//! A build kept in memory, for `guidebook serve`: the site as a map from path to bytes.
//! Nothing touches the disk, so serving never writes into `public/` or any folder a
//! `build` owns.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// A site's files by their `/`-separated paths, each shared: a build brought up to date
/// after a save shares every file the save left alone with the build before.
pub(crate) type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Every file of one build, by its `/`-separated path in the site.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.insert(rel, bytes.to_vec());
        Ok(())
    }

    pub(crate) fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io("read", from, e))?;
        self.insert(rel, bytes);
        Ok(())
    }

    fn insert(&self, rel: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.trim_start_matches('/').to_string(), bytes);
    }

    /// The files, once the build is done.
    pub(crate) fn into_files(self) -> Files {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect()
    }
}

/// A file of a [`Memory`] build written piece by piece.
pub(crate) struct MemoryPiece<'m> {
    memory: &'m Memory,
    rel: String,
    bytes: Vec<u8>,
}

impl<'m> MemoryPiece<'m> {
    pub(crate) fn new(memory: &'m Memory, rel: &str) -> Self {
        MemoryPiece {
            memory,
            rel: rel.to_string(),
            bytes: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, piece: &str) {
        self.bytes.extend_from_slice(piece.as_bytes());
    }

    pub(crate) fn close(self) {
        self.memory.insert(&self.rel, self.bytes);
    }
}
