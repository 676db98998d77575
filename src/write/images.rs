//! Local pictures, published in a few widths for `srcset`. Before pages are
//! rendered, each picture's header is read for its size (`plan`), so pages
//! get `width`, `height` and every size's URL; after, the sizes are written
//! (`write`), each resized from the original with the `image` crate. A
//! size's file is named after the picture's path and width (the same on
//! every machine), and the manifest keeps the size and mtime of the
//! original it was made from: a picture that did not change is kept from
//! the last build, not resized again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::manifest::Manifest;
use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::Site;
use crate::model::{ImageSet, Problem, ProblemKind};

/// The widths a picture is published in, when it is wider.
const WIDTHS: [u32; 3] = [480, 960, 1600];
/// JPEG quality of the resized sizes.
const QUALITY: u8 = 82;

/// Every local picture of the site, planned.
#[derive(Debug, Default)]
pub struct Images {
    /// By the picture's path from the site root.
    pub sets: HashMap<String, ImageSet>,
    jobs: Vec<Job>,
}

/// One picture's sizes to write.
#[derive(Debug)]
struct Job {
    source: PathBuf,
    format: image::ImageFormat,
    /// Output file and width of each size.
    sizes: Vec<(String, u32)>,
    /// The original's width: that size is the file itself.
    width: u32,
    /// The original's length and mtime, hashed.
    fingerprint: u64,
}

/// Reads the header of every local picture the articles name. A picture
/// that cannot be read is a warning, and its articles show none.
pub fn plan(config: &Config, site: &Site) -> (Images, Vec<Problem>) {
    let mut wanted: Vec<(&str, &str)> = site
        .articles
        .iter()
        .flat_map(|a| a.images.iter().filter(|p| p.is_local()).map(move |p| (p.src.as_str(), a.path.as_str())))
        .collect();
    wanted.sort_unstable();
    wanted.dedup_by_key(|(src, _)| *src);
    let planned: Vec<Result<(String, ImageSet, Job), Problem>> =
        wanted.par_iter().map(|(src, article)| plan_one(&config.root, src, article)).collect();
    let mut images = Images::default();
    let mut problems = Vec::new();
    for p in planned {
        match p {
            Ok((src, set, job)) => {
                images.sets.insert(src, set);
                images.jobs.push(job);
            }
            Err(problem) => problems.push(problem),
        }
    }
    (images, problems)
}

fn plan_one(root: &Path, src: &str, article: &str) -> Result<(String, ImageSet, Job), Problem> {
    let path = root.join(src);
    let unreadable = |why: String| {
        Problem::new(
            article,
            None,
            ProblemKind::Picture,
            format!("its picture {src} cannot be read ({why}); the article is shown without it"),
        )
    };
    let meta = std::fs::metadata(&path).map_err(|e| unreadable(e.to_string()))?;
    let format = image::ImageFormat::from_path(&path).map_err(|e| unreadable(e.to_string()))?;
    let (width, height) = image::image_dimensions(&path).map_err(|e| unreadable(e.to_string()))?;
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).unwrap_or_default();
    let fingerprint = fnv(format!("{}\u{0}{}", meta.len(), mtime.as_nanos()).as_bytes());
    let hash = fnv(src.as_bytes());
    let stem = src.rsplit('/').next().unwrap_or(src).rsplit_once('.').map_or(src, |(s, _)| s);
    let stem = crate::slug::slugify(stem);
    let ext = match format {
        image::ImageFormat::Jpeg => "jpg",
        image::ImageFormat::Png => "png",
        image::ImageFormat::Gif => "gif",
        image::ImageFormat::WebP => "webp",
        _ => return Err(unreadable("not a JPEG, PNG, GIF or WebP picture".into())),
    };
    // Only JPEG and PNG are resized; a GIF (perhaps animated) or WebP picture
    // is published as it is.
    let resizable = matches!(format, image::ImageFormat::Jpeg | image::ImageFormat::Png);
    let largest = if resizable { width.min(WIDTHS[WIDTHS.len() - 1]) } else { width };
    let mut widths: Vec<u32> =
        if resizable { WIDTHS.iter().copied().filter(|&w| w < largest).collect() } else { Vec::new() };
    widths.push(largest);
    widths.reverse();
    let sizes: Vec<(String, u32)> =
        widths.iter().map(|&w| (format!("media/{hash:016x}/{stem}-{w}.{ext}"), w)).collect();
    let set = ImageSet {
        sizes: sizes.iter().map(|(file, w)| (format!("/{file}"), *w)).collect(),
        width: widths[0],
        height: (u64::from(height) * u64::from(widths[0]) / u64::from(width.max(1))) as u32,
    };
    Ok((src.to_string(), set, Job { source: path, format, sizes, width, fingerprint }))
}

/// FNV-1a: a hash that is the same on every machine and build.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// Writes every size of every picture, keeping those of the last build
/// whose original did not change; returns each size's file and
/// fingerprint for the next manifest.
pub fn write(images: &Images, previous: &Manifest, sink: &dyn Sink) -> Result<Vec<(String, u64)>, WriteError> {
    images.jobs.par_iter().try_for_each(|job| {
        let missing: Vec<&(String, u32)> = job
            .sizes
            .iter()
            .filter(|(file, _)| previous.get(file) != Some(job.fingerprint) || !sink.keep(file))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let original = std::fs::read(&job.source).map_err(|error| WriteError { path: job.source.clone(), error })?;
        let decoded = if missing.iter().any(|(_, w)| *w != job.width) {
            Some(
                image::load_from_memory_with_format(&original, job.format)
                    .map_err(|e| WriteError { path: job.source.clone(), error: std::io::Error::other(e) })?,
            )
        } else {
            None
        };
        for (file, width) in missing {
            let bytes = match &decoded {
                Some(picture) if *width != job.width => resize(picture, *width, job.format),
                _ => Ok(original.clone()),
            }
            .map_err(|e| WriteError { path: job.source.clone(), error: std::io::Error::other(e) })?;
            sink.write(file, &bytes)?;
        }
        Ok(())
    })?;
    Ok(images.jobs.iter().flat_map(|job| job.sizes.iter().map(|(file, _)| (file.clone(), job.fingerprint))).collect())
}

fn resize(picture: &image::DynamicImage, width: u32, format: image::ImageFormat) -> image::ImageResult<Vec<u8>> {
    let height = (u64::from(picture.height()) * u64::from(width) / u64::from(picture.width().max(1))).max(1) as u32;
    let resized = picture.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
    let mut out = std::io::Cursor::new(Vec::new());
    match format {
        image::ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
            resized.to_rgb8().write_with_encoder(encoder)?;
        }
        _ => resized.write_to(&mut out, format)?,
    }
    Ok(out.into_inner())
}
