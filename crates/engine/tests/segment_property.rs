//! Property: for any sequence, the segments' shares of any count add up to the count, each share
//! grows monotonically, and the global indexes the segments own are disjoint and cover
//! everything — the guarantee that lets independent instances split a test without overlap.

use engine::segment::{ExecutionTuple, SegmentSequence};

/// A small deterministic generator (xorshift), so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn sequences() -> Vec<String> {
    let mut out: Vec<String> = vec![
        "0,1".into(),
        "0,1/2,1".into(),
        "0,1/3,2/3,1".into(),
        "0,0.2,0.5,0.7,1".into(),
        "0,25%,50%,1".into(),
        "0,1/7,3/7,1".into(),
    ];
    // k6-operator style: 0,1/N,...,1 for N = 1..12.
    for n in 1..=12 {
        let points: Vec<String> = (0..=n)
            .map(|i| {
                if i == 0 {
                    "0".into()
                } else if i == n {
                    "1".into()
                } else {
                    format!("{i}/{n}")
                }
            })
            .collect();
        out.push(points.join(","));
    }
    // Random cuts with denominators up to 24.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..40 {
        let den = 2 + rng.next() % 23;
        let mut cuts: Vec<u64> = (0..(1 + rng.next() % 4)).map(|_| 1 + rng.next() % (den - 1)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut points = vec!["0".to_string()];
        points.extend(cuts.iter().map(|c| format!("{c}/{den}")));
        points.push("1".into());
        out.push(points.join(","));
    }
    out
}

fn tuples(seq: &str) -> Vec<ExecutionTuple> {
    let seq = SegmentSequence::parse(seq).unwrap();
    seq.segments().iter().map(|s| ExecutionTuple::new(Some(s), Some(&seq)).unwrap()).collect()
}

#[test]
fn shares_add_up_and_grow_monotonically() {
    for seq in sequences() {
        let ts = tuples(&seq);
        let mut prev = vec![0i64; ts.len()];
        for v in 0..300 {
            let shares: Vec<i64> = ts.iter().map(|t| t.scale(v)).collect();
            assert_eq!(shares.iter().sum::<i64>(), v, "sequence {seq}, value {v}: {shares:?}");
            for (p, s) in prev.iter().zip(&shares) {
                assert!(s >= p, "sequence {seq}: share shrank at {v}");
            }
            prev = shares;
        }
    }
}

#[test]
fn global_indexes_are_disjoint_and_complete() {
    for seq in sequences() {
        let ts = tuples(&seq);
        let total = 240i64;
        let mut seen = vec![false; total as usize];
        for t in &ts {
            for k in 0..t.scale(total) {
                let g = t.global_index(k);
                assert!((0..total).contains(&g), "sequence {seq}: index {g} out of range");
                assert!(!seen[g as usize], "sequence {seq}: index {g} owned twice");
                seen[g as usize] = true;
            }
        }
        assert!(seen.iter().all(|s| *s), "sequence {seq}: some index owned by nobody");
    }
}

#[test]
fn resegmented_shares_add_up() {
    for seq in sequences() {
        let ts = tuples(&seq);
        for vus in 1..40 {
            for iterations in [vus, vus + 1, 3 * vus + 7, 100] {
                let total: i64 = ts.iter().map(|t| t.resegment(vus).scale(iterations)).sum();
                assert_eq!(total, iterations, "sequence {seq}, vus {vus}, iterations {iterations}");
                for t in &ts {
                    if t.scale(vus) == 0 {
                        assert_eq!(t.resegment(vus).scale(iterations), 0, "no VUs must mean no iterations");
                    }
                }
            }
        }
    }
}
