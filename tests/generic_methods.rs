//! Methods of a generic `impl` block: `impl<T: Float> Poly<T> { #[differentiate] fn
//! f(&self, x: T) -> T }`, with the fields as constants or, under `wrt(self, x)`, with
//! the gradient added into `d_self: &mut Poly<T>` (a `#[derive(Differentiable)]`
//! struct generic over its float type). At `f64` against central differences and
//! num-dual (the generic method itself run at `Fd`), at `f32` against the `f64`
//! gradient.
// Index loops over fixed sizes, as numeric code writes them.
#![allow(clippy::needless_range_loop)]

mod common;
#[path = "common/float_dual.rs"]
mod float_dual;

use backprop::{differentiate, Differentiable, Float};
use common::{assert_close_f32, check, check_wrt, RTOL_F32};
use float_dual::Fd;
use num_dual::Dual64;

/// A quadratic `c0 + c1 x + c2 x²`, scaled, and a count that is never differentiated.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Poly<T: Float> {
    pub c: [T; 3],
    pub scale: T,
    pub terms: usize,
}

/// Two layers of weights, a nested generic `Differentiable` struct and a `Vec`.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Stack<T>
where
    T: Float,
{
    pub inner: Poly<T>,
    pub w: Vec<T>,
}

#[differentiate]
impl<T: Float> Poly<T> {
    /// `scale (c0 + c1 x + c2 x²)` by Horner, the fields constants.
    #[differentiate]
    pub fn eval(&self, x: T) -> T {
        let mut acc = T::zero();
        for i in 0..3 {
            acc = acc * x + self.c[2 - i];
        }
        acc * self.scale
    }

    /// `(scale (c0 + c1 x + c2 x²) - y)² + sin x`, with respect to the fields and `x`.
    #[differentiate(wrt(self, x))]
    pub fn loss(&self, x: T, y: T) -> T {
        let mut acc = T::zero();
        for i in 0..3 {
            acc = acc * x + self.c[2 - i];
        }
        (acc * self.scale - y).powi(2) + x.sin()
    }

    /// `scale · x² y + c0 sin y`, with `f_hvp` and `f_hessian` (the fields constants).
    #[differentiate(hessian)]
    pub fn curved(&self, x: T, y: T) -> T {
        self.scale * x * x * y + self.c[0] * y.sin()
    }

    /// Another `wrt(self)` method through `self`: `sqrt(loss + 1)`, its pullback adding
    /// into the same `d_self`.
    #[differentiate(wrt(self, x))]
    pub fn soft_loss(&self, x: T, y: T) -> T {
        (self.loss(x, y) + T::one()).sqrt()
    }

    /// A method with generics of its own: `Σ_i c_i · tanh(x_i)` over the first `N`
    /// coefficients, with respect to the fields and `x`.
    #[differentiate(wrt(self, x))]
    pub fn weigh<const N: usize>(&self, x: &[T; N]) -> T {
        let mut s = T::from(0.5).unwrap() * self.scale;
        for i in 0..N {
            s = s + self.c[i] * x[i].tanh();
        }
        s
    }
}

/// A free generic function of a generic struct parameter: its gradient goes into
/// `d_p: &mut Poly<T>`; `Stack`'s nested struct is read through a path.
#[differentiate]
pub fn fit<T: Float>(p: &Poly<T>, s: &Stack<T>, x: T) -> T {
    let q = p.c[0] + p.c[1] * x + p.c[2] * x * x;
    (q * s.inner.scale - s.w[0]).powi(2) + s.w[1] * p.scale
}

fn poly<T: Float>(p: &[T]) -> Poly<T> {
    Poly {
        c: [p[0], p[1], p[2]],
        scale: p[3],
        terms: 3,
    }
}

fn fd(p: &[Dual64]) -> Vec<Fd> {
    p.iter().map(|&v| Fd(v)).collect()
}

/// Points `[c0, c1, c2, scale, x]`.
fn points() -> Vec<[f64; 5]> {
    vec![
        [0.3, -1.2, 0.7, 1.5, 0.4],
        [-0.8, 0.5, 1.1, 0.6, -1.3],
        [1.2, 0.9, -0.4, -0.7, 2.1],
    ]
}

#[test]
fn constant_fields_at_f64_and_f32() {
    for p in points() {
        let model = poly(&p[..4]);
        let (value, grad) = model.eval_grad(p[4]);
        let x = [p[4]];
        let f = |x: &[f64]| model.eval(x[0]);
        let twin = |x: &[Dual64]| {
            poly(&fd(&[p[0], p[1], p[2], p[3]].map(common::cst)))
                .eval(Fd(x[0]))
                .0
        };
        check("Poly::eval", &x, value, &[grad.x], f, twin);
        let model32 = poly(&p[..4].iter().map(|&v| v as f32).collect::<Vec<_>>());
        let (_, grad32) = model32.eval_grad(p[4] as f32);
        assert_close_f32("Poly::eval f32", grad32.x, grad.x as f32, RTOL_F32);
    }
}

#[test]
fn wrt_self_at_f64_and_f32() {
    let y = 0.25;
    for p in points() {
        let model = poly(&p[..4]);
        let mut d_self = model.zeros_like();
        let (value, grad) = model.loss_grad(p[4], y, &mut d_self);
        let analytic = [d_self.c[0], d_self.c[1], d_self.c[2], d_self.scale, grad.x];
        let f = |q: &[f64]| poly(&q[..4]).loss(q[4], y);
        let twin = |q: &[Dual64]| {
            let q = fd(q);
            poly(&q[..4]).loss(q[4], Fd::new(y, 0.0)).0
        };
        check("Poly::loss", &p, value, &analytic, f, twin);
        assert_eq!(
            d_self.terms, 3,
            "a constant field is copied, not differentiated"
        );

        let p32: Vec<f32> = p.iter().map(|&v| v as f32).collect();
        let model32 = poly(&p32[..4]);
        let mut d32 = model32.zeros_like();
        let (_, grad32) = model32.loss_grad(p32[4], y as f32, &mut d32);
        let analytic32 = [d32.c[0], d32.c[1], d32.c[2], d32.scale, grad32.x];
        for (i, (g32, g64)) in analytic32.iter().zip(analytic).enumerate() {
            assert_close_f32(
                &format!("Poly::loss f32 d/dp{i}"),
                *g32,
                g64 as f32,
                RTOL_F32,
            );
        }
    }
}

#[test]
fn method_generics_of_its_own() {
    for p in points() {
        let model = poly(&p[..4]);
        let x = [p[4], p[0] - p[1]];
        let mut d_self = model.zeros_like();
        let mut d_x = [0.0; 2];
        let (value, _) = model.weigh_grad(&x, &mut d_self, &mut d_x);
        let all = [p[0], p[1], p[2], p[3], x[0], x[1]];
        let analytic = [
            (0, d_self.c[0]),
            (1, d_self.c[1]),
            (2, d_self.c[2]),
            (3, d_self.scale),
            (4, d_x[0]),
            (5, d_x[1]),
        ];
        let f = |q: &[f64]| poly(&q[..4]).weigh(&[q[4], q[5]]);
        let twin = |q: &[Dual64]| {
            let q = fd(q);
            poly(&q[..4]).weigh(&[q[4], q[5]]).0
        };
        check_wrt("Poly::weigh", &all, value, &analytic, f, twin);
    }
}

#[test]
fn derive_on_generic_structs() {
    let p = Poly {
        c: [1.0f32, 2.0, 3.0],
        scale: 4.0,
        terms: 3,
    };
    let mut s = Stack {
        inner: p.clone(),
        w: vec![5.0, 6.0],
    };
    assert_eq!(s.float_count(), 6);
    let mut flat = [0.0f32; 6];
    s.copy_to(&mut flat);
    assert_eq!(flat, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let zeros = s.zeros_like();
    assert_eq!(zeros.w, vec![0.0, 0.0]);
    assert_eq!(zeros.inner.terms, 3);
    let step = s.clone();
    s.add_scaled(-0.5, &step);
    s.copy_to(&mut flat);
    assert_eq!(flat, [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]);
    s.copy_from(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
    assert_eq!(s.inner.c, [1.0; 3]);
    let mut q = Poly {
        c: [Fd::new(1.0, 1.0); 3],
        scale: Fd::new(2.0, 0.0),
        terms: 3,
    };
    let dq = q.zeros_like();
    q.add_scaled(Fd::new(2.0, 0.0), &q.clone());
    assert_eq!(q.c[0].re(), 3.0);
    assert_eq!(dq.scale.re(), 0.0);
}

#[test]
fn hessian_of_a_generic_method() {
    for p in points() {
        let model = poly(&p[..4]);
        let (x, y) = (p[4], p[0] + 0.5);
        let mut h = [0.0; 4];
        let (value, grad) = model.curved_hessian(x, y, &mut h);
        assert_eq!(value, model.curved(x, y));
        let (s, c0) = (p[3], p[0]);
        // d/dx = 2 s x y, d/dy = s x² + c0 cos y.
        let expected_grad = [2.0 * s * x * y, s * x * x + c0 * y.cos()];
        let expected = [2.0 * s * y, 2.0 * s * x, 2.0 * s * x, -c0 * y.sin()];
        common::assert_close("curved d/dx", grad.x, expected_grad[0], 1e-12);
        common::assert_close("curved d/dy", grad.y, expected_grad[1], 1e-12);
        for k in 0..4 {
            common::assert_close(&format!("curved H[{k}]"), h[k], expected[k], 1e-12);
        }
        let mut h32 = [0.0f32; 4];
        let model32 = poly(&p[..4].iter().map(|&v| v as f32).collect::<Vec<_>>());
        let _ = model32.curved_hessian(x as f32, y as f32, &mut h32);
        for k in 0..4 {
            assert_close_f32(&format!("curved f32 H[{k}]"), h32[k], h[k] as f32, RTOL_F32);
        }
    }
}

#[test]
fn generic_struct_parameters() {
    for p in points() {
        let model = poly(&p[..4]);
        let stack = Stack {
            inner: poly(&[p[1], p[2], p[3], p[0]]),
            w: vec![p[2] * 0.5, p[1] - 0.3],
        };
        let (mut d_p, mut d_s) = (model.zeros_like(), stack.zeros_like());
        let (value, grad) = fit_grad(&model, &stack, p[4], &mut d_p, &mut d_s);
        // [c0, c1, c2, scale, inner.scale, w0, w1, x]
        let all = [p[0], p[1], p[2], p[3], p[0], stack.w[0], stack.w[1], p[4]];
        let analytic = [
            d_p.c[0],
            d_p.c[1],
            d_p.c[2],
            d_p.scale,
            d_s.inner.scale,
            d_s.w[0],
            d_s.w[1],
            grad.x,
        ];
        let build = |q: &[f64]| {
            let mut inner = stack.inner.clone();
            inner.scale = q[4];
            (
                poly(&q[..4]),
                Stack {
                    inner,
                    w: vec![q[5], q[6]],
                },
            )
        };
        let f = |q: &[f64]| {
            let (m, s) = build(q);
            fit(&m, &s, q[7])
        };
        let twin = |q: &[Dual64]| {
            let q = fd(q);
            let inner = Poly {
                c: stack.inner.c.map(|v| Fd::new(v, 0.0)),
                scale: q[4],
                terms: 3,
            };
            fit(
                &poly(&q[..4]),
                &Stack {
                    inner,
                    w: vec![q[5], q[6]],
                },
                q[7],
            )
            .0
        };
        check("fit", &all, value, &analytic, f, twin);
        assert_eq!(
            d_s.inner.c, [0.0; 3],
            "fields the function does not read get nothing"
        );
    }
}

#[test]
fn wrt_self_method_calling_another() {
    let y = -0.4;
    for p in points() {
        let model = poly(&p[..4]);
        let mut d_self = model.zeros_like();
        let (value, grad) = model.soft_loss_grad(p[4], y, &mut d_self);
        let analytic = [d_self.c[0], d_self.c[1], d_self.c[2], d_self.scale, grad.x];
        let f = |q: &[f64]| poly(&q[..4]).soft_loss(q[4], y);
        let twin = |q: &[Dual64]| {
            let q = fd(q);
            poly(&q[..4]).soft_loss(q[4], Fd::new(y, 0.0)).0
        };
        check("Poly::soft_loss", &p, value, &analytic, f, twin);
    }
}
