//! Turning one log record into bytes in each of k6's styles (logrus under the hood in k6):
//!
//! - text: `time="2026-11-24T02:26:30Z" level=info msg="hello world" source=console` — the
//!   message is omitted when empty, fields follow sorted by key, values quoted only when
//!   they need it;
//! - colored text (stderr is a terminal): `\x1b[36mINFO\x1b[0m[0003] hello<pad to 44> ` then
//!   ` \x1b[36mkey\x1b[0m=value` per field; the number is whole seconds since start;
//! - json: one object with sorted keys (`level`, `msg`, `time` and the fields), always `msg`;
//! - raw: the message alone.

use std::fmt::Write as _;

use time::{OffsetDateTime, UtcOffset};

use super::quote::{push_go_json_string, push_go_quoted, push_logfmt_value};
use super::{Level, LogFormat};

/// How a record is laid out: a [`LogFormat`], or the colored terminal form of `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `time=... level=... msg=...`.
    Text,
    /// logrus' colored terminal layout (`INFO[0000] msg ...`).
    ColoredText,
    /// One JSON object per line.
    Json,
    /// The message only.
    Raw,
}

impl Style {
    /// The style for a `--log-format` on a terminal with colors, or not.
    pub fn for_format(format: LogFormat, colored_terminal: bool) -> Style {
        match format {
            LogFormat::Text if colored_terminal => Style::ColoredText,
            LogFormat::Text => Style::Text,
            LogFormat::Json => Style::Json,
            LogFormat::Raw => Style::Raw,
        }
    }
}

/// One log record ready to be formatted.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// When it happened, in the zone it is printed in.
    pub time: OffsetDateTime,
    /// Whole seconds since the logger started (the colored layout prints it).
    pub elapsed_secs: u64,
    /// Severity.
    pub level: Level,
    /// The message.
    pub msg: &'a str,
    /// Extra `key=value` fields, in any order.
    pub fields: &'a [(&'a str, &'a str)],
}

/// Formats `record` in `style`, ending with one `\n`.
pub fn format_record(style: Style, record: &Record<'_>) -> String {
    let mut out = String::with_capacity(64 + record.msg.len());
    let mut fields: Vec<(&str, &str)> = record.fields.to_vec();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    match style {
        Style::Text => {
            out.push_str("time=");
            push_go_quoted(&mut out, &rfc3339(record.time));
            out.push_str(" level=");
            out.push_str(record.level.as_str());
            if !record.msg.is_empty() {
                out.push_str(" msg=");
                push_logfmt_value(&mut out, record.msg);
            }
            for (k, v) in &fields {
                out.push(' ');
                out.push_str(k);
                out.push('=');
                push_logfmt_value(&mut out, v);
            }
        }
        Style::ColoredText => {
            let color = record.level.color();
            let msg = record.msg.strip_suffix('\n').unwrap_or(record.msg);
            let _ = write!(out, "\x1b[{color}m{}\x1b[0m[{:04}] ", record.level.short_name(), record.elapsed_secs);
            out.push_str(msg);
            for _ in msg.chars().count()..44 {
                out.push(' ');
            }
            out.push(' ');
            for (k, v) in &fields {
                let _ = write!(out, " \x1b[{color}m{k}\x1b[0m=");
                push_logfmt_value(&mut out, v);
            }
        }
        Style::Json => {
            let time = rfc3339(record.time);
            let mut entries: Vec<(&str, &str)> = fields.clone();
            entries.retain(|(k, _)| !matches!(*k, "level" | "msg" | "time"));
            entries.push(("level", record.level.as_str()));
            entries.push(("msg", record.msg));
            entries.push(("time", &time));
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_go_json_string(&mut out, k);
                out.push(':');
                push_go_json_string(&mut out, v);
            }
            out.push('}');
        }
        Style::Raw => out.push_str(record.msg),
    }
    out.push('\n');
    out
}

/// Go's `time.RFC3339` at second precision (`Z` for UTC, else `+hh:mm`).
pub fn rfc3339(t: OffsetDateTime) -> String {
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let offset: UtcOffset = t.offset();
    if offset.is_utc() {
        s.push('Z');
    } else {
        let total = offset.whole_seconds();
        let sign = if total < 0 { '-' } else { '+' };
        let abs = total.unsigned_abs();
        let _ = write!(s, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn rec<'a>(level: Level, msg: &'a str, fields: &'a [(&'a str, &'a str)]) -> Record<'a> {
        Record { time: datetime!(2026-11-24 02:26:30 UTC), elapsed_secs: 0, level, msg, fields }
    }

    #[test]
    fn text_sorts_fields_and_omits_empty_msg() {
        let line = format_record(
            Style::Text,
            &rec(Level::Error, "Error: x\n", &[("source", "stacktrace"), ("executor", "shared-iterations")]),
        );
        assert_eq!(
            line,
            "time=\"2026-11-24T02:26:30Z\" level=error msg=\"Error: x\\n\" executor=shared-iterations source=stacktrace\n"
        );
        assert_eq!(
            format_record(Style::Text, &rec(Level::Error, "", &[("source", "console")])),
            "time=\"2026-11-24T02:26:30Z\" level=error source=console\n"
        );
        assert_eq!(
            format_record(Style::Text, &rec(Level::Warning, "w", &[("hint", "script exception")])),
            "time=\"2026-11-24T02:26:30Z\" level=warning msg=w hint=\"script exception\"\n"
        );
    }

    #[test]
    fn json_keeps_empty_msg_and_sorts_keys() {
        assert_eq!(
            format_record(Style::Json, &rec(Level::Info, "", &[("source", "console")])),
            "{\"level\":\"info\",\"msg\":\"\",\"source\":\"console\",\"time\":\"2026-11-24T02:26:30Z\"}\n"
        );
    }

    #[test]
    fn colored_pads_by_chars_and_trims_one_newline() {
        let line = format_record(Style::ColoredText, &rec(Level::Info, "日本語", &[]));
        assert_eq!(line, format!("\x1b[36mINFO\x1b[0m[0000] 日本語{} \n", " ".repeat(41)));
        let long = "a".repeat(50);
        let line = format_record(Style::ColoredText, &rec(Level::Debug, &long, &[("k", "v w")]));
        assert_eq!(line, format!("\x1b[37mDEBU\x1b[0m[0000] {long}  \x1b[37mk\x1b[0m=\"v w\"\n"));
        let mut r = rec(Level::Warning, "two\n", &[]);
        r.elapsed_secs = 12345;
        assert_eq!(
            format_record(Style::ColoredText, &r),
            format!("\x1b[33mWARN\x1b[0m[12345] two{} \n", " ".repeat(41))
        );
    }

    #[test]
    fn rfc3339_prints_offsets_like_go() {
        let t = datetime!(2026-11-24 03:26:30 +01:00);
        assert_eq!(rfc3339(t), "2026-11-24T03:26:30+01:00");
        let t = datetime!(2026-11-23 21:56:30 -04:30);
        assert_eq!(rfc3339(t), "2026-11-23T21:56:30-04:30");
    }
}
