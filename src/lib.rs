//! gazette turns an archive of scraped news articles into a static website.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into
//! articles, [`index`] links them (topics, dates, related headlines, slugs),
//! [`render`] turns them into pages with Tera, and [`write`] publishes the
//! output folder. [`build`] runs them in order.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod index;
pub mod inspect;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod slug;
pub mod write;
