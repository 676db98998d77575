//! Any bytes, as a scraped `.txt` and as a Markdown `.md`: the loader must
//! return an article or a problem, never panic or hang.
#![no_main]

use gazette::config::LoadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = LoadOptions::default();
    let _ = gazette::load::load_memory("content/fuzz.txt", data, None, &options);
    let _ = gazette::load::load_memory("content/fuzz.md", data, None, &options);
});
