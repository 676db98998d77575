//! "On this day": a small JSON file for each day of the calendar that has
//! articles (`archive/on-this-day/MM-DD.json`), listing them newest year
//! first. The home page's script fetches today's file in the reader's
//! browser and keeps the earlier years, so a site built once stays right
//! every day. The home page says which days have a file, so the script
//! never asks for one that is missing.

use serde::Serialize;

use super::{Sink, WriteError};
use crate::config::Config;
use crate::index::Site;
use crate::index::periods::calendar;

/// The folder of the day files, under the output folder.
pub const FOLDER: &str = "archive/on-this-day";

#[derive(Serialize)]
struct Entry<'a> {
    year: i32,
    title: &'a str,
    url: String,
}

pub fn write(config: &Config, site: &Site, sink: &dyn Sink) -> Result<(), WriteError> {
    for ((month, day), articles) in calendar().zip(&site.on_this_day) {
        if articles.is_empty() {
            continue;
        }
        let entries: Vec<Entry> = articles
            .iter()
            .filter_map(|&i| {
                let a = &site.articles[i];
                Some(Entry { year: a.date?.date.year, title: &a.title, url: config.base_url.link(&site.urls[i]) })
            })
            .collect();
        let json = serde_json::to_vec(&entries).expect("JSON of strings cannot fail");
        sink.write(&format!("{FOLDER}/{month:02}-{day:02}.json"), &json)?;
    }
    Ok(())
}
