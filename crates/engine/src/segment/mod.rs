//! Execution segments: how several Stampede (or k6) instances split one test without talking to
//! each other. A segment `(a, b]` of the unit interval plus a sequence of segments that all
//! instances share give every instance a deterministic, disjoint share of VUs and iterations,
//! using k6's striping algorithm, so that a mixed fleet (k6-operator) splits work identically.
//!
//! [`ExecutionTuple`] is the one type the executors need: `scale` for VU/iteration counts,
//! `global_index` for `idInTest`/`iterationInTest`, `resegment` for executors whose iterations
//! follow VUs (shared-iterations) or maxVUs (arrival-rate).

mod interval;
mod rational;
mod striping;
mod tuple;

pub use interval::{ExecutionSegment, SegmentSequence};
pub use rational::Rational;
pub use striping::{MAX_STRIPE, Striping};
pub use tuple::ExecutionTuple;

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
