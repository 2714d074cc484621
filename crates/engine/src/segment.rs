//! Execution segments: how several Stampede (or k6) instances split one test without talking to
//! each other. A segment `(a, b]` of the unit interval plus a sequence of segments that all
//! instances share give every instance a deterministic, disjoint share of VUs and iterations,
//! using k6's striping algorithm, so that a mixed fleet (k6-operator) splits work identically.
//!
//! [`ExecutionTuple`] is the one type the executors need: `scale` for VU/iteration counts,
//! `global_index` for `idInTest`/`iterationInTest`, `resegment` for executors whose iterations
//! follow VUs (shared-iterations) or maxVUs (arrival-rate).

use std::cmp::Ordering;
use std::fmt;

/// A segment or sequence that does not parse or does not fit; texts are k6's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SegmentError {
    /// Not a number, fraction or percentage.
    #[error("'{0}' is not a valid percentage, decimal, fraction or interval value")]
    InvalidValue(String),
    /// A percentage that is not an integer.
    #[error("'{0}' is not a valid percentage")]
    InvalidPercentage(String),
    /// Start below zero.
    #[error("segment start value must be at least 0 but was {0}")]
    NegativeStart(String),
    /// Start not below end.
    #[error("segment start({0}) must be less than its end({1})")]
    StartNotBeforeEnd(String, String),
    /// End above one.
    #[error("segment end value can't be more than 1 but was {0}")]
    EndAboveOne(String),
    /// A sequence with fewer than two points.
    #[error("at least 2 points are needed for an execution segment sequence, {0} given")]
    TooFewPoints(usize),
    /// Segment lengths whose common denominator exceeds [`MAX_STRIPE`].
    #[error("execution segments {0} are too fine-grained: their lengths need a common denominator above {MAX_STRIPE}")]
    TooFine(String),
    /// The segment is not one of the sequence's segments.
    #[error("provided segment {0} can't be found in sequence {1}")]
    NotInSequence(String, String),
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
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

    fn sub(self, o: Rational) -> Option<Rational> {
        Rational::new(
            self.num as i128 * o.den as i128 - o.num as i128 * self.den as i128,
            self.den as i128 * o.den as i128,
        )
    }

    /// Go's `big.Rat.FloatString(2)`.
    fn float2(self) -> String {
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

/// A segment `(from, to]` of the whole test, `0 ≤ from < to ≤ 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExecutionSegment {
    from: Rational,
    to: Rational,
}

impl ExecutionSegment {
    /// The whole test, `0:1`.
    pub const FULL: ExecutionSegment = ExecutionSegment { from: Rational::ZERO, to: Rational::ONE };

    /// A checked segment.
    pub fn new(from: Rational, to: Rational) -> Result<ExecutionSegment, SegmentError> {
        if from < Rational::ZERO {
            return Err(SegmentError::NegativeStart(from.float2()));
        }
        if from >= to {
            return Err(SegmentError::StartNotBeforeEnd(from.float2(), to.float2()));
        }
        if to > Rational::ONE {
            return Err(SegmentError::EndAboveOne(to.float2()));
        }
        Ok(ExecutionSegment { from, to })
    }

    /// Parses `a:b`, `b` (= `0:b`) or the empty string (= `0:1`).
    pub fn parse(s: &str) -> Result<ExecutionSegment, SegmentError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(ExecutionSegment::FULL);
        }
        match s.split_once(':') {
            Some((a, b)) => ExecutionSegment::new(Rational::parse(a)?, Rational::parse(b)?),
            None => ExecutionSegment::new(Rational::ZERO, Rational::parse(s)?),
        }
    }

    /// Start (exclusive).
    pub fn from(&self) -> Rational {
        self.from
    }

    /// End (inclusive).
    pub fn to(&self) -> Rational {
        self.to
    }

    /// `to - from`.
    pub fn length(&self) -> Rational {
        self.to.sub(self.from).unwrap_or(Rational::ZERO)
    }

    /// Whether this is `0:1`.
    pub fn is_full(&self) -> bool {
        *self == ExecutionSegment::FULL
    }
}

impl fmt::Display for ExecutionSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.from, self.to)
    }
}

/// Consecutive segments given as their boundary points, e.g. `0,1/3,2/3,1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SegmentSequence {
    segments: Vec<ExecutionSegment>,
}

impl SegmentSequence {
    /// From consecutive segments (each must start where the previous ended).
    pub fn from_points(points: &[Rational]) -> Result<SegmentSequence, SegmentError> {
        if points.len() < 2 {
            return Err(SegmentError::TooFewPoints(points.len()));
        }
        let segments = points.windows(2).map(|w| ExecutionSegment::new(w[0], w[1])).collect::<Result<Vec<_>, _>>()?;
        Ok(SegmentSequence { segments })
    }

    /// Parses `P0,P1,...,Pn`.
    pub fn parse(s: &str) -> Result<SegmentSequence, SegmentError> {
        let points = s.split(',').map(|p| Rational::parse(p.trim())).collect::<Result<Vec<_>, _>>()?;
        SegmentSequence::from_points(&points)
    }

    /// The segments.
    pub fn segments(&self) -> &[ExecutionSegment] {
        &self.segments
    }

    /// The index of `segment` in this sequence.
    pub fn find(&self, segment: &ExecutionSegment) -> Option<usize> {
        self.segments.iter().position(|s| s == segment)
    }

    /// The sequence padded with `0:P0` and `Pn:1` when it does not cover the whole test.
    fn filled(&self) -> Vec<ExecutionSegment> {
        let mut out = Vec::with_capacity(self.segments.len() + 2);
        if let Some(first) = self.segments.first() {
            if first.from > Rational::ZERO {
                out.push(ExecutionSegment { from: Rational::ZERO, to: first.from });
            }
        }
        out.extend(self.segments.iter().copied());
        if let Some(last) = self.segments.last() {
            if last.to < Rational::ONE {
                out.push(ExecutionSegment { from: last.to, to: Rational::ONE });
            }
        }
        out
    }
}

impl fmt::Display for SegmentSequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(first) = self.segments.first() {
            write!(f, "{}", first.from)?;
        }
        for s in &self.segments {
            write!(f, ",{}", s.to)?;
        }
        Ok(())
    }
}

/// The striping of a filled sequence: which of every `lcd` consecutive items each segment owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Striping {
    segments: Vec<ExecutionSegment>,
    lcd: i64,
    /// Per segment, its slots in `0..lcd`, ascending.
    slots: Vec<Vec<i64>>,
}

/// Least common multiple, `None` past [`MAX_STRIPE`].
fn lcm(a: i64, b: i64) -> Option<i64> {
    let m = (a / gcd(a as i128, b as i128) as i64).checked_mul(b)?;
    (m <= MAX_STRIPE).then_some(m)
}

/// The widest stripe accepted: striping is computed slot by slot, so a sequence whose segment
/// lengths need a larger common denominator would take too long to prepare.
pub const MAX_STRIPE: i64 = 10_000_000;

/// The stripe width (least common denominator of the segment lengths), if within [`MAX_STRIPE`].
fn stripe_width(segments: &[ExecutionSegment]) -> Option<i64> {
    segments.iter().map(|s| s.length().denom()).try_fold(1, lcm)
}

impl Striping {
    /// Stripes consecutive segments that cover `0..1`; `None` when the stripe would be wider
    /// than [`MAX_STRIPE`].
    fn new(segments: Vec<ExecutionSegment>) -> Option<Striping> {
        let lcd = stripe_width(&segments)?;
        let weights: Vec<i64> = segments
            .iter()
            .map(|s| {
                let l = s.length();
                l.numer() * (lcd / l.denom())
            })
            .collect();
        let mut order: Vec<usize> = (0..segments.len()).collect();
        order.sort_by(|a, b| weights[*b].cmp(&weights[*a]));
        let mut chosen = vec![0i64; segments.len()];
        let mut slots = vec![Vec::new(); segments.len()];
        for i in 0..lcd {
            for &seg in &order {
                let w = weights[seg];
                let num = chosen[seg] * lcd;
                if i > num / w || (i == num / w && num % w == 0) {
                    chosen[seg] += 1;
                    slots[seg].push(i);
                    break;
                }
            }
        }
        Some(Striping { segments, lcd, slots })
    }

    /// The least common denominator of the segment lengths (the stripe width).
    pub fn lcd(&self) -> i64 {
        self.lcd
    }

    /// The segments.
    pub fn segments(&self) -> &[ExecutionSegment] {
        &self.segments
    }

    /// How many of `value` items segment `index` gets.
    pub fn scale(&self, index: usize, value: i64) -> i64 {
        if self.segments.len() == 1 {
            return value;
        }
        let Some(slots) = self.slots.get(index) else {
            return 0;
        };
        let value = value.max(0);
        let rem = value % self.lcd;
        (value / self.lcd) * slots.len() as i64 + slots.iter().take_while(|s| **s < rem).count() as i64
    }

    /// The 0-based global index of segment `index`'s `local`-th (0-based) item.
    pub fn global_index(&self, index: usize, local: i64) -> i64 {
        match self.slots.get(index) {
            Some(slots) if !slots.is_empty() => {
                let w = slots.len() as i64;
                let local = local.max(0);
                slots[(local % w) as usize].saturating_add((local / w).saturating_mul(self.lcd))
            }
            _ => local,
        }
    }

    /// A new striping in which each segment's share is its scaled part of `value` (segments
    /// with no share dropped), and `index`'s place in it (`None` when it got nothing).
    pub fn resegment(&self, value: i64, index: usize) -> (Striping, Option<usize>) {
        if value <= 0 || value % self.lcd == 0 {
            return (self.clone(), (value > 0).then_some(index));
        }
        let mut segments = Vec::new();
        let mut new_index = None;
        let mut prev = 0i64;
        for i in 0..self.segments.len() {
            let v = self.scale(i, value);
            if v == 0 {
                continue;
            }
            if i == index {
                new_index = Some(segments.len());
            }
            let from = Rational::new(prev as i128, value as i128).unwrap_or(Rational::ZERO);
            let to = Rational::new((prev + v) as i128, value as i128).unwrap_or(Rational::ONE);
            segments.push(ExecutionSegment { from, to });
            prev += v;
        }
        match Striping::new(segments) {
            Some(striping) => (striping, new_index),
            // An absurd count (beyond MAX_STRIPE) keeps the original striping.
            None => (self.clone(), Some(index)),
        }
    }
}

/// This instance's segment within the shared sequence: everything an executor needs to scale
/// its numbers and to number VUs and iterations across instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionTuple {
    segment: ExecutionSegment,
    striping: Striping,
    index: Option<usize>,
}

impl Default for ExecutionTuple {
    fn default() -> Self {
        ExecutionTuple::full()
    }
}

impl ExecutionTuple {
    /// The whole test on one instance.
    pub fn full() -> ExecutionTuple {
        ExecutionTuple {
            segment: ExecutionSegment::FULL,
            striping: Striping { segments: vec![ExecutionSegment::FULL], lcd: 1, slots: vec![vec![0]] },
            index: Some(0),
        }
    }

    /// The tuple for `--execution-segment` / `--execution-segment-sequence` (either may be
    /// absent). Without a sequence, the gaps around the segment are filled in.
    pub fn new(
        segment: Option<&ExecutionSegment>,
        sequence: Option<&SegmentSequence>,
    ) -> Result<ExecutionTuple, SegmentError> {
        let segment = segment.copied().unwrap_or(ExecutionSegment::FULL);
        let segments = match sequence {
            Some(seq) => seq.filled(),
            None => {
                let mut v = Vec::new();
                if segment.from > Rational::ZERO {
                    v.push(ExecutionSegment { from: Rational::ZERO, to: segment.from });
                }
                v.push(segment);
                if segment.to < Rational::ONE {
                    v.push(ExecutionSegment { from: segment.to, to: Rational::ONE });
                }
                v
            }
        };
        let index = segments.iter().position(|s| *s == segment).ok_or_else(|| {
            SegmentError::NotInSequence(segment.to_string(), sequence.map(|s| s.to_string()).unwrap_or_default())
        })?;
        let too_fine = || SegmentError::TooFine(sequence.map(|s| s.to_string()).unwrap_or_else(|| segment.to_string()));
        let striping = Striping::new(segments).ok_or_else(too_fine)?;
        Ok(ExecutionTuple { segment, striping, index: Some(index) })
    }

    /// This instance's segment.
    pub fn segment(&self) -> ExecutionSegment {
        self.segment
    }

    /// The striping of the (filled) sequence.
    pub fn striping(&self) -> &Striping {
        &self.striping
    }

    /// This instance's position in the striping (`None` after a resegment that left it nothing).
    pub fn index(&self) -> Option<usize> {
        self.index
    }

    /// This instance's share of `value` (VUs, iterations).
    pub fn scale(&self, value: i64) -> i64 {
        self.index.map_or(0, |i| self.striping.scale(i, value))
    }

    /// The 0-based global index of this instance's `local`-th (0-based) item: `idInTest - 1` of
    /// local VU `local + 1`, or `iterationInTest` of a local iteration.
    pub fn global_index(&self, local: i64) -> i64 {
        self.index.map_or(local, |i| self.striping.global_index(i, local))
    }

    /// This instance's share of the striping, as a fraction of all items (the length of its
    /// striped segment): scales arrival rates after [`ExecutionTuple::resegment`].
    pub fn share(&self) -> Rational {
        match self.index {
            Some(i) => self.striping.segments[i].length(),
            None => Rational::ZERO,
        }
    }

    /// The tuple re-striped by how `value` items (VUs or maxVUs) split, as k6 does for
    /// shared-iterations and the arrival-rate executors.
    pub fn resegment(&self, value: i64) -> ExecutionTuple {
        match self.index {
            Some(i) => {
                let (striping, index) = self.striping.resegment(value, i);
                ExecutionTuple { segment: self.segment, striping, index }
            }
            None => self.clone(),
        }
    }
}
