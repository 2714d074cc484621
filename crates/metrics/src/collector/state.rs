//! The collector's aggregation state: one sink per metric, one per thresholded sub-metric, the
//! group tree, optional per-group/scenario blocks, and the threshold results.

use std::time::Duration;

use super::groups::GroupTree;
use super::scopes::Scopes;
use crate::sink::Sink;
use crate::summary::{ReportMetric, ReportScope, ReportThreshold, SummaryReport};
use crate::threshold::Thresholds;
use crate::{Metric, MetricId, Registry, Sample, TagSet};

/// What a metric means to the collector beyond its sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Checks,
    GroupDuration,
    Other,
}

#[derive(Debug)]
struct MetricSlot {
    metric: Metric,
    role: Role,
    sink: Option<Sink>,
    subs: Vec<usize>,
}

#[derive(Debug)]
struct SubMetric {
    tags: TagSet,
    sink: Sink,
}

/// Where a threshold entry reads its aggregate.
#[derive(Debug, Clone, Copy)]
enum Target {
    Metric(MetricId),
    Sub(usize),
}

#[derive(Debug, Clone, Default)]
struct Outcome {
    ok: bool,
    value: Option<f64>,
}

/// The result of one threshold evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThresholdVerdict {
    /// True when any threshold currently fails.
    pub any_failed: bool,
    /// Names of the (sub-)metrics with a failing threshold, sorted.
    pub failed_metrics: Vec<String>,
    /// Set when a failing threshold has `abortOnFail` (and its `delayAbortEval` has passed): the
    /// message k6 logs before stopping the test.
    pub abort: Option<String>,
}

/// Aggregation state shared between the collector thread and threshold evaluations.
pub(crate) struct State {
    registry: Registry,
    slots: Vec<Option<MetricSlot>>,
    subs: Vec<SubMetric>,
    thresholds: Thresholds,
    targets: Vec<Target>,
    outcomes: Vec<Vec<Outcome>>,
    groups: GroupTree,
    scopes: Option<Scopes>,
    trend_stats: Vec<String>,
}

impl State {
    pub(crate) fn new(registry: Registry, thresholds: Thresholds, trend_stats: Vec<String>, per_scope: bool) -> Self {
        let mut state = State {
            registry,
            slots: Vec::new(),
            subs: Vec::new(),
            targets: Vec::new(),
            outcomes: Vec::new(),
            thresholds: Thresholds::default(),
            groups: GroupTree::default(),
            scopes: per_scope.then(Scopes::default),
            trend_stats,
        };
        for entry in thresholds.entries() {
            let target = match &entry.tags {
                None => Target::Metric(entry.metric.id),
                Some(tags) => {
                    let existing = state
                        .subs
                        .iter()
                        .position(|s| &s.tags == tags)
                        .filter(|&i| state.sub_parent(i) == Some(entry.metric.id));
                    let idx = existing.unwrap_or_else(|| {
                        state.subs.push(SubMetric { tags: tags.clone(), sink: Sink::new(entry.metric.metric_type) });
                        state.subs.len() - 1
                    });
                    state.slot(entry.metric.id);
                    if let Some(Some(slot)) = state.slots.get_mut(entry.metric.id.0 as usize) {
                        if !slot.subs.contains(&idx) {
                            slot.subs.push(idx);
                        }
                    }
                    Target::Sub(idx)
                }
            };
            state.targets.push(target);
            state.outcomes.push(vec![Outcome { ok: true, value: None }; entry.thresholds.len()]);
        }
        state.thresholds = thresholds;
        state
    }

    fn sub_parent(&self, sub: usize) -> Option<MetricId> {
        self.slots.iter().flatten().find(|s| s.subs.contains(&sub)).map(|s| s.metric.id)
    }

    /// The slot of `id`, created from the registry on first use.
    fn slot(&mut self, id: MetricId) -> Option<&mut MetricSlot> {
        let i = id.0 as usize;
        if self.slots.len() <= i {
            self.slots.resize_with(i + 1, || None);
        }
        if self.slots[i].is_none() {
            let metric = self.registry.try_metric(id)?;
            let role = match &*metric.name {
                "checks" => Role::Checks,
                "group_duration" => Role::GroupDuration,
                _ => Role::Other,
            };
            self.slots[i] = Some(MetricSlot { metric, role, sink: None, subs: Vec::new() });
        }
        self.slots[i].as_mut()
    }

    /// Feeds one sample to every sink it belongs to.
    pub(crate) fn add(&mut self, sample: &Sample) {
        if self.slot(sample.metric).is_none() {
            return;
        }
        let Some(Some(slot)) = self.slots.get_mut(sample.metric.0 as usize) else {
            return;
        };
        let metric_type = slot.metric.metric_type;
        slot.sink.get_or_insert_with(|| Sink::new(metric_type)).add(sample.value);
        let role = slot.role;
        for &sub in &slot.subs {
            if let Some(s) = self.subs.get_mut(sub) {
                if sample.tags.contains_all(&s.tags) {
                    s.sink.add(sample.value);
                }
            }
        }
        let metric = self.scopes.is_some().then(|| slot.metric.clone());
        let group = sample.tags.get("group").unwrap_or("");
        let check = match role {
            Role::Checks => {
                let name = sample.tags.get("check").unwrap_or("");
                self.groups.check(group, name, sample.value != 0.0);
                Some((name, sample.value != 0.0))
            }
            Role::GroupDuration => {
                self.groups.node(group);
                None
            }
            Role::Other => None,
        };
        if let (Some(scopes), Some(metric)) = (&mut self.scopes, metric) {
            scopes.add(sample, &metric, check);
        }
    }

    fn prepare(&mut self) {
        for slot in self.slots.iter_mut().flatten() {
            if let Some(Sink::Trend(t)) = &mut slot.sink {
                t.prepare();
            }
        }
        for s in &mut self.subs {
            if let Sink::Trend(t) = &mut s.sink {
                t.prepare();
            }
        }
        if let Some(scopes) = &mut self.scopes {
            scopes.prepare();
        }
    }

    /// Evaluates every threshold against the current aggregates. During the run (`final_eval`
    /// false) empty sinks are skipped and `abortOnFail` is honoured once `elapsed` passes
    /// `delayAbortEval`.
    pub(crate) fn evaluate(&mut self, elapsed: Duration, final_eval: bool) -> ThresholdVerdict {
        self.prepare();
        let mut failed = Vec::new();
        let mut abort = false;
        for (i, entry) in self.thresholds.entries().iter().enumerate() {
            let sink = match self.targets[i] {
                Target::Metric(id) => {
                    self.slots.get(id.0 as usize).and_then(|s| s.as_ref()).and_then(|s| s.sink.as_ref())
                }
                Target::Sub(idx) => self.subs.get(idx).map(|s| &s.sink),
            };
            let empty_sink;
            let sink = match sink {
                Some(s) if !s.is_empty() => s,
                _ if !final_eval => continue,
                Some(s) => s,
                None => {
                    empty_sink = Sink::new(entry.metric.metric_type);
                    &empty_sink
                }
            };
            let mut entry_failed = false;
            for (j, t) in entry.thresholds.iter().enumerate() {
                let value = sink.aggregate(&t.expression.aggregation, elapsed);
                let ok = value.is_none_or(|v| t.expression.passes(v));
                self.outcomes[i][j] = Outcome { ok, value };
                if !ok {
                    entry_failed = true;
                    let delay_passed = t.delay_abort_eval.is_none_or(|d| elapsed >= d);
                    if t.abort_on_fail && !final_eval && delay_passed {
                        abort = true;
                    }
                }
            }
            if entry_failed {
                failed.push(entry.name.clone());
            }
        }
        failed.sort();
        failed.dedup();
        let abort = abort.then(|| {
            format!(
                "thresholds on metrics '{}' were crossed; at least one has abortOnFail enabled, stopping test prematurely",
                failed.join(", ")
            )
        });
        ThresholdVerdict { any_failed: !failed.is_empty(), failed_metrics: failed, abort }
    }

    fn report_metric(&self, metric: &Metric, sink: Option<&Sink>, duration: Duration) -> ReportMetric {
        let empty = Sink::new(metric.metric_type);
        ReportMetric {
            name: metric.name.to_string(),
            metric_type: metric.metric_type.as_str().to_string(),
            contains: metric.value_type.as_str().to_string(),
            values: sink.unwrap_or(&empty).values(&self.trend_stats, duration),
            thresholds: Vec::new(),
        }
    }

    /// The end-of-test report (call after the final evaluation).
    pub(crate) fn report(&mut self, duration: Duration) -> SummaryReport {
        self.prepare();
        let mut metrics: Vec<ReportMetric> = self
            .slots
            .iter()
            .flatten()
            .filter(|s| s.sink.is_some())
            .map(|s| self.report_metric(&s.metric, s.sink.as_ref(), duration))
            .collect();
        for (i, entry) in self.thresholds.entries().iter().enumerate() {
            let results: Vec<ReportThreshold> = entry
                .thresholds
                .iter()
                .zip(&self.outcomes[i])
                .map(|(t, o)| ReportThreshold { source: t.source.clone(), ok: o.ok, value: o.value })
                .collect();
            let existing = match self.targets[i] {
                Target::Metric(_) => metrics.iter().position(|m| *m.name == *entry.metric.name),
                Target::Sub(_) => metrics.iter().position(|m| m.name == entry.name),
            };
            let idx = existing.unwrap_or_else(|| {
                let sink = match self.targets[i] {
                    Target::Metric(_) => None,
                    Target::Sub(idx) => self.subs.get(idx).map(|s| &s.sink),
                };
                let mut m = self.report_metric(&entry.metric, sink, duration);
                if matches!(self.targets[i], Target::Sub(_)) {
                    m.name = entry.name.clone();
                }
                metrics.push(m);
                metrics.len() - 1
            });
            metrics[idx].thresholds.extend(results);
        }
        let (groups, scenarios) = match &self.scopes {
            Some(scopes) => {
                let registry = self.registry.clone();
                scopes.report(&move |id| registry.try_metric(id), &self.trend_stats, duration)
            }
            None => (Vec::new(), Vec::new()),
        };
        let has_checks = self.slots.iter().flatten().any(|s| s.role == Role::Checks && s.sink.is_some());
        SummaryReport {
            duration,
            trend_stats: self.trend_stats.clone(),
            total: ReportScope { checks: has_checks.then(|| self.groups.total.clone()), metrics, groups: Vec::new() },
            groups,
            scenarios,
            root_group: self.groups.root.clone(),
        }
    }
}
