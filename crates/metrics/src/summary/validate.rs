//! Validation of the summary flags, with k6's error texts (k6 exits with 255 for all three).

use super::SummaryMode;

/// Checks `--summary-trend-stats` values: `avg`, `min`, `med`, `max`, `count` or `p(N)` with
/// N in 0–100.
pub fn validate_trend_stats(stats: &[String]) -> Result<(), String> {
    for stat in stats {
        match stat.as_str() {
            "avg" | "min" | "med" | "max" | "count" => {}
            s if s.starts_with("p(") && s.ends_with(')') => {
                let ok = s[2..s.len() - 1].parse::<f64>().is_ok_and(|p| (0.0..=100.0).contains(&p));
                if !ok {
                    return Err(format!(
                        "invalid percentile trend stat value '{s}', provide a number between 0 and 100"
                    ));
                }
            }
            s => return Err(format!("invalid trend stat '{s}', unknown format")),
        }
    }
    Ok(())
}

/// Parses `--summary-mode`.
pub fn parse_summary_mode(text: &str) -> Result<SummaryMode, String> {
    SummaryMode::parse(text).ok_or_else(|| "invalid summary mode".to_string())
}

/// Checks `--summary-time-unit` (empty means unset).
pub fn validate_time_unit(unit: &str) -> Result<(), String> {
    match unit {
        "" | "s" | "ms" | "us" => Ok(()),
        other => Err(format!("invalid summary time unit '{other}', use 's', 'ms' or 'us'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(s: &str) -> Result<(), String> {
        validate_trend_stats(&s.split(',').map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn k6_texts() {
        assert_eq!(stats("count,med,p(99.9)"), Ok(()));
        assert_eq!(stats("foo"), Err("invalid trend stat 'foo', unknown format".into()));
        assert_eq!(stats("avg,sum"), Err("invalid trend stat 'sum', unknown format".into()));
        assert_eq!(
            stats("p(101)"),
            Err("invalid percentile trend stat value 'p(101)', provide a number between 0 and 100".into())
        );
        assert_eq!(parse_summary_mode("foo"), Err("invalid summary mode".into()));
        assert_eq!(parse_summary_mode("full"), Ok(SummaryMode::Full));
        assert_eq!(validate_time_unit("m"), Err("invalid summary time unit 'm', use 's', 'ms' or 'us'".into()));
    }
}
