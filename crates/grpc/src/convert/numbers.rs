//! Go protojson's number rules, re-stated in Rust.
//!
//! Requests reach k6's protojson as JSON text written by `JSON.stringify`, so a JS number arrives
//! as its shortest decimal spelling and a numeric string must itself be a JSON number token. These
//! helpers answer, without building that text, whether protojson would accept a value for an
//! integer or float field and what it would become.

/// The parts of a JSON number token: sign, integer digits (no leading zero), fraction digits
/// (trailing zeros trimmed) and exponent text (with sign).
struct NumberParts<'a> {
    neg: bool,
    intp: &'a [u8],
    frac: &'a [u8],
    exp: &'a [u8],
}

/// True for bytes that may not directly follow a number token in Go's JSON decoder.
fn is_not_delim(c: u8) -> bool {
    c == b'-' || c == b'+' || c == b'.' || c == b'_' || c.is_ascii_alphanumeric()
}

/// Splits a JSON number at the start of `s` the way Go's decoder does; `None` when `s` does not
/// start with a valid number token.
fn parse_number_parts(s: &[u8]) -> Option<NumberParts<'_>> {
    let mut i = 0;
    let neg = s.first() == Some(&b'-');
    if neg {
        i += 1;
    }
    let int_start = i;
    match s.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            i += 1;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return None,
    }
    let intp = if s[int_start] == b'0' { &s[0..0] } else { &s[int_start..i] };
    let mut frac: &[u8] = &[];
    if s.get(i) == Some(&b'.') && s.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let start = i + 1;
        i += 2;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac = &s[start..i];
        while let [rest @ .., b'0'] = frac {
            frac = rest;
        }
    }
    let mut exp: &[u8] = &[];
    if s.len() >= i + 2 && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        let start = i;
        if s[i] == b'+' || s[i] == b'-' {
            i += 1;
            if i == s.len() {
                return None;
            }
        }
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        exp = &s[start..i];
    }
    if s.get(i).is_some_and(|&c| is_not_delim(c)) {
        return None;
    }
    Some(NumberParts { neg, intp, frac, exp })
}

/// Go's `normalizeToIntString`: the integer spelled by a number token, or `None` when it has a
/// fractional part or more than 20 digits.
fn int_string(p: &NumberParts<'_>) -> Option<String> {
    if p.intp.is_empty() && p.frac.is_empty() {
        return Some("0".to_owned());
    }
    let exp: i64 = if p.exp.is_empty() { 0 } else { std::str::from_utf8(p.exp).ok()?.parse::<i32>().ok()?.into() };
    let mut num = Vec::with_capacity(24);
    if p.neg {
        num.push(b'-');
    }
    if exp >= 0 {
        let exp = exp as usize;
        if p.frac.len() > exp || p.intp.len() + exp > 20 {
            return None;
        }
        num.extend_from_slice(p.intp);
        num.extend_from_slice(p.frac);
        num.resize(num.len() + exp - p.frac.len(), b'0');
    } else {
        if !p.frac.is_empty() {
            return None;
        }
        let index = p.intp.len() as i64 + exp;
        if index < 0 {
            return None;
        }
        let (keep, shifted) = p.intp.split_at(index as usize);
        if shifted.iter().any(|&c| c != b'0') {
            return None;
        }
        num.extend_from_slice(keep);
    }
    String::from_utf8(num).ok()
}

/// Parses a numeric string the way protojson does for integer and float fields: no surrounding
/// whitespace, then one JSON number token.
fn string_number_parts(s: &str) -> Option<NumberParts<'_>> {
    if s.trim() != s {
        return None;
    }
    parse_number_parts(s.as_bytes())
}

/// A signed integer of `bits` (32 or 64) from a numeric string, as protojson accepts it.
pub(super) fn signed_from_str(s: &str, bits: u32) -> Option<i64> {
    let parts = string_number_parts(s)?;
    let digits = int_string(&parts)?;
    let n: i64 = digits.parse().ok()?;
    fits_signed(n, bits).then_some(n)
}

/// An unsigned integer of `bits` (32 or 64) from a numeric string, as protojson accepts it.
pub(super) fn unsigned_from_str(s: &str, bits: u32) -> Option<u64> {
    let parts = string_number_parts(s)?;
    let digits = int_string(&parts)?;
    let n: u64 = digits.parse().ok()?;
    fits_unsigned(n, bits).then_some(n)
}

fn fits_signed(n: i64, bits: u32) -> bool {
    bits == 64 || (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&n)
}

fn fits_unsigned(n: u64, bits: u32) -> bool {
    bits == 64 || n <= u64::from(u32::MAX)
}

/// Below this magnitude every integral double is written by JS with its exact digits.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// A signed integer from a JS number: integral and in range, judged on the decimal text JS would
/// print (so 2^63 is spelled `9223372036854776000` and rejected for int64, as in k6).
pub(super) fn signed_from_f64(v: f64, bits: u32) -> Option<i64> {
    if !v.is_finite() || v.fract() != 0.0 {
        return None;
    }
    if v.abs() <= EXACT_LIMIT {
        let n = v as i64;
        return fits_signed(n, bits).then_some(n);
    }
    if bits == 32 || v.abs() >= 1e21 {
        return None;
    }
    // Rust prints the same shortest digits, zero-padded, as JS's Number::toString below 1e21.
    format!("{v}").parse().ok()
}

/// An unsigned integer from a JS number; see [`signed_from_f64`].
pub(super) fn unsigned_from_f64(v: f64, bits: u32) -> Option<u64> {
    if !v.is_finite() || v.fract() != 0.0 {
        return None;
    }
    if v == 0.0 {
        return Some(0);
    }
    if v < 0.0 {
        return None;
    }
    if v <= EXACT_LIMIT {
        let n = v as u64;
        return fits_unsigned(n, bits).then_some(n);
    }
    if bits == 32 || v >= 1e21 {
        return None;
    }
    format!("{v}").parse().ok()
}

/// A float from a string: `NaN`, `Infinity`, `-Infinity` or a JSON number token in range.
pub(super) fn float_from_str(s: &str, bits: u32) -> Option<f64> {
    match s {
        "NaN" => return Some(f64::NAN),
        "Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    string_number_parts(s)?;
    let end = number_token_len(s.as_bytes());
    parse_float(&s[..end], bits)
}

/// Go's `strconv.ParseFloat(text, bits)`: rounds the decimal straight to the target size (no
/// double rounding through f64 for floats); out of range is refused. A float32 is returned
/// widened, which is exact.
fn parse_float(text: &str, bits: u32) -> Option<f64> {
    let v = if bits == 32 { f64::from(text.parse::<f32>().ok()?) } else { text.parse::<f64>().ok()? };
    v.is_finite().then_some(v)
}

/// Length of the number token at the start of a string already validated by
/// [`parse_number_parts`].
fn number_token_len(s: &[u8]) -> usize {
    s.iter().position(|&c| !(c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))).unwrap_or(s.len())
}

/// A float from a JS number (always finite here: `JSON.stringify` turns NaN/Infinity into null).
/// For float32 the number's shortest decimal spelling, which is what k6 parses, is rounded.
pub(super) fn float_from_f64(v: f64, bits: u32) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    if bits == 64 {
        return Some(v);
    }
    let mut buf = [0u8; 40];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    std::io::Write::write_fmt(&mut cursor, format_args!("{v:e}")).ok()?;
    let len = cursor.position() as usize;
    parse_float(std::str::from_utf8(&buf[..len]).ok()?, 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_follow_json_number_syntax() {
        assert_eq!(signed_from_str("17", 32), Some(17));
        assert_eq!(signed_from_str("1e3", 32), Some(1000));
        assert_eq!(signed_from_str("-1.50e1", 32), Some(-15));
        assert_eq!(signed_from_str("1.5", 32), None);
        assert_eq!(signed_from_str(" 1", 32), None);
        assert_eq!(signed_from_str("0x10", 64), None);
        assert_eq!(signed_from_str("01", 64), None);
        assert_eq!(signed_from_str("+1", 64), None);
        assert_eq!(signed_from_str("1e21", 64), None);
        assert_eq!(signed_from_str("2147483648", 32), None);
        assert_eq!(signed_from_str("9223372036854775807", 64), Some(i64::MAX));
        assert_eq!(unsigned_from_str("18446744073709551615", 64), Some(u64::MAX));
        assert_eq!(unsigned_from_str("-1", 64), None);
        assert_eq!(unsigned_from_str("-0", 64), Some(0));
        assert_eq!(signed_from_str("100e-2", 64), Some(1));
    }

    #[test]
    fn js_numbers_use_their_printed_digits() {
        assert_eq!(signed_from_f64(-5.0, 32), Some(-5));
        assert_eq!(signed_from_f64(1.5, 32), None);
        assert_eq!(signed_from_f64(2147483648.0, 32), None);
        assert_eq!(signed_from_f64(9007199254740993.0, 64), Some(9007199254740992));
        assert_eq!(signed_from_f64(9223372036854775808.0, 64), None);
        assert_eq!(unsigned_from_f64(9223372036854775808.0, 64), Some(9223372036854776000));
        assert_eq!(unsigned_from_f64(1e21, 64), None);
        assert_eq!(unsigned_from_f64(-0.0, 64), Some(0));
    }

    #[test]
    fn floats() {
        assert!(float_from_str("NaN", 64).unwrap().is_nan());
        assert_eq!(float_from_str("-Infinity", 32), Some(f64::NEG_INFINITY));
        assert_eq!(float_from_str("42", 64), Some(42.0));
        assert_eq!(float_from_str("1e39", 32), None);
        assert_eq!(float_from_str("1e400", 64), None);
        assert_eq!(float_from_str("inf", 64), None);
        assert_eq!(float_from_f64(1e39, 32), None);
        assert_eq!(float_from_f64(0.1, 32), Some(f64::from(0.1f32)));
        assert_eq!(float_from_f64(-2.5e-300, 32), Some(-0.0));
        assert_eq!(float_from_f64(f64::MAX, 64), Some(f64::MAX));
        assert_eq!(float_from_str("0.1", 32), Some(f64::from(0.1f32)));
    }
}
