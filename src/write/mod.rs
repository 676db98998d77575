//! Stage four: the output folder. A build writes every new or changed file
//! into a staging folder beside the output (`.public.gazette-new`); nothing
//! in the output changes until everything succeeded. Then a short commit
//! moves the staged files in (one rename each) and deletes what the site no
//! longer has, after writing the list of those moves to a journal
//! (`.public.gazette-commit`) that the next build finishes if this one was
//! killed during the commit. Unchanged files are never touched, so their
//! mtime stays and rsync or S3 sync upload only real changes; and a build
//! never deletes and recreates the whole tree, which on a large archive
//! costs more than rendering it.

pub mod feeds;
pub mod images;
pub mod live;
pub mod manifest;
pub mod on_this_day;
pub mod redirects;
pub mod search;
pub mod sitemap;
pub mod static_files;

use std::fs;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use crate::paths::sibling;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a build's files go: the output folder through a staging folder
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

/// A sink a build ends with: what it wrote is published, or thrown away
/// when the build failed.
pub trait Publish: Sink + Sized {
    /// Publishes the build; returns what it did and every file of the new
    /// output.
    fn publish(self) -> Result<(WriteStats, FileList), WriteError>;
    fn abandon(self);
}

/// A build's output, being written.
pub struct Output<'a> {
    target: PathBuf,
    staging: PathBuf,
    /// The previous output may be reused (it exists, and not `--clean`).
    reuse: bool,
    /// The previous output's files, from its manifest (else it is walked).
    previous_files: Option<&'a FileList>,
    /// Every file of the new output, and whether it was written into the
    /// staging folder (else kept). A list, not a set: at a million articles
    /// there are two million, and a set of them and a second list of those
    /// staged took twice the memory.
    files: Mutex<Vec<(String, bool)>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// What a finished build did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files left as they were because their bytes are the same.
    pub unchanged: usize,
    /// Files of the previous output that the site no longer has.
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

fn err_at(path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |error| WriteError { path, error }
}

impl<'a> Output<'a> {
    /// Starts a build into `target`. A commit that a killed build left
    /// half-done is finished first; a killed build's staging folder is
    /// thrown away.
    pub fn begin(target: &Path, clean: bool, previous_files: Option<&'a FileList>) -> Result<Output<'a>, WriteError> {
        let staging = sibling(target, "new");
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(err_at(parent))?;
        }
        recover(target)?;
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(err_at(&staging))?;
        }
        fs::create_dir(&staging).map_err(err_at(&staging))?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            reuse: !clean && target.is_dir(),
            previous_files: previous_files.filter(|_| !clean),
            files: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    fn record(&self, file: &str, staged: bool) {
        self.files.lock().expect("not poisoned").push((file.to_string(), staged));
    }
}

/// Writes `bytes` to `path`, making its folders when they are missing: one
/// failed open per new folder, and no list of the folders made (at a
/// million articles, a hundred megabytes).
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, bytes)
        }
        done => done,
    }
}

impl Publish for Output<'_> {
    /// Moves the staged files into the output and deletes the files the site
    /// no longer has. Until this returns, a failure leaves the previous output
    /// as it was.
    fn publish(self) -> Result<(WriteStats, FileList), WriteError> {
        let written = self.written.load(Ordering::Relaxed);
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let mut recorded = self.files.into_inner().expect("not poisoned");
        // By name, a file recorded twice staged first if it was staged.
        recorded.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        recorded.dedup_by(|later, first| later.0 == first.0);
        let staged: Vec<bool> = recorded.iter().map(|(_, staged)| *staged).collect();
        let files = FileList(recorded.into_iter().map(|(file, _)| file).collect());
        if !self.target.exists() {
            fs::rename(&self.staging, &self.target).map_err(err_at(&self.target))?;
            return Ok((WriteStats { written, unchanged, removed: 0 }, files));
        }
        let staged: Vec<&String> = files.iter().zip(staged).filter(|(_, s)| *s).map(|(f, _)| f).collect();
        // What the site no longer has: known from the manifest, or found by
        // walking the output (first build of a folder, or --clean).
        let mut removed = stale_files(&self.target, self.previous_files, &files);
        removed.sort();
        let journal_path = sibling(&self.target, "commit");
        let temp = journal_path.with_extension("tmp");
        write_journal(&temp, &staged, &removed).map_err(err_at(&temp))?;
        fs::rename(&temp, &journal_path).map_err(err_at(&journal_path))?;
        recover(&self.target)?;
        Ok((WriteStats { written, unchanged, removed: removed.len() }, files))
    }

    /// Throws the staging folder away; the previous output stays as it was.
    fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// The commit's journal: the staged files to move in, the stale ones to
/// delete, a line each.
fn write_journal(path: &Path, staged: &[&String], removed: &[String]) -> io::Result<()> {
    let mut w = io::BufWriter::new(fs::File::create(path)?);
    for file in staged {
        writeln!(w, "move\t{file}")?;
    }
    for file in removed {
        writeln!(w, "delete\t{file}")?;
    }
    w.flush()
}

/// Finishes the commit recorded in the journal beside `target`, if there is
/// one (moves whose file is already in place are skipped, so it can run any
/// number of times), then removes the journal and the staging folder.
fn recover(target: &Path) -> Result<(), WriteError> {
    let journal_path = sibling(target, "commit");
    let staging = sibling(target, "new");
    let Ok(journal) = fs::File::open(&journal_path) else { return Ok(()) };
    for line in io::BufReader::new(journal).lines() {
        let line = line.map_err(err_at(&journal_path))?;
        let Some((op, file)) = line.split_once('\t') else { continue };
        let dest = target.join(file);
        match op {
            "move" => {
                let from = staging.join(file);
                if !from.exists() {
                    continue; // moved before the build was killed
                }
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent).map_err(err_at(parent))?;
                }
                fs::rename(&from, &dest).map_err(err_at(&dest))?;
            }
            "delete" => {
                match fs::remove_file(&dest) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(err_at(&dest)(e)),
                    _ => {}
                }
                remove_empty_parents(target, &dest);
            }
            _ => {}
        }
    }
    fs::remove_file(&journal_path).map_err(err_at(&journal_path))?;
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(err_at(&staging))?;
    }
    Ok(())
}

impl Sink for Output<'_> {
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), WriteError> {
        if self.reuse && same_bytes(&self.target.join(file), bytes) {
            self.record(file, false);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let err = |error| WriteError { path: self.target.join(file), error };
        if simulated_full_disk(self.written.load(Ordering::Relaxed)) {
            return Err(err(io::Error::from_raw_os_error(libc::ENOSPC)));
        }
        write_file(&self.staging.join(file), bytes).map_err(err)?;
        self.record(file, true);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn keep(&self, file: &str) -> bool {
        let kept = self.reuse && self.target.join(file).is_file();
        if kept {
            self.record(file, false);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    fn keep_dir(&self, dir: &str) -> bool {
        if !self.reuse || !self.target.join(dir).is_dir() {
            return false;
        }
        for rel in files_in(&self.target, dir) {
            self.record(&rel, false);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        true
    }

    fn previous(&self) -> Option<&Path> {
        self.reuse.then_some(self.target.as_path())
    }
}

/// Files of an output folder, by `/`-separated path relative to it: sorted,
/// each once. A list, not a set: there are two million of them at a million
/// articles.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileList(Vec<String>);

impl FileList {
    pub fn new(mut files: Vec<String>) -> FileList {
        files.sort_unstable();
        files.dedup();
        FileList(files)
    }

    pub fn contains(&self, file: &str) -> bool {
        self.position(file).is_some()
    }

    /// Where `file` is in the list.
    pub fn position(&self, file: &str) -> Option<usize> {
        self.0.binary_search_by(|f| f.as_str().cmp(file)).ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }
}

/// The files of the output folder `root` that a build did not produce:
/// those of `previous` (the last build's list) missing from `current`, or,
/// without that list, found by walking the folder. Paths are relative.
pub(crate) fn stale_files(root: &Path, previous: Option<&FileList>, current: &FileList) -> Vec<String> {
    match previous {
        Some(previous) => previous.iter().filter(|f| !current.contains(f)).cloned().collect(),
        None => walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
                (!current.contains(&rel)).then_some(rel)
            })
            .collect(),
    }
}

/// Removes the folders above `file` that its removal left empty
/// (`articles/<slug>/`), up to `root`.
pub(crate) fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != root) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The files under `root/dir`, by `/`-separated path relative to `root`.
pub(crate) fn files_in(root: &Path, dir: &str) -> Vec<String> {
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some(e.path().strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/")))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_inode() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false, None).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("b.txt", b"two").unwrap();
        assert_eq!(out.publish().unwrap().0, WriteStats { written: 2, unchanged: 0, removed: 0 });
        let inode = |p: &str| std::os::unix::fs::MetadataExt::ino(&fs::metadata(target.join(p)).unwrap());
        let before = inode("a/index.html");

        let out = Output::begin(&target, false, None).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.write("c.txt", b"three").unwrap();
        assert_eq!(out.publish().unwrap().0, WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(inode("a/index.html"), before);
        assert!(!target.join("b.txt").exists());
        assert!(!sibling(&target, "commit").exists() && !sibling(&target, "new").exists());
    }

    /// The search index keeps its folder, then rewrites the files an edit
    /// touched: a file kept and written is moved in, and listed once.
    #[test]
    fn a_file_kept_then_written_is_moved_in() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false, None).unwrap();
        out.write("index/a.bin", b"old").unwrap();
        out.write("index/b.bin", b"same").unwrap();
        let files = out.publish().unwrap().1;

        let out = Output::begin(&target, false, Some(&files)).unwrap();
        assert!(out.keep_dir("index"));
        out.write("index/a.bin", b"new").unwrap();
        out.write("index/c.bin", b"added").unwrap();
        let (stats, files) = out.publish().unwrap();
        assert_eq!(stats, WriteStats { written: 2, unchanged: 2, removed: 0 });
        assert_eq!(fs::read(target.join("index/a.bin")).unwrap(), b"new");
        assert_eq!(files.iter().collect::<Vec<_>>(), ["index/a.bin", "index/b.bin", "index/c.bin"]);
    }

    #[test]
    fn a_commit_cut_short_is_finished_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false, None).unwrap();
        out.write("old/index.html", b"old").unwrap();
        out.write("keep.txt", b"same").unwrap();
        out.publish().unwrap();
        // A commit killed after its journal was written and one move made.
        let staging = sibling(&target, "new");
        fs::create_dir_all(staging.join("new")).unwrap();
        fs::write(staging.join("new/index.html"), b"new").unwrap();
        fs::write(target.join("keep.txt"), b"moved already").unwrap();
        fs::write(sibling(&target, "commit"), "move\tkeep.txt\nmove\tnew/index.html\ndelete\told/index.html\n")
            .unwrap();
        let out = Output::begin(&target, false, None).unwrap();
        assert_eq!(fs::read(target.join("new/index.html")).unwrap(), b"new");
        assert_eq!(fs::read(target.join("keep.txt")).unwrap(), b"moved already");
        assert!(!target.join("old").exists(), "the emptied folder is gone too");
        assert!(!sibling(&target, "commit").exists());
        out.abandon();
    }

    #[test]
    fn abandoned_build_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let out = Output::begin(&target, false, None).unwrap();
        out.write("index.html", b"good").unwrap();
        out.publish().unwrap();
        let out = Output::begin(&target, false, None).unwrap();
        out.write("index.html", b"half").unwrap();
        out.abandon();
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"good");
    }
}
