//! Any text as front matter, and as a sidecar, of an otherwise plain article.
#![no_main]

use gazette::config::LoadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = LoadOptions::default();
    let mut file = b"+++\n".to_vec();
    file.extend_from_slice(data);
    file.extend_from_slice(b"\n+++\nA headline\n\nA paragraph of text.\n");
    let _ = gazette::load::load_memory("content/fuzz.txt", &file, None, &options);
    let body = b"A headline\n\nA paragraph of text.\n";
    let _ = gazette::load::load_memory("content/fuzz.txt", body, Some(data), &options);
});
