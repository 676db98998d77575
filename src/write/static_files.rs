//! The theme's static files (stylesheet, search script, icon) and the site's
//! own `static/` files, which replace the theme's of the same name.

use super::{Sink, WriteError};
use crate::theme::{self, StaticSource};

pub fn write(root: &std::path::Path, sink: &dyn Sink) -> Result<(), WriteError> {
    for (name, source) in theme::static_files(root) {
        let bytes = match source {
            StaticSource::Embedded(bytes) => bytes.to_vec(),
            StaticSource::File(path) => std::fs::read(&path).map_err(|error| WriteError { path, error })?,
        };
        sink.write(&name, &bytes)?;
    }
    Ok(())
}
