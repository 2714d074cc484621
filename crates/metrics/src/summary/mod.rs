//! End-of-test summaries: the report model, k6's text summary in its three modes, the
//! `handleSummary` data object, `--summary-export`, and the k6-summary jslib's `textSummary`.

mod export;
mod group;
mod humanize;
mod late_starts;
mod legacy;
mod number;
mod report;
mod style;
mod text;
mod text_thresholds;
mod validate;

pub(crate) use style::locale_cmp;

use serde_json::Value;

pub use export::{summary_export, summary_export_string};
pub use humanize::{humanize_bytes, humanize_duration, humanize_value};
pub use report::{
    DataContext, ReportCheck, ReportChecks, ReportGroup, ReportMetric, ReportScope, ReportThreshold, SummaryReport,
    default_trend_stats, md5_hex,
};
pub use validate::{parse_summary_mode, validate_time_unit, validate_trend_stats};

/// `--summary-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SummaryMode {
    /// The default: thresholds and total results.
    #[default]
    Compact,
    /// Compact plus one block per group and per scenario.
    Full,
    /// The pre-1.0 layout (group tree, then one sorted metric list).
    Legacy,
}

impl SummaryMode {
    /// Parses `compact`, `full` or `legacy`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "compact" => Some(Self::Compact),
            "full" => Some(Self::Full),
            "legacy" => Some(Self::Legacy),
            _ => None,
        }
    }
}

/// How the text summary is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryOptions {
    /// `--summary-mode`.
    pub mode: SummaryMode,
    /// `--summary-trend-stats` (k6's default: avg, min, med, max, p(90), p(95)).
    pub trend_stats: Vec<String>,
    /// `--summary-time-unit` (`""`, `s`, `ms`, `us`).
    pub time_unit: String,
    /// ANSI colours (stdout is a TTY and colours are not disabled).
    pub colors: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        Self { mode: SummaryMode::Compact, trend_stats: default_trend_stats(), time_unit: String::new(), colors: false }
    }
}

/// The built-in text summary exactly as k6 writes it to stdout (`"\n" + summary + "\n\n"`).
pub fn render_text_summary(report: &SummaryReport, opts: &SummaryOptions) -> String {
    match opts.mode {
        SummaryMode::Legacy => {
            let data = report.to_data(&DataContext::default());
            let lopts = legacy::LegacyOptions {
                indent: " ",
                colors: opts.colors,
                time_unit: opts.time_unit.clone(),
                trend_stats: opts.trend_stats.clone(),
                flavor: legacy::Flavor::Builtin,
            };
            format!("\n{}\n\n", legacy::render(&data, &lopts))
        }
        _ => text::render(report, opts),
    }
}

/// The built-in text summary for a `handleSummary` data object (for example one captured from
/// k6 or changed by a script). Full mode needs per-group data that this object lacks, so it
/// renders like compact.
pub fn render_text_summary_from_data(data: &Value, opts: &SummaryOptions) -> String {
    render_text_summary(&SummaryReport::from_data(data), opts)
}

/// The k6-summary jslib's `textSummary(data, {indent, enableColors})`: the legacy layout
/// rendered from `data`, using `data.options` for the time unit and trend stats.
pub fn jslib_text_summary(data: &Value, indent: &str, colors: bool) -> String {
    let trend_stats = data
        .pointer("/options/summaryTrendStats")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let time_unit = data.pointer("/options/summaryTimeUnit").and_then(Value::as_str).unwrap_or("").to_string();
    let lopts = legacy::LegacyOptions { indent, colors, time_unit, trend_stats, flavor: legacy::Flavor::Jslib };
    legacy::render(data, &lopts)
}
