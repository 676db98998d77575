//! What each output file was made from: a fingerprint of everything its
//! template saw. A rebuild renders only the pages whose fingerprint changed.
//! `gazette build` keeps the manifest beside the output folder
//! (`.public.gazette-manifest`); the dev server keeps it in memory.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use super::FileList;

const HEADER: &str = concat!("gazette-manifest 2 ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The fingerprint of each page and feed.
    pub files: HashMap<String, u64>,
    /// Every file of the output (pages, feeds, static files, search index…),
    /// so that the next build knows what to delete without walking it.
    pub outputs: Option<FileList>,
}

impl Manifest {
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
        let mut files = HashMap::new();
        let mut outputs = Vec::new();
        for line in lines {
            let Ok(line) = line else { return Manifest::default() };
            let Some((hash, file)) = line.split_once('\t') else { continue };
            if let Ok(hash) = u64::from_str_radix(hash, 16) {
                files.insert(file.to_string(), hash);
            }
            outputs.push(file.to_string());
        }
        Manifest { files, outputs: Some(FileList::new(outputs)) }
    }

    /// Writes the fingerprints and the list of outputs (a file without a
    /// fingerprint has an empty first column).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let mut names: Vec<&String> = self.files.keys().chain(self.outputs.iter().flat_map(FileList::iter)).collect();
        names.sort();
        names.dedup();
        let temp = path.with_extension("tmp");
        let mut w = io::BufWriter::new(fs::File::create(&temp)?);
        writeln!(w, "{HEADER}")?;
        for file in names {
            match self.files.get(file) {
                Some(hash) => writeln!(w, "{hash:016x}\t{file}")?,
                None => writeln!(w, "\t{file}")?,
            }
        }
        w.flush()?;
        drop(w);
        fs::rename(temp, path)
    }

    pub fn get(&self, file: &str) -> Option<u64> {
        self.files.get(file).copied()
    }
}
