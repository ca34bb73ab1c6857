//! Where attached files live: `<data dir>/attachments/<id>`, written to a temporary file while
//! they stream in, hashed and counted on the way, synced, and renamed into place only when
//! complete. The database holds what a file is; this directory holds its bytes.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crm_core::id::AttachmentId;
use sha2::{Digest, Sha256};

/// The default largest attachment: 25 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 25 * 1024 * 1024;

/// The attachment directory and its size limit.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    max_bytes: u64,
}

/// Why a file could not be taken.
#[derive(Debug)]
pub enum FileError {
    /// The file is larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        max_bytes: u64,
    },
    /// The disk failed.
    Io(io::Error),
}

impl From<io::Error> for FileError {
    fn from(e: io::Error) -> Self {
        FileError::Io(e)
    }
}

impl FileStore {
    /// A store under `data_dir/attachments` taking files up to `max_bytes`.
    pub fn new(data_dir: &Path, max_bytes: u64) -> Self {
        FileStore {
            dir: data_dir.join("attachments"),
            max_bytes,
        }
    }

    /// The largest file taken, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Where an attachment's bytes are.
    pub fn path(&self, id: &AttachmentId) -> PathBuf {
        self.dir.join(id.as_str())
    }

    /// Starts receiving a file for a new attachment.
    pub fn begin(&self, id: &AttachmentId) -> Result<Incoming, FileError> {
        fs::create_dir_all(&self.dir)?;
        let temp = self.dir.join(format!(".{}.part", id.as_str()));
        let file = File::create(&temp)?;
        Ok(Incoming {
            file: Some(file),
            temp,
            target: self.path(id),
            size: 0,
            max_bytes: self.max_bytes,
            hash: Sha256::new(),
        })
    }

    /// Removes an attachment's bytes (nothing if they are gone already).
    pub fn remove(&self, id: &AttachmentId) -> io::Result<()> {
        match fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// A file being received. Dropped before [`Incoming::finish`], it leaves nothing behind.
#[derive(Debug)]
pub struct Incoming {
    file: Option<File>,
    temp: PathBuf,
    target: PathBuf,
    size: u64,
    max_bytes: u64,
    hash: Sha256,
}

/// A file received in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, hex.
    pub sha256: String,
}

impl Incoming {
    /// Appends a chunk; refuses the file once it grows beyond the limit.
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.size += chunk.len() as u64;
        if self.size > self.max_bytes {
            return Err(FileError::TooLarge {
                max_bytes: self.max_bytes,
            });
        }
        self.hash.update(chunk);
        match self.file.as_mut() {
            Some(file) => file.write_all(chunk)?,
            None => return Err(FileError::Io(io::Error::other("the file is closed"))),
        }
        Ok(())
    }

    /// Syncs the file to disk and moves it into place.
    pub fn finish(mut self) -> Result<Stored, FileError> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        fs::rename(&self.temp, &self.target)?;
        if let Some(dir) = self.target.parent() {
            File::open(dir)?.sync_all()?;
        }
        Ok(Stored {
            size: self.size,
            sha256: hex::encode(self.hash.clone().finalize()),
        })
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        // Unfinished: the partial file goes (finished, it has been renamed already).
        let _ = fs::remove_file(&self.temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(max: u64) -> (FileStore, PathBuf) {
        let dir = std::env::temp_dir().join(format!("crm-files-{}", AttachmentId::new()));
        (FileStore::new(&dir, max), dir)
    }

    #[test]
    fn a_finished_file_is_in_place_with_its_size_and_hash() {
        let (files, dir) = store(100);
        let id = AttachmentId::new();
        let mut incoming = files.begin(&id).unwrap();
        incoming.write(b"hello ").unwrap();
        incoming.write(b"world").unwrap();
        let stored = incoming.finish().unwrap();
        assert_eq!(stored.size, 11);
        assert_eq!(
            stored.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(fs::read(files.path(&id)).unwrap(), b"hello world");
        files.remove(&id).unwrap();
        files.remove(&id).unwrap();
        assert!(!files.path(&id).exists());
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_and_leaves_nothing() {
        let (files, dir) = store(8);
        let id = AttachmentId::new();
        let mut incoming = files.begin(&id).unwrap();
        incoming.write(b"12345").unwrap();
        assert!(matches!(
            incoming.write(b"6789"),
            Err(FileError::TooLarge { max_bytes: 8 })
        ));
        drop(incoming);
        assert_eq!(fs::read_dir(dir.join("attachments")).unwrap().count(), 0);
        let _ = fs::remove_dir_all(dir);
    }
}
