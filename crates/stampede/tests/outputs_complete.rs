//! Nothing is lost on the way to the outputs: with 1000 VUs (many VU threads' sample buffers
//! flushing at the end of the run), every metric's counts in `--out json` and `--out csv` equal
//! the `--summary-export` counts built from the same samples.

use crate::common;

use std::collections::BTreeMap;

use serde_json::Value;

const SCRIPT: &str = r#"import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
const items = new Counter('items');
const latency = new Trend('latency', true);
export const options = { vus: 1000, duration: '2s' };
export default function () {
  items.add(2);
  latency.add(__VU % 7);
  check(__VU, { 'vu is set': (v) => v > 0, 'vu is odd': (v) => v % 2 === 1 });
  sleep(0.3);
}
"#;

/// Per metric: number of samples, sum, min and max of their values.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Tally {
    samples: f64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Tally {
    fn add(&mut self, v: f64) {
        if self.samples == 0.0 {
            (self.min, self.max) = (v, v);
        }
        self.samples += 1.0;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }
}

fn json_tallies(text: &str) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("every --out json line is JSON");
        if v["type"] == "Point" {
            let metric = v["metric"].as_str().expect("metric name").to_string();
            out.entry(metric).or_default().add(v["data"]["value"].as_f64().expect("value"));
        }
    }
    out
}

fn csv_tallies(text: &str) -> BTreeMap<String, Tally> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("CSV header").split(',').collect();
    let name = header.iter().position(|h| *h == "metric_name").expect("metric_name column");
    let value = header.iter().position(|h| *h == "metric_value").expect("metric_value column");
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for line in lines {
        // The script's tag values contain no commas or quotes.
        let cells: Vec<&str> = line.split(',').collect();
        out.entry(cells[name].to_string()).or_default().add(cells[value].parse().expect("numeric metric_value"));
    }
    out
}

/// What `--summary-export` says the samples of one metric were, as a tally to compare with.
fn expected(name: &str, m: &Value) -> Option<(f64, Option<f64>)> {
    let get = |k: &str| m.get(k).and_then(Value::as_f64);
    if let (Some(passes), Some(fails)) = (get("passes"), get("fails")) {
        return Some((passes + fails, Some(passes))); // Rate: samples, sum of 1s.
    }
    if get("avg").is_some() {
        return Some((get("count").unwrap_or_else(|| panic!("{name}: trend count exported")), None));
    }
    if get("rate").is_some() {
        return Some((f64::NAN, get("count"))); // Counter: the sum of the values.
    }
    None // Gauge: checked by min and max.
}

#[test]
fn json_and_csv_hold_every_sample_the_summary_counted_at_1000_vus() {
    let dir = common::script_dir("many.js", SCRIPT);
    let run = common::stampede(
        dir.path(),
        &[
            "run",
            "-q",
            "--summary-trend-stats=avg,min,max,count",
            "--summary-export=export.json",
            "--out",
            "json=out.json",
            "--out",
            "csv=out.csv",
            "many.js",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let export: Value = serde_json::from_str(&read("export.json")).expect("export is JSON");
    let outputs = [("json", json_tallies(&read("out.json"))), ("csv", csv_tallies(&read("out.csv")))];
    let metrics = export["metrics"].as_object().expect("metrics");
    for name in ["items", "latency", "checks", "iterations", "iteration_duration", "vus", "vus_max"] {
        assert!(metrics.contains_key(name), "{name} exported: {export}");
    }
    assert!(export["metrics"]["iterations"]["count"].as_f64().unwrap_or(0.0) >= 1000.0, "{export}");
    for (output, tallies) in &outputs {
        for (name, m) in metrics {
            let got = tallies.get(name).copied().unwrap_or_default();
            match expected(name, m) {
                Some((samples, sum)) => {
                    if !samples.is_nan() {
                        assert_eq!(got.samples, samples, "{output}: samples of {name} ({m})");
                    }
                    if let Some(sum) = sum {
                        assert_eq!(got.sum, sum, "{output}: sum of {name} ({m})");
                    }
                }
                None => {
                    assert_eq!(
                        (Some(got.min), Some(got.max)),
                        (m["min"].as_f64(), m["max"].as_f64()),
                        "{output}: {name}"
                    );
                }
            }
        }
        for name in tallies.keys() {
            assert!(metrics.contains_key(name), "{output} has {name}, the summary export does not");
        }
    }
}
