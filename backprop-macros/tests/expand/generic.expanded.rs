pub fn rosenbrock_n<T: Float + FromPrimitive, const N: usize>(x: &[T; N]) -> T {
    let mut sum = T::zero();
    for i in 0..N - 1 {
        let a = T::one() - x[i];
        let b = x[i + 1] - x[i] * x[i];
        sum = sum + a * a + T::from_f64(100.0).unwrap() * b.powi(2);
    }
    backprop::sigmoid(sum) + sum.sqrt()
}
/// Intermediates of [`rosenbrock_n`] saved by [`rosenbrock_n_forward`] for [`rosenbrock_n_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct RosenbrockNCache<'a, T: Float + FromPrimitive, const N: usize> {
    /// The parameter `x`.
    pub x: &'a [T; N],
    /// `sigmoid_sum = sigmoid(sum)`
    pub sigmoid_sum: T,
    /// `sum_sqrt = sum.sqrt()`
    pub sum_sqrt: T,
}
/// Gradient of [`rosenbrock_n`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct RosenbrockNGrad<T: Float + FromPrimitive, const N: usize> {
    /// Marks the float type: no field holds one.
    pub _float: ::core::marker::PhantomData<(T,)>,
}
/// Staged forward pass of [`rosenbrock_n`]: its value, and the [`RosenbrockNCache`] that [`rosenbrock_n_backward`] needs.
#[inline]
#[must_use]
pub fn rosenbrock_n_forward<'a, T: Float + FromPrimitive, const N: usize>(
    x: &'a [T; N],
) -> (T, RosenbrockNCache<'a, T, N>) {
    let mut sum = T::zero();
    for i in 0..N - 1 {
        let x_i = x[i];
        let a = T::one() - x_i;
        let i_plus_one: usize = i + 1;
        let b = x[i_plus_one] - x_i * x_i;
        sum = sum + a * a + ::backprop::__private::lit::<T>(100.0) * b.powi(2);
    }
    let sigmoid_sum = ::backprop::sigmoid(sum);
    let sum_sqrt = sum.sqrt();
    let out = sigmoid_sum + sum_sqrt;
    (
        out,
        RosenbrockNCache {
            x,
            sigmoid_sum,
            sum_sqrt,
        },
    )
}
/// Backward pass of [`rosenbrock_n`]: the gradient of `d_out * rosenbrock_n` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn rosenbrock_n_backward<T: Float + FromPrimitive, const N: usize>(
    cache: &RosenbrockNCache<'_, T, N>,
    d_out: T,
    d_x: &mut [T; N],
) -> RosenbrockNGrad<T, N> {
    let RosenbrockNCache { x, sigmoid_sum, sum_sqrt } = *cache;
    let mut d_sum = ::backprop::__private::sqrt_slope(sum_sqrt) * d_out;
    d_sum = d_sum + (T::one() - sigmoid_sum) * sigmoid_sum * d_out;
    for i in (0..N - 1).rev() {
        let x_i = x[i];
        let a = T::one() - x_i;
        let i_plus_one: usize = i + 1;
        let b = x[i_plus_one] - x_i * x_i;
        let d_b = ::backprop::__private::lit::<T>(2.0) * b
            * (::backprop::__private::lit::<T>(100.0) * d_sum);
        let d_a = ::backprop::__private::lit::<T>(2.0) * a * d_sum;
        let mut d_x_i = ::backprop::__private::lit::<T>(2.0) * x_i * -d_b;
        d_x[i_plus_one] = d_x[i_plus_one] + d_b;
        d_x_i = d_x_i - d_a;
        d_x[i] = d_x[i] + d_x_i;
    }
    RosenbrockNGrad {
        _float: ::core::marker::PhantomData,
    }
}
/// Value and gradient of [`rosenbrock_n`] in one call (`d_out = 1`): the statements of
/// [`rosenbrock_n_forward`] and then of [`rosenbrock_n_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn rosenbrock_n_grad<T: Float + FromPrimitive, const N: usize>(
    x: &[T; N],
    d_x: &mut [T; N],
) -> (T, RosenbrockNGrad<T, N>) {
    let mut sum = T::zero();
    for i in 0..N - 1 {
        let x_i = x[i];
        let a = T::one() - x_i;
        let i_plus_one: usize = i + 1;
        let b = x[i_plus_one] - x_i * x_i;
        sum = sum + a * a + ::backprop::__private::lit::<T>(100.0) * b.powi(2);
    }
    let sigmoid_sum = ::backprop::sigmoid(sum);
    let sum_sqrt = sum.sqrt();
    let out = sigmoid_sum + sum_sqrt;
    let d_out: T = T::one();
    (
        out,
        {
            let mut d_sum = ::backprop::__private::sqrt_slope(sum_sqrt) * d_out;
            d_sum = d_sum + (T::one() - sigmoid_sum) * sigmoid_sum * d_out;
            for i in (0..N - 1).rev() {
                let x_i = x[i];
                let a = T::one() - x_i;
                let i_plus_one: usize = i + 1;
                let b = x[i_plus_one] - x_i * x_i;
                let d_b = ::backprop::__private::lit::<T>(2.0) * b
                    * (::backprop::__private::lit::<T>(100.0) * d_sum);
                let d_a = ::backprop::__private::lit::<T>(2.0) * a * d_sum;
                let mut d_x_i = ::backprop::__private::lit::<T>(2.0) * x_i * -d_b;
                d_x[i_plus_one] = d_x[i_plus_one] + d_b;
                d_x_i = d_x_i - d_a;
                d_x[i] = d_x[i] + d_x_i;
            }
            RosenbrockNGrad {
                _float: ::core::marker::PhantomData,
            }
        },
    )
}
/// [`rosenbrock_n_backward`] as a tuple with one entry per parameter of [`rosenbrock_n`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `rosenbrock_n` uses.
#[inline]
pub fn rosenbrock_n_pullback<T: Float + FromPrimitive, const N: usize>(
    cache: &RosenbrockNCache<'_, T, N>,
    d_out: T,
    d_x: &mut [T; N],
) -> ((),) {
    rosenbrock_n_backward(cache, d_out, d_x);
    ((),)
}
/// Which parameters of [`rosenbrock_n`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const ROSENBROCK_N_WRT: [bool; 1] = [true];
/// Forward mode of [`rosenbrock_n`]: its value, and its derivative along the tangents `t_..` of the differentiated parameters (a Jacobian-vector product).
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn rosenbrock_n_jvp<T: Float + FromPrimitive, const N: usize>(
    x: &[T; N],
    t_x: &[T; N],
) -> (T, T) {
    let sum = T::zero();
    let mut sum_1 = sum;
    let mut t_sum_1 = T::zero();
    for i in 0..N - 1 {
        let sum_2 = sum_1;
        let t_sum_2 = t_sum_1;
        let x_i = x[i];
        let t_x_i = t_x[i];
        let a = T::one() - x_i;
        let t_a = -t_x_i;
        let i_plus_one: usize = i + 1;
        let x_i_plus_one = x[i_plus_one];
        let t_x_i_plus_one = t_x[i_plus_one];
        let x_i_times_x_i = x_i * x_i;
        let t_x_i_times_x_i = ::backprop::__private::lit::<T>(2.0) * x_i * t_x_i;
        let b = x_i_plus_one - x_i_times_x_i;
        let t_b = t_x_i_plus_one - t_x_i_times_x_i;
        let a_times_a = a * a;
        let t_a_times_a = ::backprop::__private::lit::<T>(2.0) * a * t_a;
        let sum_plus_a_times_a = sum_2 + a_times_a;
        let t_sum_plus_a_times_a = t_sum_2 + t_a_times_a;
        let b_powi_two = b.powi(2);
        let t_b_powi_two = ::backprop::__private::lit::<T>(2.0) * b * t_b;
        let sum_t1 = ::backprop::__private::lit::<T>(100.0) * b_powi_two;
        let t_sum_t1 = ::backprop::__private::lit::<T>(100.0) * t_b_powi_two;
        let sum_3 = sum_plus_a_times_a + sum_t1;
        let t_sum_3 = t_sum_plus_a_times_a + t_sum_t1;
        sum_1 = sum_3;
        t_sum_1 = t_sum_3;
    }
    let sum_4 = sum_1;
    let t_sum_4 = t_sum_1;
    let sigmoid_sum = ::backprop::sigmoid(sum_4);
    let t_sigmoid_sum = (T::one() - sigmoid_sum) * sigmoid_sum * t_sum_4;
    let sum_sqrt = sum_4.sqrt();
    let t_sum_sqrt = ::backprop::__private::sqrt_slope(sum_sqrt) * t_sum_4;
    let out = sigmoid_sum + sum_sqrt;
    let t_out = t_sigmoid_sum + t_sum_sqrt;
    (out, t_out)
}
/// [`rosenbrock_n_jvp`] with a tangent for every parameter (`()` for a constant one): how differentiated functions that call [`rosenbrock_n`] run its forward mode.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn rosenbrock_n_tangent<T: Float + FromPrimitive, const N: usize>(
    x: &[T; N],
    t_x: &[T; N],
) -> (T, T) {
    rosenbrock_n_jvp(x, t_x)
}
