//! Times as Go's `time.Time.String()` prints them (k6's "Sent Time"/"Received Time"), in UTC:
//! `2026-11-24 07:12:05.01385193 +0000 UTC m=+0.052082085` (fraction without trailing zeros,
//! then the monotonic reading in seconds).

use std::sync::OnceLock;
use std::time::{Instant, SystemTime};

use time::OffsetDateTime;

/// Where the `m=+` reading counts from: the first debug record of the process.
static MONOTONIC_START: OnceLock<Instant> = OnceLock::new();

pub(super) fn format(now: SystemTime) -> String {
    let start = *MONOTONIC_START.get_or_init(Instant::now);
    let t = OffsetDateTime::from(now);
    let mut fraction = format!("{:09}", t.nanosecond());
    while fraction.ends_with('0') {
        fraction.pop();
    }
    let fraction = if fraction.is_empty() { String::new() } else { format!(".{fraction}") };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{fraction} +0000 UTC m=+{:.9}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        start.elapsed().as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fraction_drops_trailing_zeros() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_795_000_000, 13_851_930);
        let s = format(t);
        assert!(s.starts_with("2026-11-18 11:06:40.01385193 "), "{s}");
        assert!(s.contains(".01385193 +0000 UTC m=+"), "{s}");
        let whole = format(SystemTime::UNIX_EPOCH + Duration::from_secs(60));
        assert!(whole.starts_with("1970-01-01 00:01:00 +0000 UTC m=+"), "{whole}");
    }
}
