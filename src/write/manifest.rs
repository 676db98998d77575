//! What each output file was made from: a fingerprint of everything its
//! template saw. A rebuild renders only the pages whose fingerprint changed.
//! `gazette build` keeps the manifest beside the output folder
//! (`.public.gazette-manifest`); the dev server keeps it in memory.

use std::fs;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::FileList;

const HEADER: &str = concat!("gazette-manifest 2 ", env!("CARGO_PKG_VERSION"));

/// Every file of an output and the fingerprints of those that have one.
/// The paths are held once, sorted, and the fingerprints beside them: at a
/// million articles there are a million and a half paths, and a map of the
/// fingerprints beside the list of files held each of them twice.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Every file of the output (pages, feeds, static files, search index…),
    /// so that the next build knows what to delete without walking it; none
    /// when there was no manifest to read.
    outputs: Option<FileList>,
    /// The fingerprint of each file of `outputs` that has one (pages, feeds,
    /// pictures), at the same position.
    fingerprints: Vec<Option<u64>>,
}

impl Manifest {
    /// The manifest of an output of `files`, with the fingerprints of
    /// `fingerprinted` (a file missing from `files` is left out). Looked up
    /// in parallel: a lookup is a cache miss or two per step of a binary
    /// search, 0.2 s at 100,000 articles on one core.
    pub fn new<S: AsRef<str>>(files: FileList, fingerprinted: impl IntoParallelIterator<Item = (S, u64)>) -> Manifest {
        let found: Vec<(usize, u64)> = fingerprinted
            .into_par_iter()
            .filter_map(|(file, fingerprint)| Some((files.position(file.as_ref())?, fingerprint)))
            .collect();
        let mut fingerprints = vec![None; files.len()];
        for (i, fingerprint) in found {
            fingerprints[i] = Some(fingerprint);
        }
        Manifest { outputs: Some(files), fingerprints }
    }

    /// Where `build` keeps the manifest of the output folder `target`.
    pub fn path_for(target: &Path) -> PathBuf {
        crate::paths::sibling(target, "manifest")
    }

    /// The manifest at `path`; empty when missing, unreadable or written by
    /// another version of gazette (which may render differently).
    pub fn load(path: &Path) -> Manifest {
        let Ok(file) = fs::File::open(path) else { return Manifest::default() };
        let mut lines = io::BufReader::new(file).lines();
        if !matches!(lines.next(), Some(Ok(header)) if header == HEADER) {
            return Manifest::default();
        }
        let mut entries = Vec::new();
        for line in lines {
            let Ok(line) = line else { return Manifest::default() };
            let Some((hash, file)) = line.split_once('\t') else { continue };
            entries.push((file.to_string(), u64::from_str_radix(hash, 16).ok()));
        }
        // Saved sorted; sorted again in case the file was edited by hand.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, first| later.0 == first.0);
        let (files, fingerprints) = entries.into_iter().unzip();
        Manifest { outputs: Some(FileList(files)), fingerprints }
    }

    /// Writes the files in order, each after its fingerprint (empty for a
    /// file without one).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let temp = path.with_extension("tmp");
        let mut w = io::BufWriter::new(fs::File::create(&temp)?);
        writeln!(w, "{HEADER}")?;
        for (file, fingerprint) in self.outputs.iter().flat_map(FileList::iter).zip(&self.fingerprints) {
            match fingerprint {
                Some(hash) => writeln!(w, "{hash:016x}\t{file}")?,
                None => writeln!(w, "\t{file}")?,
            }
        }
        w.flush()?;
        drop(w);
        fs::rename(temp, path)
    }

    /// The fingerprint `file` was made from.
    pub fn get(&self, file: &str) -> Option<u64> {
        self.fingerprints[self.outputs.as_ref()?.position(file)?]
    }

    /// Every file of the output; none when there was no manifest.
    pub fn outputs(&self) -> Option<&FileList> {
        self.outputs.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_manifest_loads_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let files = FileList::new(vec!["b/index.html".into(), "a.xml".into(), "search/x.bin".into()]);
        let manifest = Manifest::new(files, vec![("b/index.html", 7), ("a.xml", u64::MAX), ("gone.html", 3)]);
        manifest.save(&path).unwrap();
        let loaded = Manifest::load(&path);
        assert_eq!(loaded, manifest);
        assert_eq!((loaded.get("b/index.html"), loaded.get("a.xml")), (Some(7), Some(u64::MAX)));
        assert_eq!((loaded.get("search/x.bin"), loaded.get("gone.html")), (None, None));
        assert_eq!(Manifest::load(&dir.path().join("missing")).outputs(), None);
    }
}
