//! The end-of-test report: what every summary (text, `handleSummary` data, `--summary-export`)
//! is rendered from.
//!
//! The collector builds a [`SummaryReport`] from its sinks; [`SummaryReport::to_data`] turns it
//! into k6's legacy `handleSummary` `data` JSON, and [`SummaryReport::from_data`] reads such JSON
//! back (for data a script changed or a sample captured from k6).

use std::time::Duration;

use serde_json::{Map, Value, json};

pub use super::group::{ReportGroup, md5_hex};

/// One threshold's result.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportThreshold {
    /// The expression as written.
    pub source: String,
    /// True when it passed at the last evaluation.
    pub ok: bool,
    /// The aggregate it compared (for the THRESHOLDS section), when known.
    pub value: Option<f64>,
}

/// One metric or sub-metric as summaries show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportMetric {
    /// Name (`my_counter` or `my_counter{kind:a}`).
    pub name: String,
    /// `counter`, `gauge`, `rate` or `trend`.
    pub metric_type: String,
    /// `default`, `time` or `data`.
    pub contains: String,
    /// The summary values in k6's key order.
    pub values: Vec<(String, f64)>,
    /// The thresholds of this exact (sub-)metric, in definition order.
    pub thresholds: Vec<ReportThreshold>,
}

impl ReportMetric {
    /// A value by key.
    pub fn value(&self, key: &str) -> Option<f64> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// One check with its results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCheck {
    /// The check name.
    pub name: String,
    /// `<group path>::<name>`.
    pub path: String,
    /// md5 of the path, hex.
    pub id: String,
    /// Successful evaluations.
    pub passes: u64,
    /// Failed evaluations.
    pub fails: u64,
}

/// The checks of one summary block: totals plus one entry per distinct name (first-seen order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportChecks {
    /// Checks merged by name, first-seen order.
    pub ordered: Vec<ReportCheck>,
}

impl ReportChecks {
    /// Adds results for `name`, merging with an earlier check of the same name.
    pub fn add(&mut self, check: &ReportCheck) {
        match self.ordered.iter_mut().find(|c| c.name == check.name) {
            Some(c) => {
                c.passes += check.passes;
                c.fails += check.fails;
            }
            None => self.ordered.push(check.clone()),
        }
    }

    /// Passes over all checks.
    pub fn passes(&self) -> u64 {
        self.ordered.iter().map(|c| c.passes).sum()
    }

    /// Failures over all checks.
    pub fn fails(&self) -> u64 {
        self.ordered.iter().map(|c| c.fails).sum()
    }
}

/// A block of the text summary: TOTAL RESULTS, one group or one scenario.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportScope {
    /// The block's checks, when the block saw any.
    pub checks: Option<ReportChecks>,
    /// The block's metrics.
    pub metrics: Vec<ReportMetric>,
    /// Nested groups, first-seen order.
    pub groups: Vec<(String, ReportScope)>,
}

/// Run facts that appear in the `handleSummary` data but are not measured by the collector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataContext {
    /// `--summary-time-unit` (`""` when unset).
    pub summary_time_unit: String,
    /// `--no-color` / `NO_COLOR`.
    pub no_color: bool,
    /// stdout is a terminal.
    pub stdout_tty: bool,
    /// stderr is a terminal.
    pub stderr_tty: bool,
    /// The JSON `setup()` returned; `None` leaves `setup_data` out (undefined in k6).
    pub setup_data: Option<Value>,
}

/// Everything the end-of-test summaries show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryReport {
    /// Test run duration (rates are per second of it).
    pub duration: Duration,
    /// `summaryTrendStats` the trend values were computed for.
    pub trend_stats: Vec<String>,
    /// TOTAL RESULTS: every observed metric and every (sub-)metric with thresholds.
    pub total: ReportScope,
    /// Full mode: top-level groups of the default scenario, first-seen order.
    pub groups: Vec<(String, ReportScope)>,
    /// Full mode: scenarios other than `default`, sorted by name.
    pub scenarios: Vec<(String, ReportScope)>,
    /// The legacy group tree with checks.
    pub root_group: ReportGroup,
}

impl SummaryReport {
    /// Names of (sub-)metrics with a failed threshold, sorted (for k6's error line).
    pub fn failed_threshold_metrics(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.total.metrics.iter().filter(|m| m.thresholds.iter().any(|t| !t.ok)).map(|m| m.name.clone()).collect();
        names.sort();
        names
    }

    /// The legacy `handleSummary` `data` object (sample `03-handlesummary.data-arg.json`).
    pub fn to_data(&self, ctx: &DataContext) -> Value {
        let mut metrics = Map::new();
        for m in &self.total.metrics {
            let mut obj = Map::new();
            obj.insert("type".into(), json!(m.metric_type));
            obj.insert("contains".into(), json!(m.contains));
            let values: Map<String, Value> = m.values.iter().map(|(k, v)| (k.clone(), number(*v))).collect();
            obj.insert("values".into(), Value::Object(values));
            if !m.thresholds.is_empty() {
                let th: Map<String, Value> =
                    m.thresholds.iter().map(|t| (t.source.clone(), json!({ "ok": t.ok }))).collect();
                obj.insert("thresholds".into(), Value::Object(th));
            }
            metrics.insert(m.name.clone(), Value::Object(obj));
        }
        let mut data = Map::new();
        data.insert("root_group".into(), self.root_group.to_json());
        data.insert(
            "options".into(),
            json!({
                "summaryTrendStats": self.trend_stats,
                "summaryTimeUnit": ctx.summary_time_unit,
                "noColor": ctx.no_color,
            }),
        );
        data.insert(
            "state".into(),
            json!({
                "isStdOutTTY": ctx.stdout_tty,
                "isStdErrTTY": ctx.stderr_tty,
                "testRunDurationMs": number(self.duration.as_secs_f64() * 1000.0),
            }),
        );
        data.insert("metrics".into(), Value::Object(metrics));
        // Without setup data k6 leaves `setup_data` undefined, so JSON forms omit it.
        if let Some(setup) = &ctx.setup_data {
            data.insert("setup_data".into(), setup.clone());
        }
        Value::Object(data)
    }

    /// Reads a legacy `handleSummary` `data` object back (no per-group/scenario blocks).
    pub fn from_data(data: &Value) -> SummaryReport {
        let trend_stats: Vec<String> = data
            .pointer("/options/summaryTrendStats")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
            .unwrap_or_else(default_trend_stats);
        let duration_ms = data.pointer("/state/testRunDurationMs").and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
        let root_group = data.get("root_group").map(ReportGroup::from_json).unwrap_or_else(|| ReportGroup::new("", ""));
        let mut metrics = Vec::new();
        if let Some(Value::Object(map)) = data.get("metrics") {
            for (name, m) in map {
                let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let values: Vec<(String, f64)> = match m.get("values") {
                    Some(Value::Object(v)) => {
                        v.iter().filter_map(|(k, v)| v.as_f64().map(|f| (k.clone(), f))).collect()
                    }
                    _ => Vec::new(),
                };
                let thresholds = match m.get("thresholds") {
                    Some(Value::Object(t)) => t
                        .iter()
                        .map(|(src, r)| ReportThreshold {
                            source: src.clone(),
                            ok: r.get("ok").and_then(Value::as_bool).unwrap_or(true),
                            value: None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                metrics.push(ReportMetric {
                    name: name.clone(),
                    metric_type: s("type"),
                    contains: s("contains"),
                    values,
                    thresholds,
                });
            }
        }
        let checks = if metrics.iter().any(|m| m.name == "checks") {
            let mut c = ReportChecks::default();
            for check in root_group.all_checks() {
                c.add(check);
            }
            Some(c)
        } else {
            None
        };
        SummaryReport {
            duration: Duration::from_secs_f64(duration_ms / 1000.0),
            trend_stats,
            total: ReportScope { checks, metrics, groups: Vec::new() },
            groups: Vec::new(),
            scenarios: Vec::new(),
            root_group,
        }
    }
}

/// k6's default `summaryTrendStats`.
pub fn default_trend_stats() -> Vec<String> {
    ["avg", "min", "med", "max", "p(90)", "p(95)"].iter().map(|s| s.to_string()).collect()
}

/// A JSON number; integral values print without a fraction like Go's encoder does.
pub(crate) fn number(v: f64) -> Value {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else if v.is_finite() {
        Value::from(v)
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_md5_of_paths() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("::g1"), "9ccb03cc5acd728a2fe595bbd1f14da3");
        assert_eq!(md5_hex("::g1::is one"), "02605501ec9e026bb31eb1c8afd4903e");
    }

    #[test]
    fn data_round_trips() {
        let mut root = ReportGroup::new("", "");
        let mut g = ReportGroup::new("g1", "::g1");
        g.checks.push(ReportCheck {
            name: "ok".into(),
            path: "::g1::ok".into(),
            id: md5_hex("::g1::ok"),
            passes: 2,
            fails: 1,
        });
        root.groups.push(g);
        let report = SummaryReport {
            duration: Duration::from_millis(1500),
            trend_stats: default_trend_stats(),
            total: ReportScope {
                checks: None,
                metrics: vec![ReportMetric {
                    name: "checks".into(),
                    metric_type: "rate".into(),
                    contains: "default".into(),
                    values: vec![("rate".into(), 2.0 / 3.0), ("passes".into(), 2.0), ("fails".into(), 1.0)],
                    thresholds: vec![ReportThreshold { source: "rate>0.9".into(), ok: false, value: None }],
                }],
                groups: Vec::new(),
            },
            groups: Vec::new(),
            scenarios: Vec::new(),
            root_group: root,
        };
        let data = report.to_data(&DataContext::default());
        assert_eq!(data["metrics"]["checks"]["thresholds"]["rate>0.9"]["ok"], json!(false));
        assert_eq!(data["state"]["testRunDurationMs"], json!(1500));
        assert_eq!(data["root_group"]["groups"][0]["checks"][0]["passes"], json!(2));
        assert!(data.get("setup_data").is_none());
        let back = SummaryReport::from_data(&data);
        assert_eq!(back.root_group, report.root_group);
        assert!(!back.total.metrics[0].thresholds[0].ok);
        assert_eq!(back.total.checks.as_ref().unwrap().passes(), 2);
        assert_eq!(back.failed_threshold_metrics(), vec!["checks".to_string()]);
    }
}
