//! [`ExecutionTuple`]: one instance's place in the fleet, the only segment type executors use.

use super::{ExecutionSegment, Rational, SegmentError, SegmentSequence, Striping};

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
