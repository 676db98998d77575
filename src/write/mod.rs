//! Stage four: the output folder. A build writes into a staging folder beside
//! the output and swaps it in only when everything succeeded, so a failed or
//! killed build leaves the previous site exactly as it was. A file whose bytes
//! did not change is hard-linked from the previous output instead of being
//! written again: its mtime stays, and rsync or S3 sync upload only real
//! changes.

pub mod feeds;
pub mod live;
pub mod manifest;
pub mod search;
pub mod sitemap;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a build's files go: a staging folder swapped in at the end
/// ([`Output`]), or the dev server's folder, updated in place
/// ([`live::LiveOutput`]).
pub trait Sink: Sync {
    /// Writes `file` (relative to the output folder), unless the same bytes
    /// are there already.
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError>;
    /// Keeps the previous build's `file` as it is, because its inputs did not
    /// change; false when there is no such file.
    fn keep(&self, file: &str) -> bool;
    /// Keeps a whole folder of the previous build; false when there is none.
    fn keep_dir(&self, dir: &str) -> bool;
    /// The previous build's folder, to read what it recorded.
    fn previous(&self) -> Option<&Path>;
}

/// A build's output, being written.
pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    /// The previous output, when there is one.
    previous: Option<PathBuf>,
    created_dirs: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// What a finished build did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files kept from the previous output because their bytes are the same.
    pub unchanged: usize,
    /// Files of the previous output that are gone from the new one.
    pub removed: usize,
}

/// A write that failed, with the file it was for.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WriteError {}

pub(crate) fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.gazette-{suffix}"))
}

impl Output {
    /// Starts a build into `target`. Leftovers of a build that was killed are
    /// cleaned up first; a previous output lost between the two renames of a
    /// swap is put back.
    pub fn begin(target: &Path, clean: bool) -> Result<Output, WriteError> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |error| WriteError { path, error }
        };
        let staging = sibling(target, "new");
        let old = sibling(target, "old");
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(err(parent))?;
        }
        if old.exists() {
            if target.exists() {
                fs::remove_dir_all(&old).map_err(err(&old))?;
            } else {
                fs::rename(&old, target).map_err(err(target))?;
            }
        }
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(err(&staging))?;
        }
        fs::create_dir(&staging).map_err(err(&staging))?;
        let previous = (!clean && target.is_dir()).then(|| target.to_path_buf());
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            previous,
            created_dirs: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    fn write_file(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.staging.join(file);
        let err = |error| WriteError { path: self.target.join(file), error };
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent).map_err(err)?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(file);
            if same_bytes(&old, bytes) && fs::hard_link(&old, &path).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        if simulated_full_disk(self.written.load(Ordering::Relaxed)) {
            return Err(err(io::Error::from_raw_os_error(libc::ENOSPC)));
        }
        fs::write(&path, bytes).map_err(err)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Takes a whole folder of the previous output over as it is (hard
    /// links), for parts of the site known to be unchanged.
    fn keep_folder(&self, previous: &Path, dir: &str) -> Result<(), WriteError> {
        let from = previous.join(dir);
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |error| WriteError { path, error }
        };
        for entry in walkdir::WalkDir::new(&from).into_iter() {
            let entry = entry.map_err(|e| WriteError { path: from.clone(), error: e.into() })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(previous).expect("under previous");
            let to = self.staging.join(rel);
            if let Some(parent) = to.parent() {
                self.ensure_dir(parent).map_err(err(parent))?;
            }
            fs::hard_link(entry.path(), &to).or_else(|_| fs::copy(entry.path(), &to).map(|_| ())).map_err(err(&to))?;
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn ensure_dir(&self, dir: &Path) -> io::Result<()> {
        if self.created_dirs.lock().expect("not poisoned").contains(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        self.created_dirs.lock().expect("not poisoned").insert(dir.to_path_buf());
        Ok(())
    }

    /// Swaps the new output in and removes the old one.
    pub fn commit(self) -> Result<WriteStats, WriteError> {
        let written = self.written.load(Ordering::Relaxed);
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let removed = match &self.previous {
            Some(previous) => count_files(previous).saturating_sub(unchanged),
            None => 0,
        };
        let old = sibling(&self.target, "old");
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |error| WriteError { path, error }
        };
        if self.target.exists() {
            if exchange(&self.staging, &self.target).is_ok() {
                fs::rename(&self.staging, &old).map_err(err(&old))?;
            } else {
                fs::rename(&self.target, &old).map_err(err(&self.target))?;
                fs::rename(&self.staging, &self.target).map_err(err(&self.target))?;
            }
            fs::remove_dir_all(&old).map_err(err(&old))?;
        } else {
            fs::rename(&self.staging, &self.target).map_err(err(&self.target))?;
        }
        Ok(WriteStats { written, unchanged, removed })
    }

    /// Throws the staging folder away; the previous output stays as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

impl Sink for Output {
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.write_file(file, bytes)
    }

    fn keep(&self, file: &str) -> bool {
        let Some(previous) = &self.previous else { return false };
        let old = previous.join(file);
        let new = self.staging.join(file);
        let linked = new.parent().is_some_and(|p| self.ensure_dir(p).is_ok()) && fs::hard_link(&old, &new).is_ok();
        if linked {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        linked
    }

    fn keep_dir(&self, dir: &str) -> bool {
        match &self.previous {
            Some(previous) if previous.join(dir).is_dir() => self.keep_folder(previous, dir).is_ok(),
            _ => false,
        }
    }

    fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }
}

/// A test hook for machines where a small filesystem cannot be mounted:
/// with `GAZETTE_SIMULATE_FULL_DISK_AFTER=N` in the environment, writes fail
/// with "No space left on device" once N files are written.
fn simulated_full_disk(written: usize) -> bool {
    static LIMIT: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    LIMIT
        .get_or_init(|| std::env::var("GAZETTE_SIMULATE_FULL_DISK_AFTER").ok().and_then(|v| v.parse().ok()))
        .is_some_and(|limit| written >= limit)
}

pub(crate) fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(old) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => fs::read(old).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count()
}

/// Atomically swaps two folders (Linux `renameat2` with `RENAME_EXCHANGE`),
/// so that there is no moment without an output folder.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_inode() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("b.txt", b"two").unwrap();
        assert_eq!(out.commit().unwrap(), WriteStats { written: 2, unchanged: 0, removed: 0 });
        let inode = |p: &str| std::os::unix::fs::MetadataExt::ino(&fs::metadata(target.join(p)).unwrap());
        let before = inode("a/index.html");

        let out = Output::begin(&target, false).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("c.txt", b"three").unwrap();
        assert_eq!(out.commit().unwrap(), WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(inode("a/index.html"), before);
        assert!(!target.join("b.txt").exists());
        assert!(!sibling(&target, "old").exists() && !sibling(&target, "new").exists());
    }

    #[test]
    fn abandoned_build_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false).unwrap();
        out.write("index.html", b"good").unwrap();
        out.commit().unwrap();
        let out = Output::begin(&target, false).unwrap();
        out.write("index.html", b"half").unwrap();
        out.abandon();
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"good");
    }
}
