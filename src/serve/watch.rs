//! Watching the site's files for changes.

use std::path::{Path, PathBuf};

use notify::{EventKind, RecursiveMode, Watcher};

/// Watches site.toml, content/, templates/ and static/ (not the output or
/// anything else under the root) for changes to files; reading a file is
/// not a change, or every rebuild would trigger the next.
pub(super) struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

/// The folders under the root whose files make the site.
const WATCHED: [&str; 3] = ["content", "templates", "static"];

impl Watch {
    pub(super) fn new(root: &Path, tx: std::sync::mpsc::Sender<Vec<PathBuf>>) -> Result<Watch, String> {
        let root = std::path::absolute(root).map_err(|e| e.to_string())?;
        let filter_root = root.clone();
        let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            let is_change = match event.kind {
                EventKind::Create(_) | EventKind::Remove(_) => true,
                EventKind::Modify(notify::event::ModifyKind::Metadata(notify::event::MetadataKind::AccessTime)) => {
                    false
                }
                EventKind::Modify(_) => true,
                _ => false,
            };
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| {
                    let rel = p.strip_prefix(&filter_root).unwrap_or(p);
                    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
                    first.as_deref().is_some_and(|f| f == "site.toml" || WATCHED.contains(&f))
                })
                .collect();
            if is_change && !paths.is_empty() {
                let _ = tx.send(paths);
            }
        })
        .map_err(|e| e.to_string())?;
        // The root itself, not recursively: site.toml, and folders created later.
        watcher.watch(&root, RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        let mut watch = Watch { watcher, root, watched: Vec::new() };
        watch.add_new_folders();
        Ok(watch)
    }

    pub(super) fn add_new_folders(&mut self) {
        // A removed folder loses its watch; it is watched again if it returns.
        self.watched.retain(|p| p.is_dir());
        for dir in WATCHED {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(path);
            }
        }
    }
}
