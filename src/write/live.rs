//! The dev server's output: one folder updated in place, file by file. Each
//! file is replaced by a rename, so the server never sends a half-written
//! page, and files that a rebuild no longer produces are removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{FileList, Publish, Sink, WriteError, WriteStats, same_bytes};

pub struct LiveOutput<'a> {
    dir: PathBuf,
    /// The last rebuild's files; without them the folder is walked.
    previous: Option<&'a FileList>,
    /// Files this rebuild wrote or kept.
    seen: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl<'a> LiveOutput<'a> {
    pub fn new(dir: &Path, previous: Option<&'a FileList>) -> Result<LiveOutput<'a>, WriteError> {
        fs::create_dir_all(dir).map_err(|error| WriteError { path: dir.to_path_buf(), error })?;
        Ok(LiveOutput {
            dir: dir.to_path_buf(),
            previous,
            seen: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    fn saw(&self, file: &str) {
        self.seen.lock().expect("not poisoned").push(file.to_string());
    }
}

impl Publish for LiveOutput<'_> {
    /// Removes what this rebuild did not produce, and says what it did and
    /// which files the folder now holds.
    fn publish(self) -> Result<(WriteStats, FileList), WriteError> {
        let seen = FileList::new(self.seen.into_inner().expect("not poisoned"));
        let mut removed = 0;
        for file in super::stale_files(&self.dir, self.previous, &seen) {
            let path = self.dir.join(file);
            if fs::remove_file(&path).is_ok() {
                removed += 1;
            }
            super::remove_empty_parents(&self.dir, &path);
        }
        let stats = WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        };
        Ok((stats, seen))
    }

    /// Leaves the files written so far: the next rebuild renders every page
    /// again (the session forgets its manifest) and corrects them.
    fn abandon(self) {}
}

impl Sink for LiveOutput<'_> {
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.saw(file);
        let path = self.dir.join(file);
        if same_bytes(&path, bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let err = |error| WriteError { path: path.clone(), error };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(err)?;
        }
        let temp = path.with_file_name(format!(".{}.gazette-tmp", path.file_name().expect("a file").to_string_lossy()));
        fs::write(&temp, bytes).map_err(err)?;
        fs::rename(&temp, &path).map_err(err)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn keep(&self, file: &str) -> bool {
        let exists = self.dir.join(file).is_file();
        if exists {
            self.saw(file);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        exists
    }

    fn keep_dir(&self, dir: &str) -> bool {
        if !self.dir.join(dir).is_dir() {
            return false;
        }
        for rel in super::files_in(&self.dir, dir) {
            self.saw(&rel);
        }
        true
    }

    fn previous(&self) -> Option<&Path> {
        Some(&self.dir)
    }
}
