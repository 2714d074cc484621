//! Rate sink: how many samples were non-zero out of all samples.

/// Passes (non-zero samples) and total of a Rate.
#[derive(Debug, Clone, Default)]
pub struct RateSink {
    trues: u64,
    total: u64,
}

impl RateSink {
    /// Adds a sample: any non-zero value counts as a pass.
    pub fn add(&mut self, value: f64) {
        self.total += 1;
        if value != 0.0 {
            self.trues += 1;
        }
    }

    /// Adds `passes` passes out of `total` samples at once.
    pub fn add_counts(&mut self, passes: u64, total: u64) {
        self.trues += passes;
        self.total += total;
    }

    /// True when no sample was added.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Non-zero samples.
    pub fn passes(&self) -> u64 {
        self.trues
    }

    /// Zero samples.
    pub fn fails(&self) -> u64 {
        self.total - self.trues
    }

    /// passes / total, 0 when empty.
    pub fn rate(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.trues as f64 / self.total as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_non_zero_as_pass() {
        let mut r = RateSink::default();
        assert_eq!(r.rate(), 0.0);
        for v in [1.0, 0.0, 0.5] {
            r.add(v);
        }
        assert_eq!((r.passes(), r.fails()), (2, 1));
        assert!((r.rate() - 2.0 / 3.0).abs() < 1e-12);
    }
}
