//! Intervals: every generated value carries one that holds all its values, so an
//! operation whose argument could leave its domain gets the argument wrapped first.

#[derive(Clone, Copy, Debug, Default)]
pub struct Iv {
    pub lo: f64,
    pub hi: f64,
}

impl Iv {
    pub fn new(a: f64, b: f64) -> Iv {
        Iv { lo: a.min(b), hi: a.max(b) }
    }
    pub fn pt(v: f64) -> Iv {
        Iv { lo: v, hi: v }
    }
    pub fn mag(self) -> f64 {
        self.lo.abs().max(self.hi.abs())
    }
    pub fn min_abs(self) -> f64 {
        if self.lo <= 0.0 && self.hi >= 0.0 {
            0.0
        } else {
            self.lo.abs().min(self.hi.abs())
        }
    }
    /// The image under a monotone `f`.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Iv {
        Iv::new(f(self.lo), f(self.hi))
    }
    pub fn plus(self, o: Iv) -> Iv {
        Iv::new(self.lo + o.lo, self.hi + o.hi)
    }
    pub fn minus(self, o: Iv) -> Iv {
        Iv::new(self.lo - o.hi, self.hi - o.lo)
    }
    pub fn times(self, o: Iv) -> Iv {
        let p = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi];
        Iv::new(fold_min(&p), fold_max(&p))
    }
    /// `o` must not contain 0.
    pub fn over(self, o: Iv) -> Iv {
        self.times(Iv::new(1.0 / o.lo, 1.0 / o.hi))
    }
    pub fn negate(self) -> Iv {
        Iv::new(-self.hi, -self.lo)
    }
    pub fn join(self, o: Iv) -> Iv {
        Iv::new(self.lo.min(o.lo), self.hi.max(o.hi))
    }
    pub fn away_from_zero(self, m: f64) -> bool {
        self.lo >= m || self.hi <= -m
    }
}

pub fn fold_min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

pub fn fold_max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The smallest interval holding all of `ivs`.
pub fn hull(ivs: &[Iv]) -> Iv {
    ivs.iter().fold(ivs[0], |a, b| a.join(*b))
}
