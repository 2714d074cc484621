//! k6's striping: which of every `lcd` consecutive items (VUs, iterations) each segment of a
//! sequence owns, spread evenly so that any prefix of items splits close to the segment lengths.

use super::rational::gcd;
use super::{ExecutionSegment, Rational};

/// The striping of a filled sequence: which of every `lcd` consecutive items each segment owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Striping {
    pub(super) segments: Vec<ExecutionSegment>,
    pub(super) lcd: i64,
    /// Per segment, its slots in `0..lcd`, ascending.
    pub(super) slots: Vec<Vec<i64>>,
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
    pub(super) fn new(segments: Vec<ExecutionSegment>) -> Option<Striping> {
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
