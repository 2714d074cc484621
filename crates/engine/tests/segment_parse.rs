//! Parsing and printing of `--execution-segment` and `--execution-segment-sequence` values, with
//! k6's error texts (checked against the real binary).

use engine::segment::{ExecutionSegment, SegmentSequence};

#[test]
fn segment_forms() {
    assert_eq!(ExecutionSegment::parse("0:1/2").unwrap().to_string(), "0:1/2");
    assert_eq!(ExecutionSegment::parse("1/2:1").unwrap().to_string(), "1/2:1");
    assert_eq!(ExecutionSegment::parse("50%").unwrap().to_string(), "0:1/2");
    assert_eq!(ExecutionSegment::parse("0.2:2/3").unwrap().to_string(), "1/5:2/3");
    assert_eq!(ExecutionSegment::parse("").unwrap(), ExecutionSegment::FULL);
    assert!(ExecutionSegment::parse("0:1").unwrap().is_full());
}

#[test]
fn sequence_forms() {
    let s = SegmentSequence::parse("0,1/3,2/3,1").unwrap();
    assert_eq!(s.to_string(), "0,1/3,2/3,1");
    assert_eq!(s.segments().len(), 3);
    let seg = ExecutionSegment::parse("1/3:2/3").unwrap();
    assert_eq!(s.find(&seg), Some(1));
}

#[test]
fn errors_match_k6() {
    let err = |s: &str| ExecutionSegment::parse(s).unwrap_err().to_string();
    assert_eq!(err("2"), "segment end value can't be more than 1 but was 2.00");
    assert_eq!(err("1:0"), "segment start(1.00) must be less than its end(0.00)");
    assert_eq!(err("abc"), "'abc' is not a valid percentage, decimal, fraction or interval value");
    let serr = |s: &str| SegmentSequence::parse(s).unwrap_err().to_string();
    assert_eq!(serr("0"), "at least 2 points are needed for an execution segment sequence, 1 given");
    assert_eq!(serr("0,1/2,1/3,1"), "segment start(0.50) must be less than its end(0.33)");
}
