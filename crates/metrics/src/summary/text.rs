//! The built-in text summary in `compact` and `full` modes, laid out exactly like k6 1.1.0.
//!
//! The output is a list of sections (THRESHOLDS, TOTAL RESULTS, then in full mode one per group
//! of the default scenario and one per other scenario). Column widths are computed per block
//! (one group's or scenario's checks and metrics), so numbers line up within a block only.

use super::humanize::humanize_value;
use super::late_starts::{LINE_NAME, is_start_lag_metric, late_starts};
use super::number::js_to_string;
use super::report::{ReportChecks, ReportMetric, ReportScope, SummaryReport};
use super::style::{CYAN, FAINT, GREEN, RED, Style, WHITE, sort_metric_names, width};
use super::{SummaryMode, SummaryOptions};

pub(super) enum Item {
    Line(String),
    Break,
}

/// Renders the report as k6 writes it to stdout (`"\n" + report + "\n\n"`).
pub(crate) fn render(report: &SummaryReport, opts: &SummaryOptions) -> String {
    let r = Renderer { style: Style { colors: opts.colors }, opts, secs: report.duration.as_secs_f64() };
    let mut sections: Vec<(String, Vec<Item>)> = Vec::new();
    let with_thresholds: Vec<&ReportMetric> =
        report.total.metrics.iter().filter(|m| !m.thresholds.is_empty()).collect();
    if !with_thresholds.is_empty() {
        sections.push(("THRESHOLDS".into(), r.thresholds(&with_thresholds)));
    }
    sections.push(("TOTAL RESULTS".into(), r.scope(&report.total, 0)));
    if opts.mode == SummaryMode::Full {
        for (name, scope) in &report.groups {
            sections.push((format!("GROUP: {name}"), r.scope(scope, 0)));
        }
        for (name, scope) in &report.scenarios {
            sections.push((format!("SCENARIO: {name}"), r.scope(scope, 0)));
        }
    }
    let mut out = String::from("\n");
    for (title, items) in sections {
        out.push('\n');
        out.push_str(&format!("  █ {} \n", r.style.bold(&title)));
        for item in items {
            match item {
                Item::Break => out.push('\n'),
                Item::Line(l) => {
                    out.push('\n');
                    out.push_str(&l);
                }
            }
        }
        out.push('\n');
    }
    out.push_str("\n\n");
    out
}

/// Spaces for `level` steps of 2 above `base`.
pub(super) fn indent(base: usize, level: usize) -> String {
    " ".repeat((base + level) * 2)
}

/// Which TOTAL RESULTS category a metric name falls in (by prefix), `None` when hidden.
fn category(name: &str, mode: SummaryMode) -> Option<&'static str> {
    const COMPACT_HIDDEN: [&str; 6] = [
        "http_req_blocked",
        "http_req_connecting",
        "http_req_receiving",
        "http_req_sending",
        "http_req_tls_handshaking",
        "http_req_waiting",
    ];
    if name.starts_with("checks") || name.starts_with("group_duration") || is_start_lag_metric(name) {
        return None;
    }
    if mode != SummaryMode::Full && COMPACT_HIDDEN.iter().any(|p| name.starts_with(p)) {
        return None;
    }
    let starts = |ps: &[&str]| ps.iter().any(|p| name.starts_with(p));
    Some(if starts(&["http_req"]) {
        "HTTP"
    } else if starts(&["vus", "iteration", "dropped_iterations"]) {
        "EXECUTION"
    } else if starts(&["data_sent", "data_received"]) {
        "NETWORK"
    } else if starts(&["browser_web_vital_"]) {
        "WEB_VITALS"
    } else if starts(&["browser_"]) {
        "BROWSER"
    } else if starts(&["grpc_"]) {
        "GRPC"
    } else if starts(&["ws_"]) {
        "WEBSOCKET"
    } else {
        "CUSTOM"
    })
}

const CATEGORY_ORDER: [&str; 8] =
    ["CUSTOM", "HTTP", "EXECUTION", "NETWORK", "BROWSER", "WEB_VITALS", "GRPC", "WEBSOCKET"];

/// A metric ready to print: its display strings and indentation.
#[derive(Clone)]
struct Row {
    name: String,
    display: String,
    indent: String,
    trend: bool,
    cols: Vec<String>,
}

/// Column widths over one block.
#[derive(Default)]
struct Widths {
    name: usize,
    main: usize,
    extras: Vec<usize>,
    trend: Vec<usize>,
}

pub(super) struct Renderer<'a> {
    pub(super) style: Style,
    pub(super) opts: &'a SummaryOptions,
    secs: f64,
}

impl Renderer<'_> {
    pub(super) fn fmt_value(&self, v: f64, m: &ReportMetric) -> String {
        humanize_value(v, &m.metric_type, &m.contains, &self.opts.time_unit)
    }

    /// The display strings of a metric: trend columns, or main value plus extras.
    pub(super) fn columns(&self, m: &ReportMetric) -> Vec<String> {
        let get = |k: &str| m.value(k).unwrap_or(f64::NAN);
        match m.metric_type.as_str() {
            "trend" => self
                .opts
                .trend_stats
                .iter()
                .map(|stat| if stat == "count" { js_to_string(get("count")) } else { self.fmt_value(get(stat), m) })
                .collect(),
            "counter" => vec![self.fmt_value(get("count"), m), format!("{}/s", self.fmt_value(get("rate"), m))],
            "gauge" => vec![
                self.fmt_value(get("value"), m),
                format!("min={}", self.fmt_value(get("min"), m)),
                format!("max={}", self.fmt_value(get("max"), m)),
            ],
            "rate" => vec![
                self.fmt_value(get("rate"), m),
                format!("{} out of {}", js_to_string(get("passes")), js_to_string(get("passes") + get("fails"))),
            ],
            _ => vec!["[no data]".to_string()],
        }
    }

    fn row(&self, m: &ReportMetric, base: usize) -> Row {
        let sub = m.name.find('{');
        let (display, extra_level) = match sub {
            Some(pos) => (format!("{{ {} }}", &m.name[pos + 1..m.name.len().saturating_sub(1)]), 1),
            None => (m.name.clone(), 0),
        };
        Row {
            name: m.name.clone(),
            display,
            indent: indent(base + extra_level, 1),
            trend: m.metric_type == "trend",
            cols: self.columns(m),
        }
    }

    fn widths<'r>(rows: impl IntoIterator<Item = &'r Row>) -> Widths {
        let mut w = Widths::default();
        for r in rows {
            w.name = w.name.max(width(&r.indent) + width(&r.name) + width(&r.display));
            if r.trend {
                for (i, c) in r.cols.iter().enumerate() {
                    if w.trend.len() <= i {
                        w.trend.resize(i + 1, 0);
                    }
                    w.trend[i] = w.trend[i].max(width(c));
                }
            } else {
                w.main = w.main.max(r.cols.first().map_or(0, |c| width(c)));
                for (i, c) in r.cols.iter().skip(1).enumerate() {
                    if w.extras.len() <= i {
                        w.extras.resize(i + 1, 0);
                    }
                    w.extras[i] = w.extras[i].max(width(c));
                }
            }
        }
        w
    }

    fn line(&self, r: &Row, w: &Widths) -> String {
        let dots = (w.name + 3).saturating_sub(width(&r.display) + width(&r.indent));
        let mut out = format!(
            "{}{}{} ",
            r.indent,
            r.display,
            self.style.codes(&format!("{}:", ".".repeat(dots)), &[FAINT, WHITE])
        );
        if r.trend {
            let parts: Vec<String> = r
                .cols
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "{}={}{}",
                        self.opts.trend_stats.get(i).map_or("", String::as_str),
                        self.style.codes(c, &[CYAN]),
                        " ".repeat(w.trend.get(i).copied().unwrap_or(0).saturating_sub(width(c)))
                    )
                })
                .collect();
            out.push_str(&parts.join(" "));
            return out;
        }
        let main = r.cols.first().map_or("", String::as_str);
        out.push_str(&self.style.codes(main, &[CYAN]));
        out.push_str(&" ".repeat(w.main.saturating_sub(width(main))));
        let extras = &r.cols[1.min(r.cols.len())..];
        if extras.len() == 1 {
            out.push(' ');
            out.push_str(&self.style.codes(&extras[0], &[FAINT, CYAN]));
        } else if extras.len() > 1 {
            let parts: Vec<String> = extras
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    format!(
                        "{}{}",
                        self.style.codes(e, &[FAINT, CYAN]),
                        " ".repeat(w.extras.get(i).copied().unwrap_or(0).saturating_sub(width(e)))
                    )
                })
                .collect();
            out.push(' ');
            out.push_str(&parts.join(" "));
        }
        out
    }

    /// A block: checks, metric categories, nested groups. `base` is the block's indentation level.
    fn scope(&self, scope: &ReportScope, base: usize) -> Vec<Item> {
        let mut items = Vec::new();
        if let Some(checks) = &scope.checks {
            items.extend(self.checks(checks, base + 1));
            items.push(Item::Break);
        }
        items.extend(self.metrics(&scope.metrics, base + 1));
        for (name, group) in &scope.groups {
            items.push(Item::Line(format!(
                "{}↳ {} \n",
                indent(base + 1, 1),
                self.style.bold(&format!("GROUP: {name}"))
            )));
            items.extend(self.scope(group, base + 1));
        }
        items
    }

    fn checks(&self, checks: &ReportChecks, base: usize) -> Vec<Item> {
        let passes = checks.passes() as f64;
        let fails = checks.fails() as f64;
        let total = passes + fails;
        let secs = self.secs;
        let rate = |a: f64| if total > 0.0 { a / total } else { 0.0 };
        let metric = |name: &str, t: &str, values: Vec<(String, f64)>| ReportMetric {
            name: name.into(),
            metric_type: t.into(),
            contains: "default".into(),
            values,
            thresholds: Vec::new(),
        };
        let metrics = [
            metric(
                "checks_total",
                "counter",
                vec![("count".into(), total), ("rate".into(), if secs > 0.0 { total / secs } else { 0.0 })],
            ),
            metric(
                "checks_succeeded",
                "rate",
                vec![("rate".into(), rate(passes)), ("passes".into(), passes), ("fails".into(), fails)],
            ),
            metric(
                "checks_failed",
                "rate",
                vec![("rate".into(), rate(fails)), ("passes".into(), fails), ("fails".into(), passes)],
            ),
        ];
        let rows: Vec<Row> = metrics.iter().map(|m| self.row(m, base)).collect();
        let w = Self::widths(&rows);
        let mut items: Vec<Item> = rows.iter().map(|r| Item::Line(self.line(r, &w))).collect();
        items.push(Item::Break);
        for c in &checks.ordered {
            if c.fails == 0 {
                items.push(Item::Line(format!(
                    "{}{}",
                    indent(base, 1),
                    self.style.codes(&format!("✓ {}", c.name), &[GREEN])
                )));
            } else {
                let pct = (100 * c.passes) / (c.passes + c.fails);
                let name = self.style.codes(&format!("✗ {}", c.name), &[RED]);
                let detail = self.style.codes(&format!("↳  {pct}% — ✓ {} / ✗ {}", c.passes, c.fails), &[RED]);
                items.push(Item::Line(format!("{}{name}\n{}{detail}", indent(base, 1), indent(base, base + 1))));
            }
        }
        items
    }

    /// Stampede's late-start line (see `late_starts`), when iterations started late.
    fn late_start_row(&self, metrics: &[ReportMetric], base: usize) -> Option<Row> {
        let (late, lag) = late_starts(metrics)?;
        let stats: Vec<String> =
            self.opts.trend_stats.iter().zip(self.columns(lag)).map(|(stat, v)| format!("{stat}={v}")).collect();
        Some(Row {
            name: LINE_NAME.to_string(),
            display: LINE_NAME.to_string(),
            indent: indent(base, 1),
            trend: false,
            cols: vec![js_to_string(late), format!("start lag {}", stats.join(" "))],
        })
    }

    fn metrics(&self, metrics: &[ReportMetric], base: usize) -> Vec<Item> {
        let mut by_cat: Vec<(&str, Vec<&ReportMetric>)> = Vec::new();
        for m in metrics {
            let Some(cat) = category(&m.name, self.opts.mode) else {
                continue;
            };
            match by_cat.iter_mut().find(|(c, _)| *c == cat) {
                Some((_, list)) => list.push(m),
                None => by_cat.push((cat, vec![m])),
            }
        }
        let rows: Vec<Row> = by_cat.iter().flat_map(|(_, ms)| ms.iter().map(|m| self.row(m, base))).collect();
        let late = self.late_start_row(metrics, base);
        // The line aligns its name and count with the other rows; its long lag text sets no widths.
        let late_sized = late.as_ref().map(|r| Row { cols: r.cols[..1].to_vec(), ..r.clone() });
        let w = Self::widths(rows.iter().chain(late_sized.iter()));
        let mut items = Vec::new();
        for cat in CATEGORY_ORDER {
            let Some((_, ms)) = by_cat.iter().find(|(c, _)| *c == cat) else {
                continue;
            };
            items.push(Item::Line(format!("{}{}", indent(base, 1), self.style.bold(cat))));
            let mut names: Vec<String> = ms.iter().map(|m| m.name.clone()).collect();
            sort_metric_names(&mut names);
            for name in names {
                if let Some(r) = rows.iter().find(|r| r.name == name) {
                    items.push(Item::Line(self.line(r, &w)));
                }
            }
            if let (Some(r), "EXECUTION") = (&late, cat) {
                items.push(Item::Line(self.line(r, &w)));
            }
            items.push(Item::Break);
        }
        items
    }
}
