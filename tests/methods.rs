//! `#[differentiate]` on methods: fields are constants, the generated functions are
//! methods, and associated functions call each other through `Self::`.
use backprop::differentiate;

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// A one-feature model with fixed scales.
struct Model {
    scale: f64,
    offset: f64,
}

#[differentiate]
impl Model {
    /// `scale tanh(w x) + offset`
    #[differentiate]
    fn predict(&self, w: f64, x: f64) -> f64 {
        self.scale * (w * x).tanh() + self.offset
    }

    /// `(predict - target)²` summed over two samples, calling an associated function.
    #[differentiate(wrt(w))]
    pub fn loss(&self, w: f64, target: f64) -> f64 {
        let a = Self::squash(w * self.scale);
        let mut total = 0.0;
        for i in 0..2 {
            let p = self.scale * (w * (i as f64 + 0.5)).tanh() + self.offset + a;
            total += (p - target).powi(2);
        }
        total
    }

    /// An associated function (no `self`).
    #[differentiate]
    fn squash(z: f64) -> f64 {
        z / (1.0 + z * z).sqrt()
    }

    /// Not differentiated: left alone.
    fn describe(&self) -> String {
        format!("{} tanh(w x) + {}", self.scale, self.offset)
    }
}

#[test]
fn methods_and_fields() {
    let model = Model {
        scale: 1.5,
        offset: -0.2,
    };
    assert!(model.describe().contains("tanh"));
    for (w, x) in [(0.4, 1.1), (-0.8, 0.3), (1.2, -0.7)] {
        let (v, g) = model.predict_grad(w, x);
        assert_eq!(v, model.predict(w, x));
        let twin = |p: &[Dual64]| (p[0] * p[1]).tanh() * 1.5 - 0.2;
        check(
            "predict",
            &[w, x],
            v,
            &[g.w, g.x],
            |p| model.predict(p[0], p[1]),
            twin,
        );
        let (v, cache) = model.predict_forward(w, x);
        let g2: ModelPredictGrad = model.predict_backward(&cache, 2.0);
        assert!((g2.w - 2.0 * g.w).abs() < 1e-12 && v == model.predict(w, x));
    }
}

#[test]
fn associated_functions_and_self_calls() {
    let model = Model {
        scale: 0.7,
        offset: 0.1,
    };
    for w in [0.3, -1.4, 2.2] {
        let (v, g) = model.loss_grad(w, 0.4);
        assert_eq!(v, model.loss(w, 0.4));
        let twin = |p: &[Dual64]| {
            let z = p[0] * 0.7;
            let a = z / (z * z + 1.0).sqrt();
            let mut total = Dual64::from(0.0);
            for i in 0..2 {
                let q = (p[0] * (i as f64 + 0.5)).tanh() * 0.7 + 0.1 + a;
                total += (q - 0.4).powi(2);
            }
            total
        };
        check("loss", &[w], v, &[g.w], |p| model.loss(p[0], 0.4), twin);
        let (v, g) = Model::squash_grad(w);
        assert_eq!(v, Model::squash(w));
        assert!((g.z - (1.0 + w * w).powf(-1.5)).abs() < 1e-12);
    }
    assert_eq!(Model::LOSS_WRT, [true, false]);
}
