//! Whole-page scrapes of three invented outlets and three single pages
//! (`tests/fixtures/outlets`): for every page, the title, byline, dates and
//! every body paragraph, exactly as a reader tells them
//! (`truth/<host>/<page>.json`, written by hand from the page, not from
//! gazette's output). Menus, share rows, notices, "Most read" boxes,
//! comments and footers must be gone; captions become figures.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outlets")
}

/// What a reader sees of one article: the fields of the truth files.
fn seen(a: &Value) -> Value {
    let mut body: Vec<Value> = a["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "paragraph")
        .map(|b| b["text"].clone())
        .collect();
    if body.first() != Some(&a["lead"]) && a["lead"] != "" {
        body.insert(0, a["lead"].clone());
    }
    serde_json::json!({
        "title": a["title"], "authors": a["authors"], "role": a["role"],
        "date": a["date"], "updated": a["updated"], "body": body,
    })
}

#[test]
fn every_page_of_every_outlet_reads_as_its_reader_tells_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", "--json", "content"])
        .current_dir(fixture())
        .output()
        .unwrap();
    let articles: BTreeMap<String, Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|a| (a["path"].as_str().unwrap().to_string(), a))
        .collect();
    let truth_dir = fixture().join("truth");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (file, bytes) in crate::tree(&truth_dir) {
        let truth: Value = serde_json::from_slice(&bytes).unwrap();
        let path = format!("content/{}", file.replace(".json", ".txt"));
        let got = seen(articles.get(&path).unwrap_or_else(|| panic!("{path} was not read")));
        checked += 1;
        for key in ["title", "authors", "role", "date", "updated", "body"] {
            if got[key] != truth[key] {
                wrong.push(format!("{path}: {key}\n  reader: {}\n  gazette: {}", truth[key], got[key]));
            }
        }
    }
    assert!(checked >= 33, "{checked} truth files");
    assert!(wrong.is_empty(), "{} differences:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn captions_and_credits_become_figures() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", "--json", "content/northgatechronicle.example/bus-fare-freeze.txt"])
        .current_dir(fixture())
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let figures: Vec<&Value> = a["blocks"].as_array().unwrap().iter().filter(|b| b["kind"] == "figure").collect();
    assert_eq!(
        figures,
        [
            &serde_json::json!({"kind": "figure", "media": "image", "caption": "A Northgate Transit bus on Harrow Avenue.",
                             "credit": "Lena Ortiz/Northgate Chronicle", "alt": null})
        ]
    );
}

#[test]
fn inspect_lists_each_dropped_line_with_its_reason() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", "--json", "content"])
        .current_dir(fixture())
        .output()
        .unwrap();
    let first: Value = serde_json::from_str(String::from_utf8(out.stdout).unwrap().lines().next().unwrap()).unwrap();
    let dropped = first["dropped"].as_array().unwrap();
    let reason_of =
        |text: &str| dropped.iter().find(|d| d["text"] == text).map(|d| d["reason"].as_str().unwrap().to_string());
    assert_eq!(dropped[0]["line"], 1, "the page's title line");
    assert_eq!(reason_of("Privacy Policy").as_deref(), Some("page furniture (share row, menu, legal or sign-in line)"));
    assert!(
        dropped
            .iter()
            .any(|d| d["reason"].as_str().unwrap().starts_with("repeated in 11 files of bluestemnews6.example")),
        "{dropped:?}"
    );
}
