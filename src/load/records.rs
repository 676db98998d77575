//! Files that hold articles as scrapers write them: JSON Lines (`.jsonl`,
//! `.jl`, `.ndjson`), JSON (`.json`: one object, an array, an object with an
//! `articles` array, or objects run together) and CSV or TSV with a header
//! row. Each record is one article, its fields mapped by `fields.rs`; a bad
//! record is a problem of its own, named by its line, and the others build.
//! JSON Lines and CSV are read in batches, never whole, so a file of a
//! million records costs the memory of a batch; each batch is normalised in
//! parallel.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use rayon::prelude::*;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::article::{self, Body, Origin};
use super::fields::{self, RecordBody};
use super::{Source, decode};
use crate::config::LoadOptions;
use crate::model::{Article, Problem, ProblemKind, RecordAt};

/// Records normalised together.
const BATCH: usize = 2048;

/// The data formats of record files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Json,
    JsonLines,
    /// CSV or TSV, by its delimiter.
    Csv(u8),
}

/// Keys of an object that wrap its array of records (NewsAPI, newspaper4k's
/// CLI, Scrapy feeds, dataset dumps).
const WRAPPERS: [&str; 7] = ["articles", "data", "items", "results", "records", "docs", "entries"];

/// A record as read: where it stands, and its fields or why they could not
/// be read.
struct Raw {
    at: RecordAt,
    fields: Result<Map<String, Value>, String>,
}

/// Every article of a record file; a file that cannot be read at all is one
/// problem.
pub(crate) fn load(source: &Source, kind: Kind, options: &LoadOptions) -> Vec<Result<Article, Problem>> {
    let left_out = |message: String| vec![Err(Problem::new(&source.shown, None, ProblemKind::LeftOut, message))];
    let file = match File::open(&source.file) {
        Ok(f) => f,
        Err(e) => return left_out(format!("cannot be read: {e}")),
    };
    // Bodies are streamed batch by batch: a file of a million records never
    // holds them all.
    let stream = options.stream_bodies == Some(true);
    let mut out = Vec::new();
    let mut each_batch = |batch: Vec<Raw>| {
        out.par_extend(batch.into_par_iter().map(|raw| {
            let article = to_article(source, raw, options)?;
            Ok(if stream { article::stream(article) } else { article })
        }));
    };
    let read = match kind {
        Kind::JsonLines => json_lines(file, &mut each_batch),
        Kind::Json => json(file, &mut each_batch),
        Kind::Csv(delimiter) => csv(file, delimiter, &mut each_batch),
    };
    match read {
        Ok(()) if out.is_empty() => {
            left_out("holds no records; a record is a JSON object, or a CSV row under a header row".into())
        }
        Ok(()) => out,
        Err(message) => {
            out.push(Err(Problem::new(&source.shown, None, ProblemKind::LeftOut, message)));
            out
        }
    }
}

/// The record of `source` at `at` again, for its streamed body.
pub(crate) fn reread(source: &Source, kind: Kind, at: RecordAt, options: &LoadOptions) -> Result<Article, Problem> {
    let changed = || Problem::changed(&source.shown);
    let mut file = File::open(&source.file).map_err(|_| changed())?;
    let fields = match kind {
        Kind::Csv(delimiter) => {
            let headers = csv_reader(&mut file, delimiter).headers().map_err(|_| changed())?.clone();
            file.seek(SeekFrom::Start(at.offset)).map_err(|_| changed())?;
            let mut reader =
                csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(file);
            let mut row = csv::StringRecord::new();
            if !reader.read_record(&mut row).map_err(|_| changed())? {
                return Err(changed());
            }
            Ok(row_fields(&headers, &row))
        }
        Kind::Json | Kind::JsonLines => {
            file.seek(SeekFrom::Start(at.offset)).map_err(|_| changed())?;
            let mut values = serde_json::Deserializer::from_reader(BufReader::new(file)).into_iter::<Value>();
            object(values.next().ok_or_else(changed)?.map_err(|_| changed())?)
        }
    };
    to_article(source, Raw { at, fields }, options)
}

fn to_article(source: &Source, raw: Raw, options: &LoadOptions) -> Result<Article, Problem> {
    let at = raw.at;
    let problem = |kind, message: String| Problem::new(&source.shown, Some(at.line), kind, message);
    let record = raw.fields.map_err(|m| problem(ProblemKind::LeftOut, m))?;
    let mapped = fields::map(&record, &options.fields, false);
    let Some(body) = mapped.body else {
        return Err(problem(
            ProblemKind::LeftOut,
            format!(
                "record {} has no text: it sets none of {}; its keys are {}; name the field that holds the text with [load.fields] text = \"…\" in site.toml",
                at.number,
                options.fields.text.iter().chain(&options.fields.html).take(6).cloned().collect::<Vec<_>>().join(", "),
                fields::keys(&record)
            ),
        ));
    };
    let problems: Vec<Problem> =
        mapped.problems.into_iter().map(|(_, message)| problem(ProblemKind::BadKey, message)).collect();
    let stem = mapped.id.clone().unwrap_or_else(|| match &mapped.meta.source_url {
        Some(url) => format!("u{:012x}", stable_hash(url) >> 16),
        None => format!("{}-{}", file_stem(source), at.number),
    });
    let origin = Origin { shown: source.shown.clone(), stem, section: source.section.clone(), record: Some(at) };
    let body = match &body {
        RecordBody::Text(text) => Body::Text(text, at.line, None),
        RecordBody::Html(html) => Body::Html(html),
    };
    Ok(article::build(origin, mapped.meta, body, problems, options))
}

fn file_stem(source: &Source) -> String {
    source.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// FNV-1a: stable across Rust releases, so a URL's stem never changes.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

fn object(value: Value) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!("is {}, not a JSON object of fields", kind_of(&other))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One object a line. A file whose first line is not a whole object holds
/// pretty-printed objects run together (a common broken "JSON Lines"): it is
/// read as JSON.
fn json_lines(file: File, each_batch: &mut dyn FnMut(Vec<Raw>)) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    let (mut offset, mut number, mut line_no) = (0u64, 0usize, 0usize);
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(|e| format!("cannot be read: {e}"))?;
        if read == 0 {
            break;
        }
        line_no += 1;
        let start = offset;
        offset += read as u64;
        let text = trim_ascii(&line);
        if text.is_empty() {
            continue;
        }
        if number == 0 && (text == b"{" || text == b"[") {
            let mut file = reader.into_inner();
            file.seek(SeekFrom::Start(0)).map_err(|e| format!("cannot be read: {e}"))?;
            return json(file, each_batch);
        }
        number += 1;
        let at = RecordAt { number, line: line_no, offset: start };
        let fields = match std::str::from_utf8(text) {
            Ok(text) => serde_json::from_str::<Value>(text)
                .map_err(|e| format!("is not JSON ({e}); write one JSON object per line"))
                .and_then(object),
            Err(e) => {
                Err(format!("is not UTF-8 text (byte {} of the line); re-encode the file as UTF-8", e.valid_up_to()))
            }
        };
        batch.push(Raw { at, fields });
        if batch.len() == BATCH {
            each_batch(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    }
    each_batch(batch);
    Ok(())
}

/// A JSON file, read whole: an array of objects, an object that wraps one
/// (`{"articles": [...]}`), objects run together, or one object.
fn json(mut file: File, each_batch: &mut dyn FnMut(Vec<Raw>)) -> Result<(), String> {
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| format!("cannot be read: {e}"))?;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = std::str::from_utf8(&bytes[bom..]).map_err(|e| {
        format!(
            "is not UTF-8 text: byte 0x{:02X} at offset {} (line {}); re-encode the file as UTF-8",
            bytes[bom + e.valid_up_to()],
            bom + e.valid_up_to(),
            decode::line_of_offset(&bytes, bom + e.valid_up_to())
        )
    })?;
    let base = text.as_ptr() as usize;
    let values = top_level_records(text)?;
    let mut lines = LineCounter::new(text);
    for (k, chunk) in values.chunks(BATCH).enumerate() {
        let batch = chunk
            .iter()
            .enumerate()
            .map(|(j, raw)| {
                let offset = raw.get().as_ptr() as usize - base;
                let at =
                    RecordAt { number: k * BATCH + j + 1, line: lines.line_at(offset), offset: (offset + bom) as u64 };
                let fields = serde_json::from_str::<Value>(raw.get()).map_err(|e| e.to_string()).and_then(object);
                Raw { at, fields }
            })
            .collect();
        each_batch(batch);
    }
    Ok(())
}

/// The records of a JSON text, each as its raw slice of the text.
fn top_level_records(text: &str) -> Result<Vec<&RawValue>, String> {
    let not_json = |e: serde_json::Error| {
        format!("is not JSON ({e}); a .json file holds one object, an array of objects, or {{\"articles\": [...]}}")
    };
    match text.trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(text).map_err(not_json),
        Some(b'{') => match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(_) => {
                let map: std::collections::BTreeMap<&str, &RawValue> = serde_json::from_str(text).map_err(not_json)?;
                for key in WRAPPERS {
                    if let Some(inner) = map.get(key)
                        && inner.get().trim_start().starts_with('[')
                    {
                        return serde_json::from_str::<Vec<&RawValue>>(inner.get()).map_err(not_json);
                    }
                }
                let whole: &RawValue = serde_json::from_str(text).map_err(not_json)?;
                Ok(vec![whole])
            }
            // Objects run together: read them one after another.
            Err(e) if e.is_syntax() && e.to_string().contains("trailing characters") => {
                serde_json::Deserializer::from_str(text)
                    .into_iter::<&RawValue>()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(not_json)
            }
            Err(e) => Err(not_json(e)),
        },
        _ => Err("is not JSON: a .json file holds one object, an array of objects, or {\"articles\": [...]}".into()),
    }
}

/// Lines of byte offsets asked for in increasing order, in one pass.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text: text.as_bytes(), at: 0, line: 1 }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        self.line += self.text[self.at..offset].iter().filter(|&&b| b == b'\n').count();
        self.at = offset;
        self.line
    }
}

fn csv_reader<R: Read>(file: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).flexible(true).from_reader(file)
}

/// A header row, then one record a row. A row with another number of cells
/// than the header is a problem of its own.
fn csv(file: File, delimiter: u8, each_batch: &mut dyn FnMut(Vec<Raw>)) -> Result<(), String> {
    let mut reader = csv_reader(BufReader::with_capacity(1 << 20, file), delimiter);
    let headers = reader.headers().map_err(|e| format!("has no header row that can be read ({e})"))?.clone();
    let mut batch = Vec::with_capacity(BATCH);
    let mut row = csv::StringRecord::new();
    let mut number = 0;
    loop {
        let read = reader.read_record(&mut row);
        let (line, byte) = row.position().map_or((0, 0), |p| (p.line() as usize, p.byte()));
        let fields = match read {
            Ok(false) => break,
            Ok(true) if row.len() != headers.len() => Err(format!(
                "has {} cells where the header row has {}; quote a cell that holds the delimiter or a line break",
                row.len(),
                headers.len()
            )),
            Ok(true) => Ok(row_fields(&headers, &row)),
            Err(e) => match e.kind() {
                csv::ErrorKind::Utf8 { .. } => Err("is not UTF-8 text; re-encode the file as UTF-8".to_string()),
                _ => return Err(format!("cannot be read as CSV: {e}")),
            },
        };
        if matches!(&fields, Ok(f) if f.values().all(|v| v.as_str().is_some_and(str::is_empty))) {
            continue;
        }
        number += 1;
        let at = RecordAt { number, line, offset: byte };
        batch.push(Raw { at, fields });
        if batch.len() == BATCH {
            each_batch(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
        }
    }
    each_batch(batch);
    Ok(())
}

fn row_fields(headers: &csv::StringRecord, row: &csv::StringRecord) -> Map<String, Value> {
    headers.iter().zip(row.iter()).map(|(h, v)| (h.trim().to_string(), Value::String(v.to_string()))).collect()
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.trim_ascii()
}
