//! Per-group and per-scenario aggregates for the full summary mode.
//!
//! A scenario block sees every sample tagged with that scenario; a group block sees the samples
//! emitted directly in that group (not in its sub-groups). Groups of the default scenario become
//! top-level GROUP sections; setup/teardown samples are left out.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::groups::components;
use crate::sink::Sink;
use crate::summary::{ReportCheck, ReportChecks, ReportMetric, ReportScope};
use crate::{Metric, MetricId, Sample};

#[derive(Debug, Default)]
struct ScopeAgg {
    sinks: BTreeMap<MetricId, Sink>,
    checks: Option<ReportChecks>,
}

impl ScopeAgg {
    fn add(&mut self, sample: &Sample, metric: &Metric, check: Option<(&str, bool)>) {
        self.sinks.entry(metric.id).or_insert_with(|| Sink::new(metric.metric_type)).add(sample.value);
        if let Some((name, passed)) = check {
            self.checks.get_or_insert_with(ReportChecks::default).add(&ReportCheck {
                name: name.to_string(),
                path: String::new(),
                id: String::new(),
                passes: passed as u64,
                fails: (!passed) as u64,
            });
        }
    }
}

/// Aggregates per scenario and per (scenario, group).
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    scenarios: BTreeMap<String, ScopeAgg>,
    groups: Vec<((String, String), ScopeAgg)>,
    index: HashMap<(String, String), usize>,
}

impl Scopes {
    fn group_slot(&mut self, scenario: &str, path: &str) -> usize {
        let mut prefix = String::new();
        let mut slot = 0;
        for name in components(path) {
            prefix.push_str("::");
            prefix.push_str(name);
            let key = (scenario.to_string(), prefix.clone());
            slot = match self.index.get(&key) {
                Some(&i) => i,
                None => {
                    self.groups.push((key.clone(), ScopeAgg::default()));
                    self.index.insert(key, self.groups.len() - 1);
                    self.groups.len() - 1
                }
            };
        }
        slot
    }

    /// Adds a sample to the blocks it belongs to; `check` is `(name, passed)` for check samples.
    pub(crate) fn add(&mut self, sample: &Sample, metric: &Metric, check: Option<(&str, bool)>) {
        let scenario = sample.tags.get("scenario");
        if let Some(s) = scenario.filter(|s| *s != "default") {
            self.scenarios.entry(s.to_string()).or_default().add(sample, metric, check);
        }
        let group = sample.tags.get("group").unwrap_or("");
        if components(group).next().is_none() || group == "::setup" || group == "::teardown" {
            return;
        }
        let slot = self.group_slot(scenario.unwrap_or("default"), group);
        self.groups[slot].1.add(sample, metric, check);
    }

    fn scope(
        &self,
        agg: Option<&ScopeAgg>,
        scenario: &str,
        parent: &str,
        metric_of: &dyn Fn(MetricId) -> Option<Metric>,
        stats: &[String],
        duration: Duration,
    ) -> ReportScope {
        let metrics = agg
            .map(|a| {
                a.sinks
                    .iter()
                    .filter_map(|(id, sink)| {
                        let m = metric_of(*id)?;
                        Some(ReportMetric {
                            name: m.name.to_string(),
                            metric_type: m.metric_type.as_str().to_string(),
                            contains: m.value_type.as_str().to_string(),
                            values: sink.values(stats, duration),
                            thresholds: Vec::new(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let depth = components(parent).count();
        let groups = self
            .groups
            .iter()
            .filter(|((s, path), _)| {
                s == scenario
                    && components(path).count() == depth + 1
                    && (parent.is_empty() || path.starts_with(&format!("{parent}::")))
            })
            .map(|((_, path), g)| {
                let name = components(path).last().unwrap_or("").to_string();
                (name, self.scope(Some(g), scenario, path, metric_of, stats, duration))
            })
            .collect();
        ReportScope { checks: agg.and_then(|a| a.checks.clone()), metrics, groups }
    }

    /// Trend sinks sorted for percentile reads.
    pub(crate) fn prepare(&mut self) {
        let all = self.scenarios.values_mut().chain(self.groups.iter_mut().map(|(_, g)| g));
        for agg in all {
            for sink in agg.sinks.values_mut() {
                if let Sink::Trend(t) = sink {
                    t.prepare();
                }
            }
        }
    }

    /// Top-level groups of the default scenario, and the other scenarios sorted by name.
    pub(crate) fn report(
        &self,
        metric_of: &dyn Fn(MetricId) -> Option<Metric>,
        stats: &[String],
        duration: Duration,
    ) -> (Vec<(String, ReportScope)>, Vec<(String, ReportScope)>) {
        let groups = self.scope(None, "default", "", metric_of, stats, duration).groups;
        let mut names: Vec<&String> = self.scenarios.keys().collect();
        names.sort_by(|a, b| crate::summary::locale_cmp(a, b));
        let scenarios = names
            .into_iter()
            .map(|name| {
                let agg = self.scenarios.get(name);
                (name.clone(), self.scope(agg, name, "", metric_of, stats, duration))
            })
            .collect();
        (groups, scenarios)
    }
}
