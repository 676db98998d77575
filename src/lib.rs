//! gazette turns an archive of scraped news articles into a static website.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into
//! articles, [`index`] links them (topics, dates, related headlines, URLs,
//! the pages of the site), [`render`] turns pages into HTML with Tera, and
//! [`write`] publishes every output file. [`build`] runs them in order;
//! `docs/architecture.md` is the map.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod index;
pub mod inspect;
pub mod load;
pub mod located;
pub mod model;
pub mod paths;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod write;
