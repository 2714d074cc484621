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

#[test]
fn absurdly_fine_sequences_are_refused_not_hung() {
    use engine::segment::ExecutionTuple;
    let seq = SegmentSequence::parse("0,1/999999937,1/999999929,1").unwrap();
    let seg = seq.segments()[1];
    let err = ExecutionTuple::new(Some(&seg), Some(&seq)).unwrap_err();
    assert!(err.to_string().contains("too fine-grained"), "{err}");
    // Negative or huge local indexes never panic.
    let t = ExecutionTuple::new(None, None).unwrap();
    assert_eq!(t.global_index(-3), 0);
    let thirds = SegmentSequence::parse("0,1/3,2/3,1").unwrap();
    let t = ExecutionTuple::new(Some(&thirds.segments()[1]), Some(&thirds)).unwrap();
    assert_eq!(t.global_index(-1), 1);
    let _ = t.global_index(i64::MAX);
    let _ = t.scale(i64::MAX);
}
