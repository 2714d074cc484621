//! Human-readable values for summaries: percentages, bytes, durations and plain numbers, with
//! k6's exact rounding and truncation rules.

use super::number::{fixed_no_trailing_zeros, fixed_no_trailing_zeros_trunc, js_to_fixed, js_to_string};

/// A value formatted for a metric of `metric_type` (`counter`, `gauge`, `rate`, `trend`) that
/// contains `contains` (`default`, `time`, `data`); `time_unit` is `--summary-time-unit`
/// (`""`, `s`, `ms`, `us`).
pub fn humanize_value(v: f64, metric_type: &str, contains: &str, time_unit: &str) -> String {
    if metric_type == "rate" {
        return format!("{}%", js_to_fixed((v * 100.0 * 100.0).trunc() / 100.0, 2));
    }
    match contains {
        "data" => humanize_bytes(v),
        "time" => humanize_duration(v, time_unit),
        _ => fixed_no_trailing_zeros(v, 6),
    }
}

/// Bytes in base-1000 units (`0 B`, `9.3 kB`, `42 MB`).
pub fn humanize_bytes(bytes: f64) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    if bytes < 10.0 {
        return format!("{} B", js_to_string(bytes));
    }
    let e = (bytes.ln() / 1000f64.ln()).floor();
    let suffix = UNITS[(e as usize).min(UNITS.len() - 1)];
    let val = ((bytes / 1000f64.powf(e)) * 10.0 + 0.5).floor() / 10.0;
    format!("{} {suffix}", js_to_fixed(val, if val < 10.0 { 1 } else { 0 }))
}

/// A duration in milliseconds, in `time_unit` when set or k6's generic form otherwise.
pub fn humanize_duration(ms: f64, time_unit: &str) -> String {
    let (coef, unit) = match time_unit {
        "s" => (0.001, "s"),
        "ms" => (1.0, "ms"),
        "us" => (1000.0, "µs"),
        _ => return humanize_generic_duration(ms),
    };
    format!("{}{unit}", js_to_fixed(ms * coef, 2))
}

fn humanize_generic_duration(ms: f64) -> String {
    if ms == 0.0 {
        return "0s".into();
    }
    if ms < 0.001 {
        return format!("{}ns", js_to_string((ms * 1e6).trunc()));
    }
    if ms < 1.0 {
        return format!("{}µs", fixed_no_trailing_zeros_trunc(ms * 1000.0, 2));
    }
    if ms < 1000.0 {
        return format!("{}ms", fixed_no_trailing_zeros_trunc(ms, 2));
    }
    let secs = fixed_no_trailing_zeros_trunc((ms % 60000.0) / 1000.0, if ms > 60000.0 { 0 } else { 2 });
    let mut out = format!("{secs}s");
    let minutes = (ms / 60000.0).trunc();
    if minutes < 1.0 {
        return out;
    }
    out = format!("{}m{out}", js_to_string(minutes % 60.0));
    let hours = (minutes / 60.0).trunc();
    if hours < 1.0 {
        return out;
    }
    format!("{}h{out}", js_to_string(hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(humanize_duration(0.0, ""), "0s");
        assert_eq!(humanize_duration(0.11828, ""), "118.28µs");
        assert_eq!(humanize_duration(0.0005, ""), "500ns");
        assert_eq!(humanize_duration(0.5, ""), "500µs");
        assert_eq!(humanize_duration(0.0000005, ""), "0ns");
        assert_eq!(humanize_duration(100.5, ""), "100.5ms");
        assert_eq!(humanize_duration(2470.9, ""), "2.47s");
        assert_eq!(humanize_duration(90000.0, ""), "1m30s");
        assert_eq!(humanize_duration(3723000.0, ""), "1h2m3s");
        assert_eq!(humanize_duration(4938.2712, "s"), "4.94s");
        assert_eq!(humanize_duration(0.0, "s"), "0.00s");
        assert_eq!(humanize_duration(1.5, "us"), "1500.00µs");
    }

    #[test]
    fn bytes_and_rates() {
        assert_eq!(humanize_bytes(0.0), "0 B");
        assert_eq!(humanize_bytes(9300.0), "9.3 kB");
        assert_eq!(humanize_bytes(42000.0), "42 kB");
        assert_eq!(humanize_value(2.0 / 3.0, "rate", "default", ""), "66.66%");
        assert_eq!(humanize_value(1.0, "rate", "default", ""), "100.00%");
        assert_eq!(humanize_value(19.79671444, "counter", "default", ""), "19.796714");
        assert_eq!(humanize_value(4700.0, "counter", "data", ""), "4.7 kB");
    }
}
