//! Timestamps as outputs print them.

use std::time::{SystemTime, UNIX_EPOCH};

use time::{OffsetDateTime, UtcOffset};

/// Seconds and nanoseconds since the Unix epoch (negative times clamp to the epoch).
pub(crate) fn unix_parts(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
        Err(_) => (0, 0),
    }
}

/// The local UTC offset, or UTC when it cannot be determined.
pub(crate) fn local_offset() -> UtcOffset {
    UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC)
}

/// RFC 3339 like Go's `time.RFC3339Nano`: nanoseconds with trailing zeros trimmed, `Z` for UTC.
pub(crate) fn rfc3339(t: SystemTime, offset: UtcOffset, nanos: bool) -> String {
    let (secs, nsec) = unix_parts(t);
    let dt = OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(offset);
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    );
    if nanos && nsec > 0 {
        let frac = format!("{nsec:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    if offset == UtcOffset::UTC {
        out.push('Z');
    } else {
        let (h, m, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        out.push_str(&format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_like_go_rfc3339nano() {
        let t = UNIX_EPOCH + Duration::new(1_795_487_130, 397_627_000);
        assert_eq!(rfc3339(t, UtcOffset::UTC, true), "2026-11-24T02:25:30.397627Z");
        assert_eq!(rfc3339(t, UtcOffset::UTC, false), "2026-11-24T02:25:30Z");
        let plus2 = UtcOffset::from_hms(2, 0, 0).unwrap();
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(1_795_487_130), plus2, true), "2026-11-24T04:25:30+02:00");
    }
}
