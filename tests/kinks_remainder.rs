//! The derivative conventions of `%`, `rem_euclid` and `copysign`, tested *at* their
//! discontinuities and kinks, where only the documented convention decides:
//! - `a % b` = `a - b trunc(a / b)`: d/da = 1 and d/db = -trunc(a / b), with the
//!   quotient `trunc` gives at the point itself; at a multiple of `b` (the remainder
//!   jumps) that is the quotient of the side where the remainder is 0, so d/db = -a/b;
//! - `a.rem_euclid(b)` = `a - b a.div_euclid(b)`: d/da = 1, d/db = -div_euclid(a, b),
//!   likewise at the point itself;
//! - `a.copysign(b)` = ±|a|: d/da = ±1 by the sign of `b` (its sign bit, so -0.0
//!   counts as negative), and 0 at `a = 0` (the `abs` convention); d/db = 0.

use backprop::differentiate;

#[differentiate]
fn rem(a: f64, b: f64) -> f64 {
    a % b
}

#[differentiate]
fn rem_euclid(a: f64, b: f64) -> f64 {
    a.rem_euclid(b)
}

#[differentiate]
fn copysign(a: f64, b: f64) -> f64 {
    a.copysign(b)
}

/// The points tested below, where each generated value must be the function's.
const POINTS: [(f64, f64); 8] = [
    (6.0, 2.0),
    (-6.0, 2.0),
    (6.0, -2.0),
    (7.0, 2.0),
    (-7.0, 2.0),
    (-7.0, -2.0),
    (7.0, -2.0),
    (0.5, 2.0),
];

#[test]
fn values_are_the_functions() {
    for (a, b) in POINTS {
        assert_eq!(rem_grad(a, b).0.to_bits(), rem(a, b).to_bits());
        assert_eq!(
            rem_euclid_grad(a, b).0.to_bits(),
            rem_euclid(a, b).to_bits()
        );
        assert_eq!(copysign_grad(a, b).0.to_bits(), copysign(a, b).to_bits());
    }
}

#[test]
fn remainder_at_multiples_uses_the_quotient_there() {
    // a = 3 b: the remainder is 0 and trunc(a / b) = 3.
    assert_eq!(rem_grad(6.0, 2.0), (0.0, RemGrad { a: 1.0, b: -3.0 }));
    assert_eq!(rem_grad(-6.0, 2.0), (-0.0, RemGrad { a: 1.0, b: 3.0 }));
    assert_eq!(rem_grad(6.0, -2.0), (0.0, RemGrad { a: 1.0, b: 3.0 }));
    // Between multiples: the quotient of the cell (trunc rounds toward zero).
    assert_eq!(rem_grad(7.0, 2.0), (1.0, RemGrad { a: 1.0, b: -3.0 }));
    assert_eq!(rem_grad(-7.0, 2.0), (-1.0, RemGrad { a: 1.0, b: 3.0 }));
    // |a| < |b|: the remainder is a itself.
    assert_eq!(rem_grad(0.5, 2.0), (0.5, RemGrad { a: 1.0, b: -0.0 }));
}

#[test]
fn euclidean_remainder_at_multiples_uses_the_quotient_there() {
    assert_eq!(
        rem_euclid_grad(6.0, 2.0),
        (0.0, RemEuclidGrad { a: 1.0, b: -3.0 })
    );
    assert_eq!(
        rem_euclid_grad(-6.0, 2.0),
        (0.0, RemEuclidGrad { a: 1.0, b: 3.0 })
    );
    // Negative a: the Euclidean quotient rounds down, so the remainder stays >= 0.
    assert_eq!(
        rem_euclid_grad(-7.0, 2.0),
        (1.0, RemEuclidGrad { a: 1.0, b: 4.0 })
    );
    assert_eq!(
        rem_euclid_grad(-7.0, -2.0),
        (1.0, RemEuclidGrad { a: 1.0, b: -4.0 })
    );
    assert_eq!(
        rem_euclid_grad(7.0, -2.0),
        (1.0, RemEuclidGrad { a: 1.0, b: 3.0 })
    );
}

#[test]
fn copysign_follows_the_sign_bit_and_is_flat_at_zero() {
    assert_eq!(
        copysign_grad(2.0, 5.0),
        (2.0, CopysignGrad { a: 1.0, b: 0.0 })
    );
    assert_eq!(
        copysign_grad(2.0, -5.0),
        (-2.0, CopysignGrad { a: -1.0, b: 0.0 })
    );
    assert_eq!(
        copysign_grad(-2.0, 5.0),
        (2.0, CopysignGrad { a: -1.0, b: 0.0 })
    );
    assert_eq!(
        copysign_grad(-2.0, -5.0),
        (-2.0, CopysignGrad { a: 1.0, b: 0.0 })
    );
    // The sign bit of -0.0 is negative.
    assert_eq!(copysign_grad(2.0, -0.0).1.a, -1.0);
    // At a = 0, |a| has its kink: derivative 0, as for `abs`.
    assert_eq!(copysign_grad(0.0, 5.0).1.a, 0.0);
    assert_eq!(copysign_grad(-0.0, -5.0).1.a, 0.0);
}
