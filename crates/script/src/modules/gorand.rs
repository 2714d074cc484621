//! Go's classic `math/rand` source (`rand.NewSource(seed)`), bit for bit.
//!
//! k6's `randomSeed(n)` reseeds a VU's `Math.random` with `rand.New(rand.NewSource(n)).Float64`,
//! so scripts that seed expect Go's exact sequence (`randomSeed(123); Math.random()` is
//! `0.5813171323049762`). The source is an additive lagged Fibonacci generator
//! (`x[n] = x[n-607] + x[n-273] mod 2^64`) whose state is seeded by the Park-Miller
//! "minimal standard" generator and XORed with a fixed table (`gorand_cooked.rs`).

use super::gorand_cooked::RNG_COOKED;

const RNG_LEN: usize = 607;
const RNG_TAP: usize = 273;
const INT32_MAX: i64 = (1 << 31) - 1;
const RNG_MASK: u64 = (1 << 63) - 1;
/// Go substitutes this seed for 0 (mod 2^31-1), which would otherwise stall Park-Miller.
const ZERO_SEED_REPLACEMENT: i32 = 89_482_311;

/// One step of Park-Miller (`x * 48271 mod (2^31 - 1)`) with Schrage's method, as Go seeds.
pub(crate) fn seedrand(x: i32) -> i32 {
    const A: i32 = 48271;
    const Q: i32 = 44488;
    const R: i32 = 3399;
    let hi = x / Q;
    let lo = x % Q;
    let mut x = A * lo - R * hi;
    if x < 0 {
        x += INT32_MAX as i32;
    }
    x
}

/// Go's `math/rand` generator: `rand.New(rand.NewSource(seed))`.
#[derive(Clone)]
pub struct GoRand {
    tap: usize,
    feed: usize,
    vec: [i64; RNG_LEN],
}

impl std::fmt::Debug for GoRand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoRand").field("tap", &self.tap).field("feed", &self.feed).finish_non_exhaustive()
    }
}

impl GoRand {
    /// A generator seeded like Go's `rand.NewSource(seed)`.
    pub fn new(seed: i64) -> Self {
        let mut rng = GoRand { tap: 0, feed: RNG_LEN - RNG_TAP, vec: [0; RNG_LEN] };
        rng.seed(seed);
        rng
    }

    /// Reseeds in place (Go's `Source.Seed`).
    pub fn seed(&mut self, seed: i64) {
        self.tap = 0;
        self.feed = RNG_LEN - RNG_TAP;
        let mut seed = seed % INT32_MAX;
        if seed < 0 {
            seed += INT32_MAX;
        }
        let mut x = if seed == 0 { ZERO_SEED_REPLACEMENT } else { seed as i32 };
        for i in -20..RNG_LEN as i32 {
            x = seedrand(x);
            if i >= 0 {
                let mut u = i64::from(x) << 40;
                x = seedrand(x);
                u ^= i64::from(x) << 20;
                x = seedrand(x);
                u ^= i64::from(x);
                u ^= RNG_COOKED[i as usize];
                self.vec[i as usize] = u;
            }
        }
    }

    /// The next raw 64-bit value (Go's `Uint64`).
    pub fn uint64(&mut self) -> u64 {
        self.tap = if self.tap == 0 { RNG_LEN - 1 } else { self.tap - 1 };
        self.feed = if self.feed == 0 { RNG_LEN - 1 } else { self.feed - 1 };
        let x = self.vec[self.feed].wrapping_add(self.vec[self.tap]);
        self.vec[self.feed] = x;
        x as u64
    }

    /// A non-negative 63-bit value (Go's `Int63`).
    pub fn int63(&mut self) -> i64 {
        (self.uint64() & RNG_MASK) as i64
    }

    /// A float in `[0, 1)` (Go's `Rand.Float64`: `Int63 / 2^63`, drawn again when it rounds to 1).
    pub fn float64(&mut self) -> f64 {
        loop {
            let f = self.int63() as f64 / (1u64 << 63) as f64;
            if f < 1.0 {
                return f;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_go_known_values() {
        // rand.NewSource(1).Int63() in Go.
        assert_eq!(GoRand::new(1).int63(), 5_577_006_791_947_779_410);
        // k6: randomSeed(123); Math.random()
        assert_eq!(GoRand::new(123).float64(), 0.581_317_132_304_976_2);
    }

    #[test]
    fn same_seed_same_sequence_and_reseed_restarts() {
        let mut a = GoRand::new(42);
        let first: Vec<f64> = (0..5).map(|_| a.float64()).collect();
        a.seed(42);
        let again: Vec<f64> = (0..5).map(|_| a.float64()).collect();
        assert_eq!(first, again);
        assert!(first.iter().all(|f| (0.0..1.0).contains(f)));
        assert_ne!(GoRand::new(43).float64(), first[0]);
    }

    #[test]
    fn zero_and_negative_seeds_are_normalised_like_go() {
        // 0 is replaced by 89482311; a negative seed is taken mod 2^31-1 and made positive.
        assert_eq!(GoRand::new(0).int63(), GoRand::new(89_482_311).int63());
        assert_eq!(GoRand::new(-1).int63(), GoRand::new(INT32_MAX - 1).int63());
        assert_eq!(GoRand::new(INT32_MAX + 5).int63(), GoRand::new(5).int63());
    }

    /// Rebuilds the cooked table from its definition: the generator seeded with 1 (20/10-bit
    /// seeding, no table), advanced 7.8e12 steps. The recurrence is linear, so the jump is
    /// `x^N mod (x^607 - x^334 - 1)` over Z/2^64 instead of 7.8e12 iterations.
    #[test]
    fn cooked_table_matches_jump_ahead() {
        fn reduce(mut p: Vec<u64>) -> Vec<u64> {
            for d in (RNG_LEN..p.len()).rev() {
                let c = std::mem::take(&mut p[d]);
                p[d - RNG_LEN] = p[d - RNG_LEN].wrapping_add(c);
                p[d - RNG_TAP] = p[d - RNG_TAP].wrapping_add(c);
            }
            p.truncate(RNG_LEN);
            p
        }
        fn mul(a: &[u64], b: &[u64]) -> Vec<u64> {
            let mut r = vec![0u64; 2 * RNG_LEN];
            for (i, &x) in a.iter().enumerate().filter(|(_, x)| **x != 0) {
                for (j, &y) in b.iter().enumerate() {
                    r[i + j] = r[i + j].wrapping_add(x.wrapping_mul(y));
                }
            }
            reduce(r)
        }
        let mut start = [0u64; RNG_LEN];
        let mut x = 1i32;
        for i in -20..RNG_LEN as i32 {
            x = seedrand(x);
            if i >= 0 {
                let mut u = i64::from(x) << 20;
                x = seedrand(x);
                u ^= i64::from(x) << 10;
                x = seedrand(x);
                u ^= i64::from(x);
                start[i as usize] = u as u64;
            }
        }
        // Step k writes position (334 - k) mod 607; z[n] for n in [-606, 0] is the initial state.
        let pos = |n: i128| (334 - n).rem_euclid(RNG_LEN as i128) as usize;
        let z0: Vec<u64> = (0..RNG_LEN).map(|k| start[pos(k as i128 - 606)]).collect();
        let steps: u64 = 7_800_000_000_000;
        let (mut acc, mut base, mut e) = (vec![0u64; RNG_LEN], vec![0u64; RNG_LEN], steps);
        acc[0] = 1;
        base[1] = 1;
        while e > 0 {
            if e & 1 == 1 {
                acc = mul(&acc, &base);
            }
            base = mul(&base, &base);
            e >>= 1;
        }
        let mut table = [0i64; RNG_LEN];
        for j in 0..RNG_LEN {
            let value = acc.iter().zip(&z0).fold(0u64, |s, (c, z)| s.wrapping_add(c.wrapping_mul(*z)));
            table[pos(i128::from(steps) + j as i128 - 606)] = value as i64;
            let mut shifted = vec![0u64; RNG_LEN + 1];
            shifted[1..].copy_from_slice(&acc);
            acc = reduce(shifted);
        }
        assert_eq!(table, RNG_COOKED);
    }
}
