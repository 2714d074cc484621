//! The THRESHOLDS section of the compact/full summary: one name line per (sub-)metric with
//! thresholds, sorted like metric lists, then one `✓|✗ 'source' agg=value` line per threshold.

use super::report::ReportMetric;
use super::style::{CYAN, GREEN, RED, WHITE, sort_metric_names};
use super::text::{Item, Renderer, indent};

impl Renderer<'_> {
    /// The section content for the metrics that have thresholds.
    pub(super) fn thresholds(&self, metrics: &[&ReportMetric]) -> Vec<Item> {
        let mut names: Vec<String> = metrics.iter().map(|m| m.name.clone()).collect();
        sort_metric_names(&mut names);
        let mut items = Vec::new();
        for name in names {
            let Some(m) = metrics.iter().find(|m| m.name == name) else {
                continue;
            };
            let parent = name.split('{').next().unwrap_or(&name);
            let is_sub = parent.len() < name.len();
            let parent_listed = metrics.iter().any(|m| m.name == parent);
            let (level, shown) = if is_sub && parent_listed { (2, &name[parent.len()..]) } else { (1, name.as_str()) };
            items.push(Item::Line(format!("{}{shown}", indent(level, 1))));
            let cols = self.columns(m);
            for t in &m.thresholds {
                let source = t.source.trim();
                let agg = source.split(['=', '>', '<']).next().unwrap_or("").trim();
                let value = match m.metric_type.as_str() {
                    "trend" => match self.opts.trend_stats.iter().position(|s| s == agg) {
                        Some(i) => cols.get(i).cloned().unwrap_or_default(),
                        None => t.value.map(|v| self.fmt_value(v, m)).unwrap_or_default(),
                    },
                    "counter" if agg != "count" => cols.get(1).cloned().unwrap_or_default(),
                    _ => cols.first().cloned().unwrap_or_default(),
                };
                let mark = if t.ok { self.style.codes("✓", &[GREEN]) } else { self.style.codes("✗", &[RED]) };
                items.push(Item::Line(format!(
                    "{}{mark} {} {}={}",
                    indent(level, 1),
                    self.style.codes(&format!("'{source}'"), &[WHITE]),
                    self.style.codes(agg, &[WHITE]),
                    self.style.codes(&value, &[CYAN]),
                )));
            }
            items.push(Item::Break);
        }
        items
    }
}
