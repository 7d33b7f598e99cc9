/// An entry point returning the value and the gradient.
type Grad = fn(&[f64], &[i32]) -> (f64, Vec<f64>);

/// One generated program: the plain function, the macro's two gradient entry
/// points (`_grad`, and `_forward` + `_backward`), its num-dual twin, the
/// differentiated parameters, and whether finite differences are well conditioned
/// at its points. Every entry point takes the float arguments `p` and the integer
/// ones `k` (a `match` selector `m: i32`, a trip count `n: usize`), in order.
struct Prog {
    f: fn(&[f64], &[i32]) -> f64,
    ad: Grad,
    fb: Grad,
    tw: fn(&[D], &[i32]) -> D,
    wrt: &'static [usize],
    fd: bool,
}

impl Prog {
    fn check(&self, p: &[f64], k: &[i32]) {
        let plain = (self.f)(p, k);
        let twin = (self.tw)(&seeded(p, usize::MAX), k).re();
        assert_close(&format!("value at {p:?} {k:?}"), plain, twin, TOL64);
        for (entry, (v, g)) in [("_grad", (self.ad)(p, k)), ("_backward", (self.fb)(p, k))] {
            assert_close(&format!("{entry} value at {p:?} {k:?}"), v, plain, TOL64);
            assert_eq!(g.len(), self.wrt.len(), "{entry}: one field per wrt param");
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let want = (self.tw)(&seeded(p, i), k).0.eps;
                let what = format!("{entry} d/dp[{i}] at {p:?} {k:?}");
                assert_close(&what, gi, want, TOL64);
            }
        }
        if self.fd {
            let (_, g) = (self.ad)(p, k);
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let h = 1e-6 * p[i].abs().max(1.0);
                let (mut hi, mut lo) = (p.to_vec(), p.to_vec());
                hi[i] += h;
                lo[i] -= h;
                let fd = ((self.f)(&hi, k) - (self.f)(&lo, k)) / (hi[i] - lo[i]);
                let what = format!("finite difference d/dp[{i}] at {p:?} {k:?}");
                assert_close(&what, gi, fd, TOL_FD);
            }
        }
    }
}
