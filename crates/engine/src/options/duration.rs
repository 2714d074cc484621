//! Go-style durations: parsing (`1m30s`, `1.5s`, `200ms`, k6's `1d12h`, bare numbers as
//! milliseconds) and printing in Go's `time.Duration.String()` form (`10m0s`, `1.5s`, `2µs`).
//!
//! k6 options keep durations as signed nanosecond counts so that negative values can reach
//! validation and be reported there with k6's wording, rather than fail at parse time.

use std::fmt;
use std::time::Duration;

const NS: i128 = 1;
const US: i128 = 1_000;
const MS: i128 = 1_000_000;
const SEC: i128 = 1_000_000_000;
const MIN: i128 = 60 * SEC;
const HOUR: i128 = 60 * MIN;
const DAY: i128 = 24 * HOUR;

/// A signed duration with nanosecond precision, printed the way Go prints `time.Duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GoDuration(pub i64);

impl GoDuration {
    /// Zero.
    pub const ZERO: GoDuration = GoDuration(0);

    /// From whole seconds.
    pub const fn from_secs(secs: i64) -> GoDuration {
        GoDuration(secs * 1_000_000_000)
    }

    /// From whole milliseconds.
    pub const fn from_millis(ms: i64) -> GoDuration {
        GoDuration(ms * 1_000_000)
    }

    /// From a std duration (saturating at the i64 range).
    pub fn from_std(d: Duration) -> GoDuration {
        GoDuration(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
    }

    /// Nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// The std duration, or `None` when negative.
    pub fn to_std(self) -> Option<Duration> {
        u64::try_from(self.0).ok().map(Duration::from_nanos)
    }

    /// The std duration, negative values clamped to zero.
    pub fn to_std_saturating(self) -> Duration {
        self.to_std().unwrap_or(Duration::ZERO)
    }

    /// Milliseconds as a float (k6's `ms` display unit).
    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1e6
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_go_duration(self.0))
    }
}

impl From<Duration> for GoDuration {
    fn from(d: Duration) -> Self {
        GoDuration::from_std(d)
    }
}

/// Why a duration string did not parse; `Display` is Go's `time.ParseDuration` message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Malformed string.
    #[error("time: invalid duration \"{0}\"")]
    Invalid(String),
    /// A number without a unit (other than a lone `0`).
    #[error("time: missing unit in duration \"{0}\"")]
    MissingUnit(String),
    /// A unit Go does not know.
    #[error("time: unknown unit \"{unit}\" in duration \"{input}\"")]
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The whole input.
        input: String,
    },
}

/// Parses Go duration syntax extended with `d` (24h days), as k6 does.
pub fn parse_go_duration(input: &str) -> Result<GoDuration, DurationError> {
    let invalid = || DurationError::Invalid(input.to_string());
    let mut s = input;
    let mut neg = false;
    if let Some(rest) = s.strip_prefix('-') {
        neg = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(GoDuration::ZERO);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(r) => {
                let n = r.bytes().take_while(u8::is_ascii_digit).count();
                r.split_at(n)
            }
            None => ("", rest),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len =
            rest.char_indices().find(|(_, c)| c.is_ascii_digit() || *c == '.').map_or(rest.len(), |(i, _)| i);
        let (unit, rest) = rest.split_at(unit_len);
        if unit.is_empty() {
            return Err(DurationError::MissingUnit(input.to_string()));
        }
        let scale = match unit {
            "ns" => NS,
            "us" | "\u{b5}s" | "\u{3bc}s" => US,
            "ms" => MS,
            "s" => SEC,
            "m" => MIN,
            "h" => HOUR,
            "d" => DAY,
            _ => return Err(DurationError::UnknownUnit { unit: unit.to_string(), input: input.to_string() }),
        };
        let int_val: i128 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        let mut part = int_val.checked_mul(scale).ok_or_else(invalid)?;
        if !frac_part.is_empty() {
            let digits = &frac_part[..frac_part.len().min(18)];
            let frac: i128 = digits.parse().map_err(|_| invalid())?;
            let denom = 10i128.pow(digits.len() as u32);
            part += frac * scale / denom;
        }
        total = total.checked_add(part).ok_or_else(invalid)?;
        if total > i64::MAX as i128 {
            return Err(invalid());
        }
        s = rest;
    }
    let total = if neg { -total } else { total };
    i64::try_from(total).map(GoDuration).map_err(|_| invalid())
}

/// Parses an option duration: Go syntax with days, or a bare (possibly fractional) number of
/// milliseconds, as k6 accepts in JSON strings and `K6_*` variables.
pub fn parse_option_duration(input: &str) -> Result<GoDuration, DurationError> {
    if let Ok(ms) = input.trim().parse::<f64>() {
        if ms.is_finite() {
            return Ok(GoDuration((ms * 1e6) as i64));
        }
    }
    parse_go_duration(input)
}

/// Formats nanoseconds like Go's `time.Duration.String()`.
pub fn format_go_duration(nanos: i64) -> String {
    if nanos == 0 {
        return "0s".to_string();
    }
    let neg = nanos < 0;
    let u = nanos.unsigned_abs();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        push_fraction(&mut out, u / div, u % div, div);
        out.push_str(unit);
        return out;
    }
    let secs = u / 1_000_000_000;
    let frac = u % 1_000_000_000;
    let hours = secs / 3600;
    let mins = (secs % 3600) / 60;
    let s = secs % 60;
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || mins > 0 {
        out.push_str(&format!("{mins}m"));
    }
    push_fraction(&mut out, s, frac, 1_000_000_000);
    out.push('s');
    out
}

/// Writes `whole[.frac]` with trailing zeros of the fraction removed.
fn push_fraction(out: &mut String, whole: u64, frac: u64, div: u64) {
    out.push_str(&whole.to_string());
    if frac == 0 {
        return;
    }
    let width = (div as f64).log10().round() as usize;
    let digits = format!("{frac:0width$}");
    out.push('.');
    out.push_str(digits.trim_end_matches('0'));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> i64 {
        parse_go_duration(s).unwrap().0
    }

    #[test]
    fn parses_go_syntax() {
        assert_eq!(p("1m30s"), 90 * 1_000_000_000);
        assert_eq!(p("1.5s"), 1_500_000_000);
        assert_eq!(p("200ms"), 200_000_000);
        assert_eq!(p("1d12h"), 36 * 3600 * 1_000_000_000);
        assert_eq!(p("2µs"), 2_000);
        assert_eq!(p("-1s"), -1_000_000_000);
        assert_eq!(p("0"), 0);
        assert_eq!(p(".5s"), 500_000_000);
    }

    #[test]
    fn parse_errors_use_go_wording() {
        assert_eq!(parse_go_duration("abc").unwrap_err().to_string(), "time: invalid duration \"abc\"");
        assert_eq!(parse_go_duration("1").unwrap_err().to_string(), "time: missing unit in duration \"1\"");
        assert_eq!(parse_go_duration("1x").unwrap_err().to_string(), "time: unknown unit \"x\" in duration \"1x\"");
        assert!(parse_go_duration("").is_err());
    }

    #[test]
    fn bare_numbers_are_milliseconds() {
        assert_eq!(parse_option_duration("1500").unwrap().0, 1_500_000_000);
        assert_eq!(parse_option_duration("1m").unwrap().0, 60_000_000_000);
    }

    #[test]
    fn formats_like_go() {
        let f = format_go_duration;
        assert_eq!(f(0), "0s");
        assert_eq!(f(600 * 1_000_000_000), "10m0s");
        assert_eq!(f(3600 * 1_000_000_000), "1h0m0s");
        assert_eq!(f(26 * 3600 * 1_000_000_000), "26h0m0s");
        assert_eq!(f(1_500_000_000), "1.5s");
        assert_eq!(f(630_200_000_000), "10m30.2s");
        assert_eq!(f(200_000_000), "200ms");
        assert_eq!(f(2_000), "2µs");
        assert_eq!(f(1_500), "1.5µs");
        assert_eq!(f(7), "7ns");
        assert_eq!(f(-1_000_000_000), "-1s");
        assert_eq!(f(90 * 1_000_000_000), "1m30s");
    }
}
