//! The striping algorithm against the reference output of spec §9 (the Python re-statement of
//! k6's algorithm, whose numbers match real k6 runs over thirds): VU shares per executor,
//! re-segmented iteration numbers, and global VU ids.

use engine::segment::{ExecutionSegment, ExecutionTuple, SegmentSequence};

fn fmt_list(v: &[i64]) -> String {
    format!("[{}]", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "))
}

fn tuple(seq: &SegmentSequence, idx: usize) -> ExecutionTuple {
    let seg = seq.segments()[idx];
    ExecutionTuple::new(Some(&seg), Some(seq)).unwrap()
}

fn indices(t: &ExecutionTuple, n: i64) -> Vec<i64> {
    (0..n).map(|k| t.global_index(k)).collect()
}

/// Offsets as the reference prints them: first slot, gaps between slots, wrap-around gap.
fn offsets(t: &ExecutionTuple) -> Vec<i64> {
    let lcd = t.striping().lcd();
    let w = t.scale(lcd);
    let mut out = vec![t.global_index(0)];
    for k in 1..=w {
        out.push(t.global_index(k) - t.global_index(k - 1));
    }
    out
}

#[test]
fn thirds_match_reference_output() {
    let expected = include_str!("fixtures/segment_reference.output.txt");
    let seq = SegmentSequence::parse("0,1/3,2/3,1").unwrap();
    let mut lines = Vec::new();
    let all: Vec<String> = (0..3).map(|i| fmt_list(&offsets(&tuple(&seq, i)))).collect();
    lines.push(format!("lcd {} offsets [{}]", tuple(&seq, 0).striping().lcd(), all.join(", ")));
    for idx in 0..3 {
        let t = tuple(&seq, idx);
        let vus_si = t.scale(3);
        let si = t.resegment(3);
        let iters = si.scale(10);
        let car = t.resegment(5);
        let vu_ids: Vec<i64> = indices(&t, 6).iter().map(|i| i + 1).collect();
        lines.push(format!(
            "seg{idx}: si vus={vus_si} iters={iters} | pvi vus={} | rv max={} | car maxVUs={} car iteration idx={} | vu global ids={} | si itTest={}",
            t.scale(5),
            t.scale(7),
            t.scale(5),
            fmt_list(&indices(&car, 6)),
            fmt_list(&vu_ids),
            fmt_list(&indices(&si, iters)),
        ));
    }
    assert_eq!(lines.join("\n"), expected.trim_end());
}

#[test]
fn arrival_rate_share_follows_max_vus() {
    // 10/s with maxVUs 5 over thirds: new segments 2/5, 2/5, 1/5 -> 4, 4 and 2 iterations/s.
    let seq = SegmentSequence::parse("0,1/3,2/3,1").unwrap();
    let rates: Vec<f64> = (0..3).map(|i| 10.0 * tuple(&seq, i).resegment(5).share().to_f64()).collect();
    assert_eq!(rates, vec![4.0, 4.0, 2.0]);
}

#[test]
fn segment_without_sequence_fills_the_gaps() {
    let seg = ExecutionSegment::parse("1/3:2/3").unwrap();
    let t = ExecutionTuple::new(Some(&seg), None).unwrap();
    assert_eq!(t.striping().segments().len(), 3);
    assert_eq!(t.index(), Some(1));
    assert_eq!(t.scale(3), 1);
    assert_eq!(t.global_index(0), 1);
}

#[test]
fn full_segment_scales_to_identity() {
    let t = ExecutionTuple::full();
    for v in 0..50 {
        assert_eq!(t.scale(v), v);
        assert_eq!(t.global_index(v), v);
    }
}
