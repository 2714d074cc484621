//! JavaScript number formatting (`Number.prototype.toString`, `toFixed`, `parseFloat`), which the
//! summaries must reproduce digit for digit.

/// `String(v)` in JavaScript: shortest round-trip digits, exponent form outside 1e-7..1e21.
pub(crate) fn js_to_string(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-7".
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exp + 1; // position of the decimal point relative to the digits
    let sign = if v < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_text = if e >= 0 { format!("+{e}") } else { e.to_string() };
        if k == 1 { format!("{digits}e{e_text}") } else { format!("{}.{}e{e_text}", &digits[..1], &digits[1..]) }
    };
    format!("{sign}{body}")
}

/// `v.toFixed(digits)` in JavaScript (ties round away from zero on the exact binary value).
pub(crate) fn js_to_fixed(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return js_to_string(v);
    }
    if v.abs() >= 1e21 {
        return js_to_string(v);
    }
    let s = format!("{:.*}", digits, v);
    // Rust rounds exact ties to even; JavaScript picks the larger magnitude.
    let longer = format!("{:.*}", digits + 40, v);
    let tail = &longer[longer.len() - 40..];
    if tail.starts_with('5') && tail[1..].bytes().all(|b| b == b'0') {
        let truncated = &longer[..longer.len() - 40];
        let truncated = truncated.strip_suffix('.').unwrap_or(truncated);
        return fix_negative_zero(increment_last_digit(truncated));
    }
    fix_negative_zero(s)
}

/// Adds one unit in the last place to a decimal string (`"0.12"` → `"0.13"`, `"9.9"` → `"10.0"`).
fn increment_last_digit(s: &str) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    let mut bytes: Vec<u8> = digits.bytes().collect();
    let mut i = bytes.len();
    loop {
        if i == 0 {
            bytes.insert(0, b'1');
            break;
        }
        i -= 1;
        match bytes[i] {
            b'.' => continue,
            b'9' => bytes[i] = b'0',
            d => {
                bytes[i] = d + 1;
                break;
            }
        }
    }
    format!("{sign}{}", String::from_utf8_lossy(&bytes))
}

fn fix_negative_zero(s: String) -> String {
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') { s[1..].to_string() } else { s }
}

/// `parseFloat(v.toFixed(prec)).toString()`: fixed precision without trailing zeros.
pub(crate) fn fixed_no_trailing_zeros(v: f64, prec: usize) -> String {
    let fixed = js_to_fixed(v, prec);
    match fixed.parse::<f64>() {
        Ok(parsed) => js_to_string(parsed),
        Err(_) => fixed,
    }
}

/// Truncates to `prec` decimals (no rounding), then drops trailing zeros.
pub(crate) fn fixed_no_trailing_zeros_trunc(v: f64, prec: i32) -> String {
    let mult = 10f64.powi(prec);
    fixed_no_trailing_zeros((mult * v).trunc() / mult, prec as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_string_matches_javascript() {
        assert_eq!(js_to_string(5.0), "5");
        assert_eq!(js_to_string(-9.0), "-9");
        assert_eq!(js_to_string(0.5), "0.5");
        assert_eq!(js_to_string(59.390143), "59.390143");
        assert_eq!(js_to_string(1e21), "1e+21");
        assert_eq!(js_to_string(123456789012345680000.0), "123456789012345680000");
        assert_eq!(js_to_string(1e-7), "1e-7");
        assert_eq!(js_to_string(0.000001), "0.000001");
        assert_eq!(js_to_string(1.5e-10), "1.5e-10");
    }

    #[test]
    fn to_fixed_rounds_ties_away_from_zero() {
        assert_eq!(js_to_fixed(0.125, 2), "0.13");
        assert_eq!(js_to_fixed(2.5, 0), "3");
        assert_eq!(js_to_fixed(1.005, 2), "1.00");
        assert_eq!(js_to_fixed(66.66, 2), "66.66");
        assert_eq!(js_to_fixed(-0.0001, 2), "0.00");
    }

    #[test]
    fn trailing_zero_helpers() {
        assert_eq!(fixed_no_trailing_zeros(19.8049, 6), "19.8049");
        assert_eq!(fixed_no_trailing_zeros(21069.1320364, 6), "21069.132036");
        assert_eq!(fixed_no_trailing_zeros_trunc(100.4999, 2), "100.49");
        assert_eq!(fixed_no_trailing_zeros_trunc(12.0, 2), "12");
    }
}
