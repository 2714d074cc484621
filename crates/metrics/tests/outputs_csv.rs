//! `--out csv` writes k6's rows (sample `04-out.csv`) for the same samples.

use crate::common;

use common::*;
use metrics::output::{CsvTimeFormat, DEFAULT_CSV_SYSTEM_TAGS};
use metrics::{OutputSpec, Thresholds};

/// `extra_tags` order is random in k6 (Go map); compare it as a set.
fn normalise(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let mut cols: Vec<String> = l.split(',').map(str::to_string).collect();
            let n = cols.len();
            if n >= 2 {
                let mut extra: Vec<&str> = cols[n - 2].split('&').collect();
                extra.sort();
                cols[n - 2] = extra.join("&");
            }
            cols.join(",")
        })
        .collect()
}

fn write(path: &std::path::Path, time_format: CsvTimeFormat) -> String {
    let run = load_jsonl("k6-samples/04-out.json.jsonl");
    let spec = OutputSpec::Csv {
        path: path.to_string_lossy().into_owned(),
        save_interval: std::time::Duration::from_secs(1),
        time_format,
    };
    let mut out = spec.open(&Thresholds::default(), &DEFAULT_CSV_SYSTEM_TAGS).unwrap();
    for s in &run.samples {
        out.add(s, &run.registry.try_metric(s.metric).unwrap()).unwrap();
    }
    out.stop().unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_string(&mut text).unwrap();
        text
    } else {
        std::fs::read_to_string(path).unwrap()
    }
}

#[test]
fn rows_match_k6() {
    let dir = tempfile::tempdir().unwrap();
    let got = write(&dir.path().join("out.csv"), CsvTimeFormat::Unix);
    assert_eq!(normalise(&got), normalise(&read("k6-samples/04-out.csv")));
}

#[test]
fn gzip_and_rfc3339_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    let got = write(&dir.path().join("out.csv.gz"), CsvTimeFormat::Rfc3339);
    let second = got.lines().nth(1).unwrap();
    assert!(second.starts_with("my_counter,2026-11-24T02:25:30Z,100.000000,"), "{second}");
    assert_eq!(got.lines().count(), read("k6-samples/04-out.csv").lines().count());
}
