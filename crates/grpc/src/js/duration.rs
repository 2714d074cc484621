//! k6's duration values for `timeout` params: numbers and numeric strings are milliseconds, other
//! strings are Go durations (`"1.5s"`, `"1h3m"`) with k6's day extension (`"2d12h"`).
//!
//! Error texts are Go's (`time: invalid duration "abc"`) because scripts and logs match on them.

use rquickjs::Value;

use super::gofmt::go_type_name;

const NANOS_PER_MS: f64 = 1e6;

/// Reads a duration from a JS value, in nanoseconds (negative allowed, as in Go).
pub(crate) fn duration_nanos(value: &Value<'_>) -> Result<i64, String> {
    if let Some(n) = value.as_number() {
        return Ok(ms_to_nanos(n));
    }
    if let Some(s) = value.as_string() {
        let text = s.to_string().map_err(|e| e.to_string())?;
        return parse_extended(&text);
    }
    Err(format!("unable to use type {} as a duration value", go_type_name(value)))
}

fn ms_to_nanos(ms: f64) -> i64 {
    // `as` saturates, as Go's conversion of huge floats practically does.
    (ms * NANOS_PER_MS) as i64
}

/// k6's `ParseExtendedDuration`: a float is milliseconds, `<n>d` prefixes days.
pub(crate) fn parse_extended(text: &str) -> Result<i64, String> {
    if let Ok(ms) = text.parse::<f64>() {
        return Ok(ms_to_nanos(ms));
    }
    let Some(d) = text.find('d') else {
        return parse_go(text);
    };
    let days = parse_go(&format!("{}h", &text[..d]))?.saturating_mul(24);
    let rest = &text[d + 1..];
    if rest.is_empty() {
        return Ok(days);
    }
    let rest = parse_go(rest)?;
    Ok(if days < 0 { days.saturating_sub(rest) } else { days.saturating_add(rest) })
}

/// Go's `time.ParseDuration`.
pub(crate) fn parse_go(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", super::gofmt::go_quote(text));
    let (neg, mut s) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !s.is_empty() {
        let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let int_part = &s[..digits_end];
        s = &s[digits_end..];
        let mut frac_part = "";
        if let Some(rest) = s.strip_prefix('.') {
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            frac_part = &rest[..end];
            s = &rest[end..];
        }
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_end = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        let unit = &s[..unit_end];
        s = &s[unit_end..];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", super::gofmt::go_quote(text)));
        }
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    super::gofmt::go_quote(unit),
                    super::gofmt::go_quote(text)
                ));
            }
        };
        let number: f64 = format!(
            "{}.{}",
            if int_part.is_empty() { "0" } else { int_part },
            if frac_part.is_empty() { "0" } else { frac_part }
        )
        .parse()
        .map_err(|_| invalid())?;
        total += number * scale;
        if total > i64::MAX as f64 {
            return Err(invalid());
        }
    }
    let nanos = total.round() as i64;
    Ok(if neg { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_extended("5s"), Ok(5_000_000_000));
        assert_eq!(parse_extended("1h3s"), Ok(3_603_000_000_000));
        assert_eq!(parse_extended("200ms"), Ok(200_000_000));
        assert_eq!(parse_extended("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_extended("-2s"), Ok(-2_000_000_000));
        assert_eq!(parse_extended("0"), Ok(0));
    }

    #[test]
    fn numeric_strings_are_milliseconds() {
        assert_eq!(parse_extended("1500"), Ok(1_500_000_000));
        assert_eq!(parse_extended("400.5"), Ok(400_500_000));
    }

    #[test]
    fn days() {
        assert_eq!(parse_extended("1d"), Ok(86_400_000_000_000));
        assert_eq!(parse_extended("2d12h"), Ok(216_000_000_000_000));
    }

    #[test]
    fn go_error_texts() {
        assert_eq!(parse_extended("abc"), Err("time: invalid duration \"abc\"".to_owned()));
        assert_eq!(parse_extended(""), Err("time: invalid duration \"\"".to_owned()));
        assert_eq!(parse_extended("5"), Ok(5_000_000), "a bare number is milliseconds");
        assert_eq!(parse_extended("5x"), Err("time: unknown unit \"x\" in duration \"5x\"".to_owned()));
    }
}
