//! Grouped gates over arrays: `dot`, `logsumexp`, `softmax_cross_entropy`, each one
//! gate with a compact gradient, and the helpers generated backward passes call to
//! add those gradients into an array's adjoint.

use crate::Real;

/// `Σ_i a_i b_i`. Local gradients: `b` for `a`, `a` for `b`.
#[inline]
pub fn dot<F: Real, const N: usize>(a: [F; N], b: [F; N]) -> F {
    let mut total = F::zero();
    for i in 0..N {
        total = total + a[i] * b[i];
    }
    total
}

/// `ln Σ_i e^{x_i}`, computed stably (shifted by the maximum). Local gradient: the
/// softmax of `x`, `e^{x_i - out}`, from the cached output.
///
/// For an empty array the result is `-inf`.
#[inline]
pub fn logsumexp<F: Real, const N: usize>(x: [F; N]) -> F {
    let Some(mut top) = x.first().copied() else {
        return -F::one() / F::zero();
    };
    for &v in &x {
        if v > top {
            top = v;
        }
    }
    let mut total = F::zero();
    for &v in &x {
        total = total + (v - top).exp();
    }
    top + total.ln()
}

/// The cross-entropy of the softmax of `logits` against class `label`:
/// `logsumexp(logits) - logits[label]`. Local gradient: `softmax(logits) - onehot(label)`.
///
/// # Panics
/// If `label >= N`.
#[inline]
pub fn softmax_cross_entropy<F: Real, const N: usize>(logits: [F; N], label: usize) -> F {
    logsumexp(logits) - logits[label]
}

/// `d += g · v`, elementwise: the pullback of [`dot`] into one argument.
#[inline]
pub fn add_scaled<F: Real, const N: usize>(d: &mut [F; N], g: F, v: &[F; N]) {
    for i in 0..N {
        d[i] = d[i] + g * v[i];
    }
}

/// `g · v`, elementwise: the pullback of [`dot`] into an argument with no other
/// contribution (written directly, not added to zeros).
#[inline]
pub fn scaled<F: Real, const N: usize>(g: F, v: &[F; N]) -> [F; N] {
    let mut d = *v;
    for value in &mut d {
        *value = g * *value;
    }
    d
}

/// `d += g · softmax(x)`, with `softmax(x)_i = e^{x_i - lse}` and `lse` the cached
/// [`logsumexp`]: the pullback of `logsumexp`.
#[inline]
pub fn add_softmax<F: Real, const N: usize>(d: &mut [F; N], g: F, x: &[F; N], lse: F) {
    for i in 0..N {
        d[i] = d[i] + g * (x[i] - lse).exp();
    }
}

/// `d += g · (softmax(logits) - onehot(label))`: the pullback of
/// [`softmax_cross_entropy`], whose output is `lse - logits[label]`.
#[inline]
pub fn add_softmax_cross_entropy<F: Real, const N: usize>(
    d: &mut [F; N],
    g: F,
    logits: &[F; N],
    label: usize,
    out: F,
) {
    let lse = out + logits[label];
    add_softmax(d, g, logits, lse);
    d[label] = d[label] - g;
}

/// `Σ softmax(x)_i · t_i`, with `lse` the cached [`logsumexp`]: the tangent of
/// `logsumexp` along `t` (forward mode).
#[inline]
pub fn softmax_dot<F: Real, const N: usize>(x: &[F; N], lse: F, t: &[F; N]) -> F {
    let mut sum = F::zero();
    for i in 0..N {
        sum = sum + (x[i] - lse).exp() * t[i];
    }
    sum
}

/// `Σ (softmax(logits) - onehot(label))_i · t_i`: the tangent of
/// [`softmax_cross_entropy`] along `t`, whose output `out` is `lse - logits[label]`.
#[inline]
pub fn softmax_cross_entropy_dot<F: Real, const N: usize>(
    logits: &[F; N],
    label: usize,
    out: F,
    t: &[F; N],
) -> F {
    softmax_dot(logits, out + logits[label], t) - t[label]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_right() {
        assert_eq!(dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]), 32.0);
        let x = [1000.0_f64, 1000.0];
        assert!((logsumexp(x) - (1000.0 + 2f64.ln())).abs() < 1e-9);
        assert!(
            (logsumexp([0.1_f64, -0.4, 2.0]) - (0.1f64.exp() + (-0.4f64).exp() + 2f64.exp()).ln())
                .abs()
                < 1e-12
        );
        let ce = softmax_cross_entropy([2.0_f64, 1.0, 0.1], 0);
        assert!((ce - (logsumexp([2.0, 1.0, 0.1]) - 2.0)).abs() < 1e-15);
        let mut d = [0.0; 3];
        add_softmax_cross_entropy(&mut d, 1.0, &[2.0, 1.0, 0.1], 0, ce);
        assert!(
            d.iter().sum::<f64>().abs() < 1e-12,
            "softmax minus one-hot sums to 0"
        );
        assert!(d[0] < 0.0 && d[1] > 0.0 && d[2] > 0.0);
    }
}
