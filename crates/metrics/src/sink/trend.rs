//! Trend sink: exact up to a bound, then an HDR histogram.
//!
//! While a trend holds at most [`EXACT_SAMPLES_BOUND`] (65 536) samples it keeps every value, and
//! percentiles are k6's exactly: sort, `i = p/100 · (n−1)`, linear interpolation between
//! `v[floor(i)]` and `v[ceil(i)]`. Past the bound all values are folded into HDR histograms
//! (3 significant digits, values scaled by 10^6 so a millisecond trend keeps nanosecond
//! resolution; negative values go to a second histogram of magnitudes) and memory stays flat.
//! From then on a percentile has a relative error of at most 0.1 % (plus 10^-6 absolute),
//! interpolation happens between the two histogram ranks, and the result is clamped to the exact
//! min/max. `count`, `sum`, `avg`, `min` and `max` are always exact.

use hdrhistogram::Histogram;

/// Samples kept exactly before a trend switches to a histogram.
pub const EXACT_SAMPLES_BOUND: usize = 64 * 1024;

/// Histogram units per metric unit (1 ns for millisecond trends).
const SCALE: f64 = 1e6;

/// Both halves of a folded trend.
#[derive(Debug, Clone)]
struct Folded {
    positive: Histogram<u64>,
    negative: Histogram<u64>,
}

impl Folded {
    fn new() -> Option<Self> {
        Some(Self { positive: Histogram::new(3).ok()?, negative: Histogram::new(3).ok()? })
    }

    fn record(&mut self, value: f64) {
        let scaled = (value.abs() * SCALE).round().min((u64::MAX / 4) as f64) as u64;
        let hist = if value < 0.0 { &mut self.negative } else { &mut self.positive };
        // Auto-resizing histograms only refuse values beyond u64 range, excluded above.
        let _ = hist.record(scaled);
    }

    /// The value at 0-based rank `rank` of the combined, ascending distribution.
    fn value_at_rank(&self, rank: u64) -> f64 {
        let neg = self.negative.len();
        if rank < neg {
            let mag_rank = neg - 1 - rank;
            let q = (mag_rank + 1) as f64 / neg as f64;
            let v = self.negative.median_equivalent(self.negative.value_at_quantile(q));
            -(v as f64) / SCALE
        } else {
            let pos = self.positive.len().max(1);
            let q = (rank - neg + 1) as f64 / pos as f64;
            let v = self.positive.median_equivalent(self.positive.value_at_quantile(q));
            v as f64 / SCALE
        }
    }
}

/// The distribution of a Trend's samples.
#[derive(Debug, Clone)]
pub struct TrendSink {
    exact: Vec<f64>,
    sorted: bool,
    folded: Option<Box<Folded>>,
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Default for TrendSink {
    fn default() -> Self {
        Self { exact: Vec::new(), sorted: true, folded: None, count: 0, sum: 0.0, min: 0.0, max: 0.0 }
    }
}

impl TrendSink {
    /// Adds a sample.
    pub fn add(&mut self, value: f64) {
        if self.count == 0 || value < self.min {
            self.min = value;
        }
        if self.count == 0 || value > self.max {
            self.max = value;
        }
        self.count += 1;
        self.sum += value;
        if let Some(folded) = &mut self.folded {
            folded.record(value);
            return;
        }
        self.exact.push(value);
        self.sorted = false;
        if self.exact.len() > EXACT_SAMPLES_BOUND {
            self.fold();
        }
    }

    fn fold(&mut self) {
        if let Some(mut folded) = Folded::new() {
            for v in self.exact.drain(..) {
                folded.record(v);
            }
            self.exact.shrink_to_fit();
            self.folded = Some(Box::new(folded));
        }
    }

    /// True when the sink switched from exact samples to histograms.
    pub fn is_folded(&self) -> bool {
        self.folded.is_some()
    }

    /// Sorts the exact samples now so that later percentile reads need no copy.
    pub fn prepare(&mut self) {
        if !self.sorted {
            self.exact.sort_by(f64::total_cmp);
            self.sorted = true;
        }
    }

    /// True when no sample was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Number of samples.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Sum of all samples.
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// Smallest sample (0 when empty).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Largest sample (0 when empty).
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Mean (0 when empty).
    pub fn avg(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum / self.count as f64 }
    }

    /// The `pct`-th percentile (0–100) with k6's interpolation; 0 when empty.
    pub fn percentile(&self, pct: f64) -> f64 {
        match self.count {
            0 => return 0.0,
            1 => return self.min,
            _ => {}
        }
        let n = self.count;
        let i = (pct / 100.0) * (n - 1) as f64;
        let i = i.clamp(0.0, (n - 1) as f64);
        let lo = i.floor() as u64;
        let hi = i.ceil() as u64;
        let frac = i - i.floor();
        let (a, b) = match &self.folded {
            Some(folded) => (folded.value_at_rank(lo), folded.value_at_rank(hi)),
            None if self.sorted => (self.exact[lo as usize], self.exact[hi as usize]),
            None => {
                let mut copy = self.exact.clone();
                copy.sort_by(f64::total_cmp);
                (copy[lo as usize], copy[hi as usize])
            }
        };
        let v = a + (b - a) * frac;
        v.clamp(self.min, self.max)
    }

    /// A summary stat by k6's name: `avg`, `min`, `med`, `max`, `count`, `sum`, `p(N)`.
    pub fn stat(&self, name: &str) -> Option<f64> {
        match name {
            "avg" => Some(self.avg()),
            "min" => Some(self.min()),
            "max" => Some(self.max()),
            "med" => Some(self.percentile(50.0)),
            "count" => Some(self.count as f64),
            "sum" => Some(self.sum),
            _ => parse_percentile(name).map(|p| self.percentile(p)),
        }
    }
}

/// Parses `p(N)` into N (0–100).
pub(crate) fn parse_percentile(name: &str) -> Option<f64> {
    let inner = name.strip_prefix("p(")?.strip_suffix(')')?;
    let p: f64 = inner.trim().parse().ok()?;
    (0.0..=100.0).contains(&p).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trend(values: &[f64]) -> TrendSink {
        let mut t = TrendSink::default();
        for v in values {
            t.add(*v);
        }
        t
    }

    #[test]
    fn exact_percentiles_interpolate_between_ranks() {
        let t = trend(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!(t.percentile(50.0), 2.5);
        assert!((t.percentile(90.0) - 3.7).abs() < 1e-12);
        assert_eq!(t.percentile(100.0), 4.0);
        assert_eq!(t.percentile(0.0), 1.0);
        assert_eq!(t.stat("med"), Some(2.5));
        assert_eq!(t.stat("avg"), Some(2.5));
        assert_eq!(t.stat("p(99.9)").map(|v| (v * 1000.0).round()), Some(3997.0));
    }

    #[test]
    fn empty_and_single_sample() {
        assert_eq!(trend(&[]).percentile(95.0), 0.0);
        assert_eq!(trend(&[]).stat("min"), Some(0.0));
        assert_eq!(trend(&[7.5]).percentile(95.0), 7.5);
    }

    #[test]
    fn folds_past_the_bound_with_small_relative_error() {
        let n = EXACT_SAMPLES_BOUND as u64 * 3;
        let mut t = TrendSink::default();
        for i in 0..n {
            t.add((i % 1000) as f64 * 0.37 + 0.01);
        }
        assert!(t.is_folded());
        assert_eq!(t.count(), n);
        assert_eq!(t.min(), 0.01);
        let exact_p95 = 0.37 * 949.05 + 0.01;
        let got = t.percentile(95.0);
        assert!((got - exact_p95).abs() / exact_p95 < 2e-3, "{got} vs {exact_p95}");
    }

    #[test]
    fn folded_negative_values_keep_order() {
        let mut t = TrendSink::default();
        let mut all = Vec::new();
        for i in 0..(EXACT_SAMPLES_BOUND as i64 + 10) {
            let v = (i % 200 - 100) as f64;
            t.add(v);
            all.push(v);
        }
        assert!(t.is_folded());
        all.sort_by(f64::total_cmp);
        for p in [1.0, 50.0, 75.0, 99.0] {
            let i = (p / 100.0 * (all.len() - 1) as f64).floor() as usize;
            let (exact, got) = (all[i], t.percentile(p));
            assert!((got - exact).abs() <= exact.abs() * 2e-3 + 1e-6 + 1.0, "p{p}: {got} vs {exact}");
        }
        assert_eq!((t.min(), t.max()), (-100.0, 99.0));
    }

    #[test]
    fn parses_percentile_names() {
        assert_eq!(parse_percentile("p(99.9)"), Some(99.9));
        assert_eq!(parse_percentile("p(x)"), None);
        assert_eq!(parse_percentile("p(101)"), None);
    }
}
