/// One generated f64 program: the plain function, the macro's two gradient entry
/// points (`_grad`, and `_forward` + `_backward` with `d_out = 0.5`, rescaled),
/// its num-dual twin, the differentiated parameters, and whether finite
/// differences are well conditioned at its points.
struct Prog64 {
    f: fn(&[f64]) -> f64,
    ad: fn(&[f64]) -> (f64, Vec<f64>),
    fb: fn(&[f64]) -> (f64, Vec<f64>),
    tw: fn(&[D]) -> D,
    wrt: &'static [usize],
    fd: bool,
}

impl Prog64 {
    fn check(&self, p: &[f64]) {
        let plain = (self.f)(p);
        let twin = (self.tw)(&seeded(p, usize::MAX)).re();
        assert_close(&format!("value at {p:?}"), plain, twin, TOL64);
        for (entry, (v, g)) in [("_grad", (self.ad)(p)), ("_backward", (self.fb)(p))] {
            assert_close(&format!("{entry} value at {p:?}"), v, plain, TOL64);
            assert_eq!(g.len(), self.wrt.len(), "{entry}: one field per wrt param");
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let want = (self.tw)(&seeded(p, i)).0.eps;
                assert_close(&format!("{entry} d/dp[{i}] at {p:?}"), gi, want, TOL64);
            }
        }
        if self.fd {
            let (_, g) = (self.ad)(p);
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let h = 1e-6 * p[i].abs().max(1.0);
                let (mut hi, mut lo) = (p.to_vec(), p.to_vec());
                hi[i] += h;
                lo[i] -= h;
                let fd = ((self.f)(&hi) - (self.f)(&lo)) / (hi[i] - lo[i]);
                assert_close(
                    &format!("finite difference d/dp[{i}] at {p:?}"),
                    gi,
                    fd,
                    TOL_FD,
                );
            }
        }
    }
}

/// One generated f32 program, checked against its twin evaluated in f64 at the
/// same (f32) point.
struct Prog32 {
    f: fn(&[f32]) -> f32,
    ad: fn(&[f32]) -> (f32, Vec<f32>),
    fb: fn(&[f32]) -> (f32, Vec<f32>),
    tw: fn(&[D]) -> D,
    wrt: &'static [usize],
}

impl Prog32 {
    fn check(&self, p: &[f32]) {
        let p64: Vec<f64> = p.iter().map(|&x| f64::from(x)).collect();
        let plain = f64::from((self.f)(p));
        let twin = (self.tw)(&seeded(&p64, usize::MAX)).re();
        assert_close(&format!("value at {p:?}"), plain, twin, TOL32);
        for (entry, (v, g)) in [("_grad", (self.ad)(p)), ("_backward", (self.fb)(p))] {
            assert_close(
                &format!("{entry} value at {p:?}"),
                f64::from(v),
                plain,
                TOL32,
            );
            assert_eq!(g.len(), self.wrt.len(), "{entry}: one field per wrt param");
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let want = (self.tw)(&seeded(&p64, i)).0.eps;
                let what = format!("{entry} d/dp[{i}] at {p:?}");
                assert_close(&what, f64::from(gi), want, TOL32);
            }
        }
    }
}
