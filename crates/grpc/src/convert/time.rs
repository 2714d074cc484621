//! RFC 3339 timestamps and protobuf JSON durations, both ways, with protojson's limits.
//!
//! Parsing follows Go's `time.Parse(time.RFC3339Nano)` as protojson uses it (offsets accepted and
//! normalised to UTC, at most 9 fractional digits); formatting writes 0, 3, 6 or 9 fractional
//! digits and a `Z`, like protojson's encoder.

use std::fmt::Write;

/// Seconds of 0001-01-01T00:00:00Z, the smallest valid Timestamp.
const MIN_TIMESTAMP_SECONDS: i64 = -62_135_596_800;
/// Seconds of 9999-12-31T23:59:59Z, the largest valid Timestamp.
const MAX_TIMESTAMP_SECONDS: i64 = 253_402_300_799;
/// About 10,000 years, the Duration limit.
const MAX_DURATION_SECONDS: i64 = 315_576_000_000;

/// Why a timestamp or duration string was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TimeError {
    /// Not the expected syntax.
    Invalid,
    /// Well-formed but outside the protobuf range.
    OutOfRange,
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn num(b: &[u8], min: i64, max: i64) -> Option<i64> {
    let mut x = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        x = x * 10 + i64::from(c - b'0');
    }
    (min..=max).contains(&x).then_some(x)
}

/// Parses an RFC 3339 timestamp into (seconds, nanos) since the epoch, UTC.
pub(super) fn parse_timestamp(s: &str) -> Result<(i64, i32), TimeError> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(TimeError::Invalid);
    }
    let inv = || TimeError::Invalid;
    let year = num(&b[0..4], 0, 9999).ok_or_else(inv)?;
    let month = num(&b[5..7], 1, 12).ok_or_else(inv)?;
    let day = num(&b[8..10], 1, days_in_month(year, month)).ok_or_else(inv)?;
    let hour = num(&b[11..13], 0, 23).ok_or_else(inv)?;
    let min = num(&b[14..16], 0, 59).ok_or_else(inv)?;
    let sec = num(&b[17..19], 0, 59).ok_or_else(inv)?;
    let mut rest = &b[19..];
    let mut nanos = 0i64;
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let n = 1 + rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let digits = &rest[1..n];
        if digits.len() > 9 {
            return Err(TimeError::Invalid);
        }
        for i in 0..9 {
            nanos = nanos * 10 + digits.get(i).map_or(0, |&c| i64::from(c - b'0'));
        }
        rest = &rest[n..];
    }
    let offset = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = num(&[*h1, *h2], 0, 23).ok_or_else(inv)?;
            let m = num(&[*m1, *m2], 0, 59).ok_or_else(inv)?;
            let off = (h * 60 + m) * 60;
            if *sign == b'-' { -off } else { off }
        }
        _ => return Err(TimeError::Invalid),
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec - offset;
    if !(MIN_TIMESTAMP_SECONDS..=MAX_TIMESTAMP_SECONDS).contains(&secs) {
        return Err(TimeError::OutOfRange);
    }
    Ok((secs, nanos as i32))
}

/// Appends `.fff`, `.ffffff` or `.fffffffff` (nothing for 0) for a nanosecond count.
fn push_fraction(out: &mut String, nanos: i64) {
    if nanos == 0 {
        return;
    }
    if nanos % 1_000_000 == 0 {
        let _ = write!(out, ".{:03}", nanos / 1_000_000);
    } else if nanos % 1000 == 0 {
        let _ = write!(out, ".{:06}", nanos / 1000);
    } else {
        let _ = write!(out, ".{nanos:09}");
    }
}

/// Formats a Timestamp as protojson does; `None` when seconds or nanos are out of range.
pub(super) fn format_timestamp(secs: i64, nanos: i32) -> Option<String> {
    if !(MIN_TIMESTAMP_SECONDS..=MAX_TIMESTAMP_SECONDS).contains(&secs) || !(0..1_000_000_000).contains(&nanos) {
        return None;
    }
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let mut out = String::with_capacity(30);
    let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
    push_fraction(&mut out, i64::from(nanos));
    out.push('Z');
    Some(out)
}

/// Parses a protobuf JSON duration (`"1.5s"`, `"-0.000001s"`) into (seconds, nanos).
pub(super) fn parse_duration(s: &str) -> Result<(i64, i32), TimeError> {
    let b = s.as_bytes();
    if b.len() < 2 || b[b.len() - 1] != b's' {
        return Err(TimeError::Invalid);
    }
    let mut b = &b[..b.len() - 1];
    let neg = match b[0] {
        b'-' => {
            b = &b[1..];
            true
        }
        b'+' => {
            b = &b[1..];
            false
        }
        _ => false,
    };
    let inv = TimeError::Invalid;
    let int_len = match b.first() {
        Some(b'0') => 1,
        Some(b'1'..=b'9') => b.iter().take_while(|c| c.is_ascii_digit()).count(),
        Some(b'.') => 0,
        _ => return Err(inv),
    };
    let (intp, rest) = b.split_at(int_len);
    let mut nanos = 0i64;
    if !rest.is_empty() {
        if rest[0] != b'.' {
            return Err(inv);
        }
        let frac = &rest[1..];
        if frac.len() > 9 || !frac.iter().all(u8::is_ascii_digit) {
            return Err(inv);
        }
        for i in 0..9 {
            nanos = nanos * 10 + frac.get(i).map_or(0, |&c| i64::from(c - b'0'));
        }
    }
    let mut secs: i64 =
        if intp.is_empty() { 0 } else { std::str::from_utf8(intp).ok().and_then(|s| s.parse().ok()).ok_or(inv)? };
    if neg {
        secs = -secs;
        nanos = -nanos;
    }
    if !(-MAX_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&secs) {
        return Err(TimeError::OutOfRange);
    }
    Ok((secs, nanos as i32))
}

/// Formats a Duration as protojson does; `None` when out of range or the signs disagree.
pub(super) fn format_duration(secs: i64, nanos: i32) -> Option<String> {
    let nanos = i64::from(nanos);
    if !(-MAX_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&secs)
        || nanos <= -1_000_000_000
        || nanos >= 1_000_000_000
        || (secs > 0 && nanos < 0)
        || (secs < 0 && nanos > 0)
    {
        return None;
    }
    let mut out = String::with_capacity(24);
    if secs < 0 || nanos < 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", secs.unsigned_abs());
    push_fraction(&mut out, nanos.abs());
    out.push('s');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Ok((0, 0)));
        let (s, n) = parse_timestamp("2024-01-02T03:04:05.123456789Z").unwrap();
        assert_eq!(format_timestamp(s, n).unwrap(), "2024-01-02T03:04:05.123456789Z");
        let (s, n) = parse_timestamp("2024-01-02T05:04:05.1+02:00").unwrap();
        assert_eq!(format_timestamp(s, n).unwrap(), "2024-01-02T03:04:05.100Z");
        assert_eq!(format_timestamp(-1, 0).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(format_timestamp(0, 1000).unwrap(), "1970-01-01T00:00:00.000001Z");
        assert_eq!(format_timestamp(MAX_TIMESTAMP_SECONDS, 0).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(format_timestamp(MIN_TIMESTAMP_SECONDS, 0).unwrap(), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn bad_timestamps() {
        assert_eq!(parse_timestamp("2024-02-30T00:00:00Z"), Err(TimeError::Invalid));
        assert_eq!(parse_timestamp("2024-01-02 03:04:05Z"), Err(TimeError::Invalid));
        assert_eq!(parse_timestamp("2024-01-02T03:04:05"), Err(TimeError::Invalid));
        assert_eq!(parse_timestamp("2024-01-02T03:04:05.1234567891Z"), Err(TimeError::Invalid));
        assert_eq!(parse_timestamp("0000-01-01T00:00:00Z"), Err(TimeError::OutOfRange));
        assert_eq!(format_timestamp(0, -1), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1.5s"), Ok((1, 500_000_000)));
        assert_eq!(parse_duration("-2.5s"), Ok((-2, -500_000_000)));
        assert_eq!(parse_duration("0.000001s"), Ok((0, 1000)));
        assert_eq!(parse_duration(".5s"), Ok((0, 500_000_000)));
        assert_eq!(parse_duration("1m"), Err(TimeError::Invalid));
        assert_eq!(parse_duration("01s"), Err(TimeError::Invalid));
        assert_eq!(parse_duration("1.0000000001s"), Err(TimeError::Invalid));
        assert_eq!(parse_duration("315576000001s"), Err(TimeError::OutOfRange));
        assert_eq!(format_duration(1, 500_000_000).unwrap(), "1.500s");
        assert_eq!(format_duration(2, 0).unwrap(), "2s");
        assert_eq!(format_duration(0, 1000).unwrap(), "0.000001s");
        assert_eq!(format_duration(-2, -500_000_000).unwrap(), "-2.500s");
        assert_eq!(format_duration(0, -5).unwrap(), "-0.000000005s");
        assert_eq!(format_duration(1, -5), None);
    }
}
