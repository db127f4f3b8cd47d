//! Helpers shared by the benchmark programs.

/// A small deterministic pseudo-random sequence (64-bit LCG), so that generated files are the
/// same on every machine without a dependency.
#[derive(Debug)]
pub struct Lcg(u64);

impl Lcg {
    /// A sequence from a seed.
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// The next index below `n` (n > 0).
    pub fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(u64::try_from(n).unwrap_or(u64::MAX))).unwrap_or(0)
    }

    /// The next value below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Swedish digit grouping for a whole number of kronor, as plan files write amounts.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    let first = digits.len() % 3;
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 3 == first {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub mod sie_demo;
