//! The string escaping k6's log output inherits from Go: logrus' "does this value need
//! quotes" rule, `strconv.Quote` (`%q`) and `encoding/json` string encoding with HTML
//! escaping. Log lines are matched by scripts and CI, so these follow Go byte for byte for
//! all assigned characters.

use std::fmt::Write as _;

/// logrus' rule: quote unless every char is in `[A-Za-z0-9-._/@^+]` (an empty value is bare).
pub(crate) fn needs_quoting(text: &str) -> bool {
    !text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | '@' | '^' | '+'))
}

/// Appends `text` as logrus writes a value: bare, or Go-quoted when [`needs_quoting`].
pub(crate) fn push_logfmt_value(out: &mut String, text: &str) {
    if needs_quoting(text) {
        push_go_quoted(out, text);
    } else {
        out.push_str(text);
    }
}

/// Appends `text` quoted like Go's `strconv.Quote`.
pub(crate) fn push_go_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
/// Control, format, private-use, separator (other than U+0020) and noncharacter code points
/// are not printable. (Unassigned code points count as printable here, unlike Go.)
fn is_go_printable(c: char) -> bool {
    const NOT_PRINTABLE: &[(u32, u32)] = &[
        (0x0000, 0x001f),
        (0x007f, 0x00a0),
        (0x00ad, 0x00ad),
        (0x0600, 0x0605),
        (0x061c, 0x061c),
        (0x06dd, 0x06dd),
        (0x070f, 0x070f),
        (0x0890, 0x0891),
        (0x08e2, 0x08e2),
        (0x1680, 0x1680),
        (0x180e, 0x180e),
        (0x2000, 0x200f),
        (0x2028, 0x202f),
        (0x205f, 0x2064),
        (0x2066, 0x206f),
        (0x3000, 0x3000),
        (0xd800, 0xf8ff),
        (0xfdd0, 0xfdef),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0xfffe, 0xffff),
        (0x110bd, 0x110bd),
        (0x110cd, 0x110cd),
        (0x13430, 0x1343f),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0000, 0xe007f),
        (0xf0000, 0x10ffff),
    ];
    let cp = c as u32;
    if (cp & 0xfffe) == 0xfffe {
        return false;
    }
    !NOT_PRINTABLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp))
}

/// Appends `text` as a JSON string the way Go's `encoding/json` writes it (HTML-safe: `<`,
/// `>`, `&`, U+2028 and U+2029 are `\u` escapes; `\b` and `\f` are short escapes).
pub(crate) fn push_go_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Makes already-valid JSON text HTML-safe the way Go's `json.Marshal` does for values that
/// marshal themselves: `<`, `>`, `&`, U+2028 and U+2029 become `\u` escapes. These characters
/// can only occur inside JSON strings, so a plain substitution is exact.
pub(crate) fn go_html_escape_json(json: &str) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        push_go_quoted(&mut out, s);
        out
    }

    fn json(s: &str) -> String {
        let mut out = String::new();
        push_go_json_string(&mut out, s);
        out
    }

    #[test]
    fn logrus_quotes_only_outside_its_charset() {
        for bare in ["hello", "x/y@z", "a-b.c_d^e+f", "", "ABC123"] {
            assert!(!needs_quoting(bare), "{bare}");
        }
        for q in ["hello world", "a=b", "=", "é", "{}", "a:b", "\"", "tab\t"] {
            assert!(needs_quoting(q), "{q}");
        }
    }

    #[test]
    fn go_quote_matches_k6_output() {
        // Observed in k6 v1.1.0 log lines.
        assert_eq!(quoted("line1\nline2 \"quoted\""), r#""line1\nline2 \"quoted\"""#);
        assert_eq!(
            quoted("tab\there cr\rhere bell\u{7} \u{7f} ucode\u{a0}"),
            r#""tab\there cr\rhere bell\a \x7f ucode\u00a0""#
        );
        assert_eq!(quoted("é ü 日本 \u{2028} x"), "\"é ü 日本 \\u2028 x\"");
        assert_eq!(quoted("a\\b"), r#""a\\b""#);
        assert_eq!(quoted("😀"), "\"😀\"");
        assert_eq!(quoted("\u{1}\u{feff}\u{e0001}"), r#""\x01\ufeff\U000e0001""#);
    }

    #[test]
    fn go_json_strings_are_html_safe() {
        assert_eq!(json("<b>&"), r#""\u003cb\u003e\u0026""#);
        assert_eq!(json("tab\there\u{7} \u{7f}\u{a0}"), "\"tab\\there\\u0007 \u{7f}\u{a0}\"");
        assert_eq!(json("\u{8}\u{c}\u{2028}é"), "\"\\b\\f\\u2028é\"");
        assert_eq!(go_html_escape_json(r#"{"a":"<b>&"}"#), r#"{"a":"\u003cb\u003e\u0026"}"#);
        assert_eq!(go_html_escape_json(r#"{"s":"é"}"#), r#"{"s":"é"}"#);
    }
}
