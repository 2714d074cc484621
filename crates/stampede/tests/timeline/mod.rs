//! A run's timeline from its `--out json` samples, for comparing how two runners scheduled the
//! same scenarios: iterations and dropped iterations per scenario per second, and the `vus` /
//! `vus_max` gauges at each of their once-a-second ticks.
//!
//! Seconds are counted from the run's start, read from the samples themselves: the earliest
//! iteration start (`time - iteration_duration`). Wall-clock seconds would cut two runs at
//! unrelated places; the run's own start puts iterations that end on a whole second (a 0.2 s
//! iteration five times over) after the boundary in both runs, because sleeps only overshoot.
//!
//! Counters are per scenario, so each may differ by the tolerance. `vus` is one gauge summed
//! over the scenarios, sampled at an instant where several of them may be starting or stopping
//! VUs, so it may differ by the tolerance once per scenario running at that tick (from its
//! first iteration start to its last iteration end in the reference run).
#![allow(dead_code, unreachable_pub)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Counters compared per scenario and second.
const COUNTERS: [&str; 2] = ["iterations", "dropped_iterations"];
/// Gauges compared per tick.
const GAUGES: [&str; 2] = ["vus", "vus_max"];

/// What one run did, second by second.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Timeline {
    /// (metric, scenario, second) -> sum of the samples' values.
    pub per_second: BTreeMap<(String, String, u64), f64>,
    /// (metric, scenario) -> sum over the run.
    pub totals: BTreeMap<(String, String), f64>,
    /// (gauge, tick) -> value; tick `n` is the sample nearest to `n` seconds after the start.
    pub ticks: BTreeMap<(String, u64), f64>,
    /// Per scenario, seconds from the start to its first iteration start and last iteration end.
    pub spans: BTreeMap<String, (f64, f64)>,
}

impl Timeline {
    /// The timeline of an `--out json` NDJSON document; `None` when it holds no iteration.
    pub fn from_ndjson(text: &str) -> Option<Timeline> {
        let points: Vec<Point> = text.lines().filter_map(Point::parse).collect();
        let start = points
            .iter()
            .filter(|p| p.metric == "iteration_duration")
            .map(|p| p.time - p.value / 1000.0)
            .min_by(f64::total_cmp)?;
        let mut t = Timeline::default();
        for p in points.iter().filter(|p| p.metric == "iteration_duration") {
            let (from, to) = (p.time - p.value / 1000.0 - start, p.time - start);
            let span = t.spans.entry(p.scenario.clone()).or_insert((from, to));
            *span = (span.0.min(from), span.1.max(to));
        }
        for p in &points {
            let since = (p.time - start).max(0.0);
            if COUNTERS.contains(&p.metric.as_str()) {
                let scenario = p.scenario.clone();
                *t.per_second.entry((p.metric.clone(), scenario.clone(), since as u64)).or_default() += p.value;
                *t.totals.entry((p.metric.clone(), scenario)).or_default() += p.value;
            } else if GAUGES.contains(&p.metric.as_str()) {
                t.ticks.insert((p.metric.clone(), since.round() as u64), p.value);
            }
        }
        Some(t)
    }

    /// Where `ours` differs from `self` (the reference) by more than `tolerance` in a second, a
    /// tick or a total (a second or tick one side lacks counts as 0 there).
    pub fn differences(&self, ours: &Timeline, tolerance: f64) -> Vec<String> {
        let mut diffs = Vec::new();
        let mut compare = |what: String, a: Option<&f64>, b: Option<&f64>| {
            let (x, y) = (a.copied().unwrap_or(0.0), b.copied().unwrap_or(0.0));
            if (x - y).abs() > tolerance {
                diffs.push(format!("{what}: k6 {x} vs stampede {y}"));
            }
        };
        for key in union(&self.per_second, &ours.per_second) {
            let (metric, scenario, second) = key;
            compare(
                format!("{metric} of {scenario} in second {second}"),
                self.per_second.get(key),
                ours.per_second.get(key),
            );
        }
        for key in union(&self.totals, &ours.totals) {
            compare(format!("{} of {} in total", key.0, key.1), self.totals.get(key), ours.totals.get(key));
        }
        for key in union(&self.ticks, &ours.ticks) {
            let (x, y) = (self.ticks.get(key).copied().unwrap_or(0.0), ours.ticks.get(key).copied().unwrap_or(0.0));
            let allowed =
                if key.0 == "vus" { tolerance * self.running_at(key.1 as f64).max(1) as f64 } else { tolerance };
            if (x - y).abs() > allowed {
                diffs.push(format!("{} at {} s: k6 {x} vs stampede {y} (allowed ±{allowed})", key.0, key.1));
            }
        }
        diffs
    }

    /// How many scenarios had started their first iteration and not ended their last at `second`.
    pub fn running_at(&self, second: f64) -> usize {
        self.spans.values().filter(|(from, to)| *from <= second && second <= *to).count()
    }
}

fn union<'a, K: Ord, V>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, V>) -> BTreeSet<&'a K> {
    a.keys().chain(b.keys()).collect()
}

/// One `Point` line: metric, value, time (seconds since the epoch) and scenario tag.
struct Point {
    metric: String,
    value: f64,
    time: f64,
    scenario: String,
}

impl Point {
    fn parse(line: &str) -> Option<Point> {
        let v: Value = serde_json::from_str(line).ok()?;
        if v["type"] != "Point" {
            return None;
        }
        Some(Point {
            metric: v["metric"].as_str()?.to_string(),
            value: v["data"]["value"].as_f64()?,
            time: rfc3339_seconds(v["data"]["time"].as_str()?)?,
            scenario: v["data"]["tags"]["scenario"].as_str().unwrap_or_default().to_string(),
        })
    }
}

/// Seconds since the Unix epoch of an RFC 3339 time such as `2026-11-24T06:51:57.061086781Z`
/// or `...57.06+01:00`.
pub fn rfc3339_seconds(s: &str) -> Option<f64> {
    let (date, rest) = s.split_once('T')?;
    let mut ymd = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let zone_at = rest.rfind(['Z', '+', '-'])?;
    let (clock, zone) = rest.split_at(zone_at);
    let offset = match zone {
        "Z" => 0,
        _ => {
            let (h, min) = zone[1..].split_once(':')?;
            let secs = h.parse::<i64>().ok()? * 3600 + min.parse::<i64>().ok()? * 60;
            if zone.starts_with('-') { -secs } else { secs }
        }
    };
    let mut hms = clock.split(':');
    let (h, min, sec) = (hms.next()?.parse::<i64>().ok()?, hms.next()?.parse::<i64>().ok()?, hms.next()?);
    let sec: f64 = sec.parse().ok()?;
    let days = days_from_civil(y, m, d);
    Some((days * 86_400 + h * 3600 + min * 60 - offset) as f64 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[test]
fn times_parse_with_zones() {
    assert_eq!(rfc3339_seconds("1970-01-02T00:00:01Z"), Some(86_401.0));
    assert_eq!(rfc3339_seconds("1970-01-01T01:00:00.5+01:00"), Some(0.5));
    assert_eq!(rfc3339_seconds("2000-03-01T00:00:00Z"), Some(951_868_800.0));
}

#[test]
fn a_moved_iteration_is_within_one_but_two_are_not() {
    let line = |metric: &str, time: &str, value: f64, scenario: &str| {
        format!(
            r#"{{"type":"Point","metric":"{metric}","data":{{"time":"2026-01-01T00:00:{time}Z","value":{value},"tags":{{"scenario":"{scenario}"}}}}}}"#
        )
    };
    let run = |ends: &[&str]| {
        let mut lines = vec![line("iteration_duration", "00.2", 200.0, "a")];
        for end in ends {
            lines.push(line("iterations", end, 1.0, "a"));
        }
        lines.push(line("vus", "01.0", 2.0, ""));
        Timeline::from_ndjson(&lines.join("\n")).expect("has iterations")
    };
    let reference = run(&["00.5", "00.9", "00.9"]);
    assert!(reference.differences(&reference, 1.0).is_empty());
    assert_eq!(reference.per_second.get(&("iterations".into(), "a".into(), 0)), Some(&3.0));
    assert_eq!(reference.ticks.get(&("vus".into(), 1)), Some(&2.0));
    assert_eq!(reference.running_at(0.1), 1);
    assert_eq!(reference.running_at(0.5), 0);
    assert!(reference.differences(&run(&["00.5", "00.9", "01.1"]), 1.0).is_empty());
    let two_late = reference.differences(&run(&["00.5", "01.1", "01.1"]), 1.0);
    assert_eq!(two_late.len(), 2, "{two_late:?}");
    let one_missing = reference.differences(&run(&["00.5", "00.9"]), 0.0);
    assert!(one_missing.iter().any(|d| d.contains("in total")), "{one_missing:?}");
}
