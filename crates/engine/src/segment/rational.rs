//! Exact fractions: segment boundaries and shares are rationals, as in k6, so that every
//! instance of a fleet computes the same split.

use std::cmp::Ordering;
use std::fmt;

use super::SegmentError;

pub(super) fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// An exact non-huge rational number (reduced, positive denominator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    num: i64,
    den: i64,
}

impl Rational {
    /// 0.
    pub const ZERO: Rational = Rational { num: 0, den: 1 };
    /// 1.
    pub const ONE: Rational = Rational { num: 1, den: 1 };

    /// `num/den`, reduced. `None` when `den` is zero or the value does not fit.
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (mut n, mut d) = (num / g, den / g);
        if d < 0 {
            n = -n;
            d = -d;
        }
        Some(Rational { num: i64::try_from(n).ok()?, den: i64::try_from(d).ok()? })
    }

    /// Numerator.
    pub fn numer(self) -> i64 {
        self.num
    }

    /// Denominator.
    pub fn denom(self) -> i64 {
        self.den
    }

    /// As a float.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    pub(super) fn sub(self, o: Rational) -> Option<Rational> {
        Rational::new(
            self.num as i128 * o.den as i128 - o.num as i128 * self.den as i128,
            self.den as i128 * o.den as i128,
        )
    }

    /// Go's `big.Rat.FloatString(2)`.
    pub(super) fn float2(self) -> String {
        format!("{:.2}", self.to_f64())
    }

    /// Parses `50%`, `0.5` or `1/2` (k6's rules: percentages are integers).
    pub fn parse(s: &str) -> Result<Rational, SegmentError> {
        if let Some(p) = s.strip_suffix('%') {
            let n: i128 = p.parse().map_err(|_| SegmentError::InvalidPercentage(s.to_string()))?;
            return Rational::new(n, 100).ok_or_else(|| SegmentError::InvalidPercentage(s.to_string()));
        }
        let invalid = || SegmentError::InvalidValue(s.to_string());
        if let Some((n, d)) = s.split_once('/') {
            let n: i128 = n.parse().map_err(|_| invalid())?;
            let d: i128 = d.parse().map_err(|_| invalid())?;
            return Rational::new(n, d).ok_or_else(invalid);
        }
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 18
        {
            return Err(invalid());
        }
        let den = 10i128.pow(frac.len() as u32);
        let int_v: i128 = if int.is_empty() { 0 } else { int.parse().map_err(|_| invalid())? };
        let frac_v: i128 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| invalid())? };
        let num = int_v.checked_mul(den).and_then(|v| v.checked_add(frac_v)).ok_or_else(invalid)?;
        Rational::new(if neg { -num } else { num }, den).ok_or_else(invalid)
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rational {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.num as i128 * o.den as i128).cmp(&(o.num as i128 * self.den as i128))
    }
}

impl fmt::Display for Rational {
    /// Go's `big.Rat.RatString`: `1/2`, or `1` for integers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 { write!(f, "{}", self.num) } else { write!(f, "{}/{}", self.num, self.den) }
    }
}
