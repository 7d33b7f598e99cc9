//! The expansion of `#[differentiate]` triggers no lint: differentiated functions of
//! several shapes under strict crate-level lints, each generated item used from outside
//! its module (thiserror's `test_lints.rs`, pin-project's `tests/lint`).

#![deny(
    warnings,
    missing_docs,
    missing_debug_implementations,
    unused_qualifications,
    unreachable_pub,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    unused_extern_crates,
    unused_import_braces,
    single_use_lifetimes,
    variant_size_differences,
    rust_2018_idioms
)]

/// Differentiated functions of several shapes.
pub mod shapes {
    use backprop::{differentiate, sigmoid};

    /// Eight inputs: clippy's `too_many_arguments`, allowed here, and so on the
    /// generated functions too (the macro repeats the function's lint attributes).
    #[allow(clippy::too_many_arguments)]
    #[differentiate]
    pub fn wide(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, g: f64, h: f64) -> f64 {
        a * b + c * d + e * f + g * h
    }

    /// The notes' staged example `f = (x + σ(y)) / (σ(x) + (x + y)²)`.
    #[must_use]
    #[allow(clippy::similar_names)] // `sigx`, `sigy`: the notes' names
    #[differentiate]
    pub fn staged(x: f64, y: f64) -> f64 {
        let sigy = sigmoid(y);
        let num = x + sigy;
        let sigx = sigmoid(x);
        let xpy = x + y;
        let xpysqr = xpy.powi(2);
        let den = sigx + xpysqr;
        let invden = 1.0 / den;
        num * invden
    }

    /// A neuron differentiated with respect to its weights only.
    #[must_use]
    #[differentiate(wrt(w0, w1))]
    pub fn neuron(w0: f64, w1: f64, x0: f64, x1: f64) -> f64 {
        sigmoid(w0 * x0 + w1 * x1)
    }

    /// An integer parameter as a constant exponent, and a cast of it.
    #[must_use]
    #[differentiate]
    pub fn power(x: f64, n: i32) -> f64 {
        let scale = f64::from(n);
        x.powi(n) * scale
    }

    /// An `f32` function with shadowing, compound assignment and a float method.
    #[must_use]
    #[differentiate]
    pub fn single(mut x: f32, y: f32) -> f32 {
        x *= y;
        let x = x.tanh() + y.exp();
        x.max(y)
    }

    /// Visible only in the crate.
    #[differentiate]
    pub(crate) fn crate_only(x: f64) -> f64 {
        x.sqrt()
    }

    /// Physics names (`M`, `V`): the gradient's fields are named after them, and the
    /// function's `allow` covers them.
    #[must_use]
    #[allow(non_snake_case)]
    #[differentiate]
    pub fn kinetic(M: f64, V: f64) -> f64 {
        0.5 * M * V * V
    }

    /// `#[expect]` is fulfilled by the function; the generated items repeat it as
    /// `allow`, so no expectation goes unfulfilled.
    #[must_use]
    #[expect(non_snake_case, reason = "the physics names")]
    #[differentiate]
    pub fn potential(M: f64, H: f64) -> f64 {
        9.81 * M * H
    }

    /// Constant data matched on: a fieldless variant and fields read as constants.
    #[derive(Debug, Clone, Copy)]
    pub enum Shape {
        /// `x`
        Line,
        /// `k x^2`
        Parabola(f64),
        /// `scale x^power`
        Power {
            /// the factor
            scale: f64,
            /// the exponent
            power: i32,
        },
    }

    /// `match` on an enum parameter and on an integer (binding names), a `bool` local
    /// from a comparison, a table lookup at a computed index, `%`, a round trip
    /// through `f32`, a labeled block, a block statement, a `return` inside a `let`'s
    /// block and a `loop` left by `break` with a value.
    #[must_use]
    #[differentiate]
    pub fn shaped(x: f64, shape: Shape, n: u8) -> f64 {
        const TABLE: [f64; 4] = [1.0, 2.0, 4.0, 8.0];
        let base = match shape {
            Shape::Line => x,
            Shape::Parabola(k) => k * x * x,
            Shape::Power { scale, power } => scale * x.powi(power),
        };
        let scaled = match n {
            0 => base,
            k @ 1..=3 => base * f64::from(k),
            k => base + f64::from(k),
        };
        let positive = scaled > 0.0;
        let index = (x.abs().min(3.0)) as usize;
        let mut total = scaled * TABLE[index] + x % 1.5;
        {
            let rounded = ((total * 0.5) as f32) as f64;
            total += rounded;
        }
        let capped = 'cap: {
            if !positive {
                break 'cap total;
            }
            total.min(100.0)
        };
        let inverse = {
            if capped == 0.0 {
                return 0.0;
            }
            1.0 / capped
        };
        let mut s = inverse;
        let settled = loop {
            s *= 0.5;
            if s.abs() < 0.01 {
                break s + x;
            }
        };
        settled + capped
    }

    /// An unread parameter (`_`), and one value in a tuple.
    #[must_use]
    #[differentiate]
    pub fn unread(x: f64, _: f64) -> (f64,) {
        (x * x,)
    }

    /// Deprecated: the generated functions are too, and do not warn about each other.
    #[must_use]
    #[deprecated(note = "use `kinetic`")]
    #[differentiate]
    pub fn old_energy(x: f64) -> f64 {
        x * x
    }
}

/// Functions generic over their float type.
pub mod generic {
    use backprop::{differentiate, Float};
    use num_traits::FromPrimitive;
    use std::iter::Sum;

    /// A slice, iterator chains, constants through `T::from_f64(..).unwrap()`.
    #[must_use]
    #[differentiate(jvp)]
    pub fn rosenbrock<T: Float + FromPrimitive + Sum>(param: &[T]) -> T {
        param
            .iter()
            .zip(param.iter().skip(1))
            .map(|(&xi, &xi1)| {
                (T::from_f64(1.0).unwrap() - xi).powi(2)
                    + T::from_f64(100.0).unwrap() * (xi1 - xi.powi(2)).powi(2)
            })
            .sum()
    }

    /// An array by value of a const generic length, a `where` clause, a gate.
    #[must_use]
    #[differentiate]
    pub fn squashed<T, const N: usize>(x: [T; N]) -> T
    where
        T: Float,
    {
        let mut s = T::zero();
        for v in x {
            s = s + backprop::sigmoid(v) * T::from(0.5).unwrap();
        }
        s
    }
}

#[test]
#[allow(clippy::float_cmp)] // the generated code must reproduce the values exactly
fn generic_items_are_usable() {
    let x = [0.5, 1.5, -0.3];
    let mut d_x = [0.0; 3];
    let (value, grad): (f64, generic::RosenbrockGrad<f64>) = generic::rosenbrock_grad(&x, &mut d_x);
    assert_eq!(value, generic::rosenbrock(&x));
    assert_eq!(grad, generic::RosenbrockGrad::default());
    let (_, tangent) = generic::rosenbrock_jvp(&x, &[1.0, 0.0, 0.0]);
    assert_eq!(tangent, d_x[0]);
    let (value, grad) = generic::squashed_grad([0.5f32, -1.0]);
    assert_eq!(value, generic::squashed([0.5, -1.0]));
    assert!(grad.x[0] > 0.0 && format!("{grad:?}").contains('x'));
}

use shapes::{
    crate_only_grad, neuron_backward, neuron_forward, neuron_grad, power_grad, single_grad,
    staged_backward, staged_forward, staged_grad, NeuronGrad, StagedCache, StagedGrad,
};

#[test]
#[allow(clippy::float_cmp)] // the generated code must reproduce the values exactly
fn generated_items_are_usable() {
    let (value, grad): (f64, StagedGrad) = staged_grad(3.0, -4.0);
    assert_eq!(value, shapes::staged(3.0, -4.0));
    let (forward_value, cache): (f64, StagedCache) = staged_forward(3.0, -4.0);
    assert_eq!(forward_value, value);
    assert_eq!(staged_backward(&cache.clone(), 1.0), grad);
    assert!(!format!("{cache:?}{grad:?}").is_empty());

    let (value, grad) = neuron_grad(2.0, -3.0, -1.0, -2.0);
    let (_, cache) = neuron_forward(2.0, -3.0, -1.0, -2.0);
    assert_eq!(neuron_backward(&cache, 2.0).w0, 2.0 * grad.w0);
    assert_eq!(NeuronGrad::default(), NeuronGrad { w0: 0.0, w1: 0.0 });
    assert!(value > 0.5);

    let (value, grad) = power_grad(2.0, 3);
    assert_eq!((value, grad.x), (24.0, 36.0));

    let (value, grad) = single_grad(1.0, 2.0);
    assert!(value > 0.0 && grad.x.is_finite() && grad.y.is_finite());

    assert_eq!(
        crate_only_grad(4.0),
        (2.0, shapes::CrateOnlyGrad { x: 0.25 })
    );
    assert_eq!(shapes::crate_only(4.0), 2.0);

    let (value, grad) = shapes::kinetic_grad(2.0, 3.0);
    assert_eq!((value, grad.M, grad.V), (9.0, 4.5, 6.0));
    let (value, grad) = shapes::potential_grad(2.0, 1.0);
    assert_eq!((value, grad.M, grad.H), (19.62, 9.81, 19.62));
    #[allow(deprecated)]
    let (value, grad) = shapes::old_energy_grad(3.0);
    assert_eq!((value, grad.x), (9.0, 6.0));

    for shape in [
        shapes::Shape::Line,
        shapes::Shape::Parabola(2.0),
        shapes::Shape::Power {
            scale: 0.5,
            power: 3,
        },
    ] {
        for n in [0, 2, 7] {
            let (value, grad) = shapes::shaped_grad(1.25, shape, n);
            assert_eq!(value, shapes::shaped(1.25, shape, n));
            assert!(grad.x.is_finite());
        }
    }
    let ((value,), rows) = shapes::unread_jacobian(3.0, 1.0);
    assert_eq!((value, rows[0].x), (9.0, 6.0));

    let (value, grad) = shapes::wide_grad(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
    assert_eq!(value, shapes::wide(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0));
    assert_eq!((grad.a, grad.h), (2.0, 7.0));
}

/// Iterator chains and closures, desugared into loops before differentiation, under the
/// same crate-level lints.
pub mod chains {
    use backprop::differentiate;

    /// A chain over a slice and an array, with a closure.
    #[differentiate]
    pub fn smooth(x: &[f64], w: [f64; 3]) -> f64 {
        let sq = |v: f64| v * v;
        let fit = x.iter().zip(w.iter()).map(|(a, b)| sq(a - b)).sum::<f64>();
        let rough = x.windows(2).map(|p| sq(p[1] - p[0])).sum::<f64>();
        let peak = w.iter().copied().max_by(|a, b| a.total_cmp(b)).unwrap();
        fit + rough + peak
    }
}

#[test]
fn chains_are_usable() {
    let mut d_x = [0.0; 3];
    let (value, grad) = chains::smooth_grad(&[1.0, 2.0, 4.0], [0.0, 1.0, 2.0], &mut d_x);
    assert_eq!(value, chains::smooth(&[1.0, 2.0, 4.0], [0.0, 1.0, 2.0]));
    assert_eq!(value, 6.0 + 5.0 + 2.0);
    assert_eq!(d_x, [0.0, 0.0, 8.0]);
    assert_eq!(grad.w, [-2.0, -2.0, -3.0]);
}

/// Pictures of the circuit (`circuit`), under the same crate-level lints: a loop over an
/// array, a branch, a parameter the value does not read, a slice.
pub mod pictures {
    use backprop::differentiate;

    /// Horner's rule, clamped below; `unread` is differentiated but never read.
    #[differentiate(circuit)]
    pub fn horner(c: [f64; 3], x: f64, unread: f64) -> f64 {
        let _ = unread;
        let mut acc = 0.0;
        for k in c {
            acc = acc * x + k;
        }
        if acc > 0.0 {
            acc
        } else {
            0.1 * acc
        }
    }

    /// A weighted sum over a slice, only `w` differentiated.
    #[differentiate(wrt(w), circuit)]
    pub fn weighted(w: &[f64], x: &[f64]) -> f64 {
        w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>().tanh()
    }
}

#[test]
fn circuits_are_usable() {
    let circuit = pictures::horner_circuit([1.0, -2.0, 0.5], 1.5, 7.0);
    let (value, grad) = pictures::horner_grad([1.0, -2.0, 0.5], 1.5, 7.0);
    assert_eq!(circuit.value(), Some(value));
    assert_eq!(circuit.gradient("x"), Some(grad.x));
    assert_eq!(circuit.gradient("unread"), Some(0.0));
    assert!(circuit.to_svg().contains("horner"));
    let circuit = pictures::weighted_circuit(&[0.5, -1.0], &[2.0, 0.25]);
    assert_eq!(
        circuit.value(),
        Some(pictures::weighted(&[0.5, -1.0], &[2.0, 0.25]))
    );
    assert_eq!(circuit.input_nodes().count(), 2);
}

/// Second order under the same lints: a loop, a branch, a slice and a call.
pub mod second_order {
    use backprop::differentiate;

    /// One unit, called below.
    #[differentiate(hessian)]
    pub fn unit(w: f64, x: f64) -> f64 {
        (w * x).tanh()
    }

    /// A loop over a slice with a branch and a call.
    #[differentiate(hessian, wrt(w))]
    pub fn fitted(w: &[f64], scale: f64) -> f64 {
        let mut total = 0.0;
        for &wi in w {
            let term = if wi > 0.0 { wi * wi } else { unit(wi, scale) };
            total += term;
        }
        total
    }
}

#[test]
fn second_order_items_are_usable() {
    let (w, v) = ([0.5, -1.0], [1.0, 0.0]);
    let (mut d_w, mut hv) = ([0.0; 2], [0.0; 2]);
    let (value, _) = second_order::fitted_hvp(&w, 2.0, &mut d_w, &v, &mut hv);
    assert!((value - second_order::fitted(&w, 2.0)).abs() < 1e-12);
    assert!((hv[0] - 2.0).abs() < 1e-12 && hv[1].abs() < 1e-12);
    let mut h = [0.0; 4];
    let _ = second_order::fitted_hessian(&w, 2.0, &mut [0.0; 2], &mut h);
    assert!((h[0] - 2.0).abs() < 1e-12 && h[1] == 0.0 && h[2] == 0.0);
    let (_, grad) = second_order::unit_hessian(0.3, 2.0, &mut h);
    assert!(grad.w.is_finite());
}
