//! What each output file was made from: a fingerprint of everything its
//! template saw. A rebuild renders only the pages whose fingerprint changed.
//! `gazette build` keeps the manifest beside the output folder
//! (`.public.gazette-manifest`); the dev server keeps it in memory.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const HEADER: &str = concat!("gazette-manifest 1 ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub files: HashMap<String, u64>,
}

impl Manifest {
    /// Where `build` keeps the manifest of the output folder `target`.
    pub fn path_for(target: &Path) -> PathBuf {
        super::sibling(target, "manifest")
    }

    /// The manifest at `path`; empty when missing, unreadable or written by
    /// another version of gazette (which may render differently).
    pub fn load(path: &Path) -> Manifest {
        let Ok(text) = fs::read_to_string(path) else { return Manifest::default() };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let files = lines
            .filter_map(|l| {
                let (hash, file) = l.split_once('\t')?;
                Some((file.to_string(), u64::from_str_radix(hash, 16).ok()?))
            })
            .collect();
        Manifest { files }
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        let mut entries: Vec<(&String, &u64)> = self.files.iter().collect();
        entries.sort();
        let mut text = String::with_capacity(32 * entries.len() + HEADER.len() + 1);
        text.push_str(HEADER);
        text.push('\n');
        for (file, hash) in entries {
            text.push_str(&format!("{hash:016x}\t{file}\n"));
        }
        let temp = path.with_extension("tmp");
        fs::write(&temp, text)?;
        fs::rename(temp, path)
    }

    pub fn get(&self, file: &str) -> Option<u64> {
        self.files.get(file).copied()
    }
}
