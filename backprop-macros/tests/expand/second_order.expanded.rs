use backprop::differentiate;
/// Rosenbrock over an array: a loop, so `f_hvp` saves what its sweep reads per iteration.
pub fn rosenbrock(x: [f64; 3]) -> f64 {
    let mut sum = 0.0;
    for i in 0..2 {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        sum += 100.0 * a * a + b * b;
    }
    sum
}
/// Intermediates of [`rosenbrock`] saved by [`rosenbrock_forward`] for [`rosenbrock_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct RosenbrockCache {
    /// The parameter `x`.
    pub x: [f64; 3],
}
/// Gradient of [`rosenbrock`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct RosenbrockGrad {
    /// `∂rosenbrock/∂x`
    pub x: [f64; 3],
}
impl ::core::default::Default for RosenbrockGrad {
    fn default() -> Self {
        RosenbrockGrad {
            x: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`rosenbrock`]: its value, and the [`RosenbrockCache`] that [`rosenbrock_backward`] needs.
#[inline]
#[must_use]
pub fn rosenbrock_forward(x: [f64; 3]) -> (f64, RosenbrockCache) {
    let mut sum = 0.0;
    for i in 0..2 {
        let i_plus_one: usize = i + 1;
        let x_i_plus_one = x[i_plus_one];
        let x_i = x[i];
        let a = x_i_plus_one - x_i * x_i;
        let b = 1.0 - x_i;
        sum += 100.0 * a * a + b * b;
    }
    (sum, RosenbrockCache { x })
}
/// Backward pass of [`rosenbrock`]: the gradient of `d_out * rosenbrock` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn rosenbrock_backward(cache: &RosenbrockCache, d_out: f64) -> RosenbrockGrad {
    let RosenbrockCache { x } = *cache;
    let mut d_x: [f64; 3] = ::backprop::__private::Zero::zero();
    for i in (0..2).rev() {
        let i_plus_one: usize = i + 1;
        let x_i_plus_one = x[i_plus_one];
        let x_i = x[i];
        let a = x_i_plus_one - x_i * x_i;
        let b = 1.0 - x_i;
        let sum_t1 = 100.0 * a;
        let d_b = 2.0 * b * d_out;
        let d_sum_t1 = a * d_out;
        let mut d_a = sum_t1 * d_out;
        d_a += 100.0 * d_sum_t1;
        let mut d_x_i = -d_b;
        d_x_i += 2.0 * x_i * -d_a;
        d_x[i] += d_x_i;
        d_x[i_plus_one] += d_a;
    }
    RosenbrockGrad { x: d_x }
}
/// Value and gradient of [`rosenbrock`] in one call (`d_out = 1`): the statements of
/// [`rosenbrock_forward`] and then of [`rosenbrock_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
pub fn rosenbrock_grad(x: [f64; 3]) -> (f64, RosenbrockGrad) {
    let mut sum = 0.0;
    let d_out: f64 = 1.0;
    let mut d_x: [f64; 3] = ::backprop::__private::Zero::zero();
    for i in 0..2 {
        let i_plus_one: usize = i + 1;
        let x_i_plus_one = x[i_plus_one];
        let x_i = x[i];
        let a = x_i_plus_one - x_i * x_i;
        let b = 1.0 - x_i;
        let sum_t1 = 100.0 * a;
        sum += sum_t1 * a + b * b;
        let d_b = 2.0 * b * d_out;
        let d_sum_t1 = a * d_out;
        let mut d_a = sum_t1 * d_out;
        d_a += 100.0 * d_sum_t1;
        let mut d_x_i = -d_b;
        d_x_i += 2.0 * x_i * -d_a;
        d_x[i] += d_x_i;
        d_x[i_plus_one] += d_a;
    }
    (sum, RosenbrockGrad { x: d_x })
}
/// [`rosenbrock_backward`] as a tuple with one entry per parameter of [`rosenbrock`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `rosenbrock` uses.
#[inline]
#[must_use]
pub fn rosenbrock_pullback(cache: &RosenbrockCache, d_out: f64) -> ([f64; 3],) {
    let grad = rosenbrock_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`rosenbrock`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const ROSENBROCK_WRT: [bool; 1] = [true];
/// Value, gradient and Hessian-vector product of [`rosenbrock`]: [`rosenbrock_grad`] with `H v` added into `hv`.
///
/// `v` and `hv` are flat over the differentiated floats in parameter order (a float is one entry, an array its elements row-major, a slice its elements). Forward-over-reverse: the tangent along `v` of the backward pass.
#[inline]
#[allow(clippy::too_many_arguments)]
#[allow(unused_mut, unused_variables, unused_assignments, clippy::needless_late_init)]
pub fn rosenbrock_hvp(x: [f64; 3], v: &[f64], hv: &mut [f64]) -> (f64, RosenbrockGrad) {
    ::core::assert!(
        v.len() == 3 && hv.len() == 3,
        "`v` and `hv` must have one entry per differentiated float"
    );
    let t_x: [f64; 3] = ::core::array::from_fn(|k| v[k]);
    let mut i_saved = [::core::default::Default::default(); 2];
    let mut i_plus_one_saved = [::core::default::Default::default(); 2];
    let mut x_i_saved = [::core::default::Default::default(); 2];
    let mut a_saved = [::core::default::Default::default(); 2];
    let mut b_saved = [::core::default::Default::default(); 2];
    let mut sum_t1_saved = [::core::default::Default::default(); 2];
    let mut runs = 0_usize;
    let sum = 0.0;
    let mut sum_1 = sum;
    let mut t_sum_1 = 0.0;
    let mut trips_1 = 0_usize;
    for i in 0..2 {
        trips_1 += 1;
        let run = runs;
        runs += 1;
        i_saved[run] = i;
        let sum_2 = sum_1;
        let t_sum_2 = t_sum_1;
        let i_plus_one: usize = i + 1;
        i_plus_one_saved[run] = i_plus_one;
        let x_i_plus_one = x[i_plus_one];
        let t_x_i_plus_one = t_x[i_plus_one];
        let x_i = x[i];
        let t_x_i = t_x[i];
        x_i_saved[run] = (x_i, t_x_i);
        let x_i_times_x_i = x_i * x_i;
        let t_x_i_times_x_i = 2.0 * x_i * t_x_i;
        let a = x_i_plus_one - x_i_times_x_i;
        let t_a = t_x_i_plus_one - t_x_i_times_x_i;
        a_saved[run] = (a, t_a);
        let b = 1.0 - x_i;
        let t_b = -t_x_i;
        b_saved[run] = (b, t_b);
        let sum_t1 = 100.0 * a;
        let t_sum_t1 = 100.0 * t_a;
        sum_t1_saved[run] = (sum_t1, t_sum_t1);
        let sum_t1_times_a = sum_t1 * a;
        let t_sum_t1_times_a = a * t_sum_t1 + sum_t1 * t_a;
        let b_times_b = b * b;
        let t_b_times_b = 2.0 * b * t_b;
        let sum_t2 = sum_t1_times_a + b_times_b;
        let t_sum_t2 = t_sum_t1_times_a + t_b_times_b;
        let sum_3 = sum_2 + sum_t2;
        let t_sum_3 = t_sum_2 + t_sum_t2;
        sum_1 = sum_3;
        t_sum_1 = t_sum_3;
    }
    let sum_4 = sum_1;
    let t_sum_4 = t_sum_1;
    let grad = {
        let mut d_x = [0.0; 3];
        let mut t_d_x = [0.0; 3];
        let mut d_sum_1 = 0.0;
        let mut t_d_sum_1 = 0.0;
        let mut d_sum_4 = 1.0;
        let mut t_d_sum_4 = 0.0;
        d_sum_1 += d_sum_4;
        t_d_sum_1 += t_d_sum_4;
        for _ in 0..trips_1 {
            runs -= 1;
            let run = runs;
            let i = i_saved[run];
            let mut d_sum_2 = 0.0;
            let mut t_d_sum_2 = 0.0;
            let i_plus_one = i_plus_one_saved[run];
            let mut d_x_i_plus_one = 0.0;
            let mut t_d_x_i_plus_one = 0.0;
            let (x_i, t_x_i) = x_i_saved[run];
            let mut d_x_i = 0.0;
            let mut t_d_x_i = 0.0;
            let mut d_x_i_times_x_i = 0.0;
            let mut t_d_x_i_times_x_i = 0.0;
            let (a, t_a) = a_saved[run];
            let mut d_a = 0.0;
            let mut t_d_a = 0.0;
            let (b, t_b) = b_saved[run];
            let mut d_b = 0.0;
            let mut t_d_b = 0.0;
            let (sum_t1, t_sum_t1) = sum_t1_saved[run];
            let mut d_sum_t1 = 0.0;
            let mut t_d_sum_t1 = 0.0;
            let mut d_sum_t1_times_a = 0.0;
            let mut t_d_sum_t1_times_a = 0.0;
            let mut d_b_times_b = 0.0;
            let mut t_d_b_times_b = 0.0;
            let mut d_sum_t2 = 0.0;
            let mut t_d_sum_t2 = 0.0;
            let mut d_sum_3 = 0.0;
            let mut t_d_sum_3 = 0.0;
            d_sum_3 += d_sum_1;
            t_d_sum_3 += t_d_sum_1;
            d_sum_1 = 0.0;
            t_d_sum_1 = 0.0;
            d_sum_2 += d_sum_3;
            t_d_sum_2 += t_d_sum_3;
            d_sum_t2 += d_sum_3;
            t_d_sum_t2 += t_d_sum_3;
            d_sum_t1_times_a += d_sum_t2;
            t_d_sum_t1_times_a += t_d_sum_t2;
            d_b_times_b += d_sum_t2;
            t_d_b_times_b += t_d_sum_t2;
            d_b += 2.0 * b * d_b_times_b;
            t_d_b += 2.0 * t_b * d_b_times_b + 2.0 * b * t_d_b_times_b;
            d_sum_t1 += a * d_sum_t1_times_a;
            t_d_sum_t1 += t_a * d_sum_t1_times_a + a * t_d_sum_t1_times_a;
            d_a += sum_t1 * d_sum_t1_times_a;
            t_d_a += t_sum_t1 * d_sum_t1_times_a + sum_t1 * t_d_sum_t1_times_a;
            d_a += 100.0 * d_sum_t1;
            t_d_a += 100.0 * t_d_sum_t1;
            d_x_i += -d_b;
            t_d_x_i += -t_d_b;
            d_x_i_plus_one += d_a;
            t_d_x_i_plus_one += t_d_a;
            d_x_i_times_x_i += -d_a;
            t_d_x_i_times_x_i += -t_d_a;
            d_x_i += 2.0 * x_i * d_x_i_times_x_i;
            t_d_x_i += 2.0 * t_x_i * d_x_i_times_x_i + 2.0 * x_i * t_d_x_i_times_x_i;
            d_x[i] += d_x_i;
            t_d_x[i] += t_d_x_i;
            d_x[i_plus_one] += d_x_i_plus_one;
            t_d_x[i_plus_one] += t_d_x_i_plus_one;
            d_sum_1 += d_sum_2;
            t_d_sum_1 += t_d_sum_2;
        }
        for (entry, tangent) in hv[0..0 + 3].iter_mut().zip(&t_d_x) {
            *entry += *tangent;
        }
        RosenbrockGrad { x: d_x }
    };
    (sum_4, grad)
}
/// Value, gradient and dense Hessian of [`rosenbrock`]: [`rosenbrock_grad`] with the Hessian added into `h` (n × n, row-major, over the differentiated floats in parameter order), one [`rosenbrock_hvp`] per column.
#[allow(clippy::too_many_arguments)]
pub fn rosenbrock_hessian(x: [f64; 3], h: &mut [f64]) -> (f64, RosenbrockGrad) {
    let n = 3;
    ::core::assert!(
        h.len() == n * n,
        "`h` must have n × n entries, n the number of differentiated floats"
    );
    let mut basis = ::std::vec![0.0; n];
    if let Some(first) = basis.first_mut() {
        *first = 1.0;
    }
    let (value, grad) = rosenbrock_hvp(x, &basis, &mut h[..n]);
    for column in 1..n {
        basis[column - 1] = 0.0;
        basis[column] = 1.0;
        let _ = rosenbrock_hvp(x, &basis, &mut h[column * n..(column + 1) * n]);
    }
    (value, grad)
}
/// The forward pass of [`rosenbrock_hvp`] with a tangent for every parameter (`()` for a constant one): how functions with `hessian` that call [`rosenbrock`] run it.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments, unused_mut, unused_variables, unused_assignments)]
pub fn rosenbrock_hvp_tangent(x: [f64; 3], t_x: [f64; 3]) -> (f64, f64) {
    let mut i_saved = [::core::default::Default::default(); 2];
    let mut i_plus_one_saved = [::core::default::Default::default(); 2];
    let mut x_i_saved = [::core::default::Default::default(); 2];
    let mut a_saved = [::core::default::Default::default(); 2];
    let mut b_saved = [::core::default::Default::default(); 2];
    let mut sum_t1_saved = [::core::default::Default::default(); 2];
    let mut runs = 0_usize;
    let sum = 0.0;
    let mut sum_1 = sum;
    let mut t_sum_1 = 0.0;
    let mut trips_1 = 0_usize;
    for i in 0..2 {
        trips_1 += 1;
        let run = runs;
        runs += 1;
        i_saved[run] = i;
        let sum_2 = sum_1;
        let t_sum_2 = t_sum_1;
        let i_plus_one: usize = i + 1;
        i_plus_one_saved[run] = i_plus_one;
        let x_i_plus_one = x[i_plus_one];
        let t_x_i_plus_one = t_x[i_plus_one];
        let x_i = x[i];
        let t_x_i = t_x[i];
        x_i_saved[run] = (x_i, t_x_i);
        let x_i_times_x_i = x_i * x_i;
        let t_x_i_times_x_i = 2.0 * x_i * t_x_i;
        let a = x_i_plus_one - x_i_times_x_i;
        let t_a = t_x_i_plus_one - t_x_i_times_x_i;
        a_saved[run] = (a, t_a);
        let b = 1.0 - x_i;
        let t_b = -t_x_i;
        b_saved[run] = (b, t_b);
        let sum_t1 = 100.0 * a;
        let t_sum_t1 = 100.0 * t_a;
        sum_t1_saved[run] = (sum_t1, t_sum_t1);
        let sum_t1_times_a = sum_t1 * a;
        let t_sum_t1_times_a = a * t_sum_t1 + sum_t1 * t_a;
        let b_times_b = b * b;
        let t_b_times_b = 2.0 * b * t_b;
        let sum_t2 = sum_t1_times_a + b_times_b;
        let t_sum_t2 = t_sum_t1_times_a + t_b_times_b;
        let sum_3 = sum_2 + sum_t2;
        let t_sum_3 = t_sum_2 + t_sum_t2;
        sum_1 = sum_3;
        t_sum_1 = t_sum_3;
    }
    let sum_4 = sum_1;
    let t_sum_4 = t_sum_1;
    (sum_4, t_sum_4)
}
/// The reverse sweep of [`rosenbrock_hvp`] from the seed `d_out` and its tangent `t_d_out`: each parameter's share of the adjoint and that share's tangent (`()` for a constant parameter), for functions with `hessian` that call [`rosenbrock`].
#[doc(hidden)]
#[inline]
#[allow(
    clippy::too_many_arguments,
    clippy::type_complexity,
    unused_mut,
    unused_variables,
    unused_assignments
)]
pub fn rosenbrock_hvp_pullback(
    x: [f64; 3],
    t_x: [f64; 3],
    d_out: f64,
    t_d_out: f64,
) -> (([f64; 3],), ([f64; 3],)) {
    let mut i_saved = [::core::default::Default::default(); 2];
    let mut i_plus_one_saved = [::core::default::Default::default(); 2];
    let mut x_i_saved = [::core::default::Default::default(); 2];
    let mut a_saved = [::core::default::Default::default(); 2];
    let mut b_saved = [::core::default::Default::default(); 2];
    let mut sum_t1_saved = [::core::default::Default::default(); 2];
    let mut runs = 0_usize;
    let sum = 0.0;
    let mut sum_1 = sum;
    let mut t_sum_1 = 0.0;
    let mut trips_1 = 0_usize;
    for i in 0..2 {
        trips_1 += 1;
        let run = runs;
        runs += 1;
        i_saved[run] = i;
        let sum_2 = sum_1;
        let t_sum_2 = t_sum_1;
        let i_plus_one: usize = i + 1;
        i_plus_one_saved[run] = i_plus_one;
        let x_i_plus_one = x[i_plus_one];
        let t_x_i_plus_one = t_x[i_plus_one];
        let x_i = x[i];
        let t_x_i = t_x[i];
        x_i_saved[run] = (x_i, t_x_i);
        let x_i_times_x_i = x_i * x_i;
        let t_x_i_times_x_i = 2.0 * x_i * t_x_i;
        let a = x_i_plus_one - x_i_times_x_i;
        let t_a = t_x_i_plus_one - t_x_i_times_x_i;
        a_saved[run] = (a, t_a);
        let b = 1.0 - x_i;
        let t_b = -t_x_i;
        b_saved[run] = (b, t_b);
        let sum_t1 = 100.0 * a;
        let t_sum_t1 = 100.0 * t_a;
        sum_t1_saved[run] = (sum_t1, t_sum_t1);
        let sum_t1_times_a = sum_t1 * a;
        let t_sum_t1_times_a = a * t_sum_t1 + sum_t1 * t_a;
        let b_times_b = b * b;
        let t_b_times_b = 2.0 * b * t_b;
        let sum_t2 = sum_t1_times_a + b_times_b;
        let t_sum_t2 = t_sum_t1_times_a + t_b_times_b;
        let sum_3 = sum_2 + sum_t2;
        let t_sum_3 = t_sum_2 + t_sum_t2;
        sum_1 = sum_3;
        t_sum_1 = t_sum_3;
    }
    let sum_4 = sum_1;
    let t_sum_4 = t_sum_1;
    let mut d_x = [0.0; 3];
    let mut t_d_x = [0.0; 3];
    let mut d_sum_1 = 0.0;
    let mut t_d_sum_1 = 0.0;
    let mut d_sum_4 = d_out;
    let mut t_d_sum_4 = t_d_out;
    d_sum_1 += d_sum_4;
    t_d_sum_1 += t_d_sum_4;
    for _ in 0..trips_1 {
        runs -= 1;
        let run = runs;
        let i = i_saved[run];
        let mut d_sum_2 = 0.0;
        let mut t_d_sum_2 = 0.0;
        let i_plus_one = i_plus_one_saved[run];
        let mut d_x_i_plus_one = 0.0;
        let mut t_d_x_i_plus_one = 0.0;
        let (x_i, t_x_i) = x_i_saved[run];
        let mut d_x_i = 0.0;
        let mut t_d_x_i = 0.0;
        let mut d_x_i_times_x_i = 0.0;
        let mut t_d_x_i_times_x_i = 0.0;
        let (a, t_a) = a_saved[run];
        let mut d_a = 0.0;
        let mut t_d_a = 0.0;
        let (b, t_b) = b_saved[run];
        let mut d_b = 0.0;
        let mut t_d_b = 0.0;
        let (sum_t1, t_sum_t1) = sum_t1_saved[run];
        let mut d_sum_t1 = 0.0;
        let mut t_d_sum_t1 = 0.0;
        let mut d_sum_t1_times_a = 0.0;
        let mut t_d_sum_t1_times_a = 0.0;
        let mut d_b_times_b = 0.0;
        let mut t_d_b_times_b = 0.0;
        let mut d_sum_t2 = 0.0;
        let mut t_d_sum_t2 = 0.0;
        let mut d_sum_3 = 0.0;
        let mut t_d_sum_3 = 0.0;
        d_sum_3 += d_sum_1;
        t_d_sum_3 += t_d_sum_1;
        d_sum_1 = 0.0;
        t_d_sum_1 = 0.0;
        d_sum_2 += d_sum_3;
        t_d_sum_2 += t_d_sum_3;
        d_sum_t2 += d_sum_3;
        t_d_sum_t2 += t_d_sum_3;
        d_sum_t1_times_a += d_sum_t2;
        t_d_sum_t1_times_a += t_d_sum_t2;
        d_b_times_b += d_sum_t2;
        t_d_b_times_b += t_d_sum_t2;
        d_b += 2.0 * b * d_b_times_b;
        t_d_b += 2.0 * t_b * d_b_times_b + 2.0 * b * t_d_b_times_b;
        d_sum_t1 += a * d_sum_t1_times_a;
        t_d_sum_t1 += t_a * d_sum_t1_times_a + a * t_d_sum_t1_times_a;
        d_a += sum_t1 * d_sum_t1_times_a;
        t_d_a += t_sum_t1 * d_sum_t1_times_a + sum_t1 * t_d_sum_t1_times_a;
        d_a += 100.0 * d_sum_t1;
        t_d_a += 100.0 * t_d_sum_t1;
        d_x_i += -d_b;
        t_d_x_i += -t_d_b;
        d_x_i_plus_one += d_a;
        t_d_x_i_plus_one += t_d_a;
        d_x_i_times_x_i += -d_a;
        t_d_x_i_times_x_i += -t_d_a;
        d_x_i += 2.0 * x_i * d_x_i_times_x_i;
        t_d_x_i += 2.0 * t_x_i * d_x_i_times_x_i + 2.0 * x_i * t_d_x_i_times_x_i;
        d_x[i] += d_x_i;
        t_d_x[i] += t_d_x_i;
        d_x[i_plus_one] += d_x_i_plus_one;
        t_d_x[i_plus_one] += t_d_x_i_plus_one;
        d_sum_1 += d_sum_2;
        t_d_sum_1 += t_d_sum_2;
    }
    ((d_x,), (t_d_x,))
}
/// Straight-line: the tangent of each backward statement beside it.
pub fn neuron(w: f64, x: f64, b: f64) -> f64 {
    let z = w * x + b;
    let s = z.tanh();
    (s * s + 1.0).ln()
}
/// Intermediates of [`neuron`] saved by [`neuron_forward`] for [`neuron_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct NeuronCache {
    /// The parameter `w`.
    pub w: f64,
    /// The parameter `x`.
    pub x: f64,
    /// `s = z.tanh()`
    pub s: f64,
    /// `s_times_s_plus_one = s_times_s + 1.0`
    pub s_times_s_plus_one: f64,
}
/// Gradient of [`neuron`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct NeuronGrad {
    /// `∂neuron/∂w`
    pub w: f64,
    /// `∂neuron/∂x`
    pub x: f64,
    /// `∂neuron/∂b`
    pub b: f64,
}
/// Staged forward pass of [`neuron`]: its value, and the [`NeuronCache`] that [`neuron_backward`] needs.
#[inline]
#[must_use]
pub fn neuron_forward(w: f64, x: f64, b: f64) -> (f64, NeuronCache) {
    let z = w * x + b;
    let s = z.tanh();
    let s_times_s_plus_one = s * s + 1.0;
    let out = s_times_s_plus_one.ln();
    (
        out,
        NeuronCache {
            w,
            x,
            s,
            s_times_s_plus_one,
        },
    )
}
/// Backward pass of [`neuron`]: the gradient of `d_out * neuron` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn neuron_backward(cache: &NeuronCache, d_out: f64) -> NeuronGrad {
    let NeuronCache { w, x, s, s_times_s_plus_one } = *cache;
    let d_s = 2.0 * s * (d_out / s_times_s_plus_one);
    let d_z = (1.0 - s * s) * d_s;
    let d_w = x * d_z;
    let d_x = w * d_z;
    NeuronGrad {
        w: d_w,
        x: d_x,
        b: d_z,
    }
}
/// Value and gradient of [`neuron`] in one call (`d_out = 1`): the statements of
/// [`neuron_forward`] and then of [`neuron_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn neuron_grad(w: f64, x: f64, b: f64) -> (f64, NeuronGrad) {
    let z = w * x + b;
    let s = z.tanh();
    let s_times_s_plus_one = s * s + 1.0;
    let out = s_times_s_plus_one.ln();
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_s = 2.0 * s * (d_out / s_times_s_plus_one);
            let d_z = (1.0 - s * s) * d_s;
            let d_w = x * d_z;
            let d_x = w * d_z;
            NeuronGrad {
                w: d_w,
                x: d_x,
                b: d_z,
            }
        },
    )
}
/// [`neuron_backward`] as a tuple with one entry per parameter of [`neuron`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `neuron` uses.
#[inline]
#[must_use]
pub fn neuron_pullback(cache: &NeuronCache, d_out: f64) -> (f64, f64, f64) {
    let grad = neuron_backward(cache, d_out);
    (grad.w, grad.x, grad.b)
}
/// Which parameters of [`neuron`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const NEURON_WRT: [bool; 3] = [true, true, true];
/// Value, gradient and Hessian-vector product of [`neuron`]: [`neuron_grad`] with `H v` added into `hv`.
///
/// `v` and `hv` are flat over the differentiated floats in parameter order (a float is one entry, an array its elements row-major, a slice its elements). Forward-over-reverse: the tangent along `v` of the backward pass.
#[inline]
#[allow(clippy::too_many_arguments)]
#[allow(unused_mut, unused_variables, unused_assignments, clippy::needless_late_init)]
pub fn neuron_hvp(
    w: f64,
    x: f64,
    b: f64,
    v: &[f64],
    hv: &mut [f64],
) -> (f64, NeuronGrad) {
    ::core::assert!(
        v.len() == 3 && hv.len() == 3,
        "`v` and `hv` must have one entry per differentiated float"
    );
    let t_w = v[0];
    let t_x = v[1];
    let t_b = v[2];
    let w_times_x = w * x;
    let t_w_times_x = x * t_w + w * t_x;
    let z = w_times_x + b;
    let t_z = t_w_times_x + t_b;
    let s = z.tanh();
    let t_s = (1.0 - s * s) * t_z;
    let s_times_s = s * s;
    let t_s_times_s = 2.0 * s * t_s;
    let s_times_s_plus_one = s_times_s + 1.0;
    let t_s_times_s_plus_one = t_s_times_s;
    let out = s_times_s_plus_one.ln();
    let t_out = t_s_times_s_plus_one / s_times_s_plus_one;
    let grad = {
        let mut d_w = 0.0;
        let mut t_d_w = 0.0;
        let mut d_x = 0.0;
        let mut t_d_x = 0.0;
        let mut d_b = 0.0;
        let mut t_d_b = 0.0;
        let mut d_w_times_x = 0.0;
        let mut t_d_w_times_x = 0.0;
        let mut d_z = 0.0;
        let mut t_d_z = 0.0;
        let mut d_s = 0.0;
        let mut t_d_s = 0.0;
        let mut d_s_times_s = 0.0;
        let mut t_d_s_times_s = 0.0;
        let mut d_s_times_s_plus_one = 0.0;
        let mut t_d_s_times_s_plus_one = 0.0;
        let mut d_out = 1.0;
        let mut t_d_out = 0.0;
        d_s_times_s_plus_one += d_out / s_times_s_plus_one;
        t_d_s_times_s_plus_one
            += -(t_s_times_s_plus_one / s_times_s_plus_one / s_times_s_plus_one) * d_out
                + t_d_out / s_times_s_plus_one;
        d_s_times_s += d_s_times_s_plus_one;
        t_d_s_times_s += t_d_s_times_s_plus_one;
        d_s += 2.0 * s * d_s_times_s;
        t_d_s += 2.0 * t_s * d_s_times_s + 2.0 * s * t_d_s_times_s;
        d_z += (1.0 - s * s) * d_s;
        t_d_z += -(2.0 * s * t_s) * d_s + (1.0 - s * s) * t_d_s;
        d_w_times_x += d_z;
        t_d_w_times_x += t_d_z;
        d_b += d_z;
        t_d_b += t_d_z;
        d_w += x * d_w_times_x;
        t_d_w += t_x * d_w_times_x + x * t_d_w_times_x;
        d_x += w * d_w_times_x;
        t_d_x += t_w * d_w_times_x + w * t_d_w_times_x;
        hv[0] += t_d_w;
        hv[1] += t_d_x;
        hv[2] += t_d_b;
        NeuronGrad {
            w: d_w,
            x: d_x,
            b: d_b,
        }
    };
    (out, grad)
}
/// Value, gradient and dense Hessian of [`neuron`]: [`neuron_grad`] with the Hessian added into `h` (n × n, row-major, over the differentiated floats in parameter order), one [`neuron_hvp`] per column.
#[allow(clippy::too_many_arguments)]
pub fn neuron_hessian(w: f64, x: f64, b: f64, h: &mut [f64]) -> (f64, NeuronGrad) {
    let n = 3;
    ::core::assert!(
        h.len() == n * n,
        "`h` must have n × n entries, n the number of differentiated floats"
    );
    let mut basis = ::std::vec![0.0; n];
    if let Some(first) = basis.first_mut() {
        *first = 1.0;
    }
    let (value, grad) = neuron_hvp(w, x, b, &basis, &mut h[..n]);
    for column in 1..n {
        basis[column - 1] = 0.0;
        basis[column] = 1.0;
        let _ = neuron_hvp(w, x, b, &basis, &mut h[column * n..(column + 1) * n]);
    }
    (value, grad)
}
/// The forward pass of [`neuron_hvp`] with a tangent for every parameter (`()` for a constant one): how functions with `hessian` that call [`neuron`] run it.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments, unused_mut, unused_variables, unused_assignments)]
pub fn neuron_hvp_tangent(
    w: f64,
    x: f64,
    b: f64,
    t_w: f64,
    t_x: f64,
    t_b: f64,
) -> (f64, f64) {
    let w_times_x = w * x;
    let t_w_times_x = x * t_w + w * t_x;
    let z = w_times_x + b;
    let t_z = t_w_times_x + t_b;
    let s = z.tanh();
    let t_s = (1.0 - s * s) * t_z;
    let s_times_s = s * s;
    let t_s_times_s = 2.0 * s * t_s;
    let s_times_s_plus_one = s_times_s + 1.0;
    let t_s_times_s_plus_one = t_s_times_s;
    let out = s_times_s_plus_one.ln();
    let t_out = t_s_times_s_plus_one / s_times_s_plus_one;
    (out, t_out)
}
/// The reverse sweep of [`neuron_hvp`] from the seed `d_out_1` and its tangent `t_d_out_1`: each parameter's share of the adjoint and that share's tangent (`()` for a constant parameter), for functions with `hessian` that call [`neuron`].
#[doc(hidden)]
#[inline]
#[allow(
    clippy::too_many_arguments,
    clippy::type_complexity,
    unused_mut,
    unused_variables,
    unused_assignments
)]
pub fn neuron_hvp_pullback(
    w: f64,
    x: f64,
    b: f64,
    t_w: f64,
    t_x: f64,
    t_b: f64,
    d_out_1: f64,
    t_d_out_1: f64,
) -> ((f64, f64, f64), (f64, f64, f64)) {
    let w_times_x = w * x;
    let t_w_times_x = x * t_w + w * t_x;
    let z = w_times_x + b;
    let t_z = t_w_times_x + t_b;
    let s = z.tanh();
    let t_s = (1.0 - s * s) * t_z;
    let s_times_s = s * s;
    let t_s_times_s = 2.0 * s * t_s;
    let s_times_s_plus_one = s_times_s + 1.0;
    let t_s_times_s_plus_one = t_s_times_s;
    let out = s_times_s_plus_one.ln();
    let t_out = t_s_times_s_plus_one / s_times_s_plus_one;
    let mut d_w = 0.0;
    let mut t_d_w = 0.0;
    let mut d_x = 0.0;
    let mut t_d_x = 0.0;
    let mut d_b = 0.0;
    let mut t_d_b = 0.0;
    let mut d_w_times_x = 0.0;
    let mut t_d_w_times_x = 0.0;
    let mut d_z = 0.0;
    let mut t_d_z = 0.0;
    let mut d_s = 0.0;
    let mut t_d_s = 0.0;
    let mut d_s_times_s = 0.0;
    let mut t_d_s_times_s = 0.0;
    let mut d_s_times_s_plus_one = 0.0;
    let mut t_d_s_times_s_plus_one = 0.0;
    let mut d_out = d_out_1;
    let mut t_d_out = t_d_out_1;
    d_s_times_s_plus_one += d_out / s_times_s_plus_one;
    t_d_s_times_s_plus_one
        += -(t_s_times_s_plus_one / s_times_s_plus_one / s_times_s_plus_one) * d_out
            + t_d_out / s_times_s_plus_one;
    d_s_times_s += d_s_times_s_plus_one;
    t_d_s_times_s += t_d_s_times_s_plus_one;
    d_s += 2.0 * s * d_s_times_s;
    t_d_s += 2.0 * t_s * d_s_times_s + 2.0 * s * t_d_s_times_s;
    d_z += (1.0 - s * s) * d_s;
    t_d_z += -(2.0 * s * t_s) * d_s + (1.0 - s * s) * t_d_s;
    d_w_times_x += d_z;
    t_d_w_times_x += t_d_z;
    d_b += d_z;
    t_d_b += t_d_z;
    d_w += x * d_w_times_x;
    t_d_w += t_x * d_w_times_x + x * t_d_w_times_x;
    d_x += w * d_w_times_x;
    t_d_x += t_w * d_w_times_x + w * t_d_w_times_x;
    ((d_w, d_x, d_b), (t_d_w, t_d_x, t_d_b))
}
