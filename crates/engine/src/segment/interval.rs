//! A segment `(from, to]` of the test and the sequence of segments a fleet shares, parsed from
//! `--execution-segment` and `--execution-segment-sequence`.

use std::fmt;

use super::{Rational, SegmentError};

/// A segment `(from, to]` of the whole test, `0 ≤ from < to ≤ 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExecutionSegment {
    pub(super) from: Rational,
    pub(super) to: Rational,
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
    pub(super) fn filled(&self) -> Vec<ExecutionSegment> {
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
