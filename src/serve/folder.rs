//! The folder the server builds into, and the folders that killed servers
//! left behind.

/// The folder the server builds into: `gazette-serve-<pid>-XXXXXX` in the
/// system's temporary folder, removed when the server stops. A killed
/// server cannot remove its own, so those of servers that no longer run are
/// removed here, in the background (one may hold a whole archive).
pub(super) fn build_folder() -> std::io::Result<tempfile::TempDir> {
    std::thread::spawn(remove_abandoned_folders);
    tempfile::Builder::new().prefix(&format!("gazette-serve-{}-", std::process::id())).tempdir()
}

fn remove_abandoned_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|n| n.strip_prefix("gazette-serve-")).and_then(|rest| rest.split('-').next());
        if let Some(pid) = pid.and_then(|p| p.parse::<i32>().ok())
            && !process_exists(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_exists(pid: i32) -> bool {
    // SAFETY: signal 0 is not sent; kill only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: i32) -> bool {
    true
}
