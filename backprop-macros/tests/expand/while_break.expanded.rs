pub fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut i = 0;
    while i < 20 {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-12 {
            break;
        }
        x = next;
        i += 1;
    }
    x
}
/// Intermediates of [`newton_sqrt`] saved by [`newton_sqrt_forward`] for [`newton_sqrt_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct NewtonSqrtCache {
    /// The parameter `a`.
    pub a: f64,
    /// `trips`
    pub trips: usize,
    /// `x` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub x_saved: ::std::vec::Vec<f64>,
    /// `cond_t1 = i < 20`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub cond_t1_saved: ::std::vec::Vec<bool>,
    /// `cond_t2 = (next - x).abs() < 1e-12`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub cond_t2_saved: ::std::vec::Vec<bool>,
}
/// Gradient of [`newton_sqrt`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct NewtonSqrtGrad {
    /// `∂newton_sqrt/∂a`
    pub a: f64,
}
/// Staged forward pass of [`newton_sqrt`]: its value, and the [`NewtonSqrtCache`] that [`newton_sqrt_backward`] needs.
#[inline]
#[must_use]
pub fn newton_sqrt_forward(a: f64) -> (f64, NewtonSqrtCache) {
    let mut x_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
    let mut cond_t1_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut cond_t2_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut i = 0;
    let mut x = a;
    let mut trips: usize = 0;
    loop {
        x_saved.push(x);
        let cond_t1: bool = i < 20;
        cond_t1_saved.push(cond_t1);
        trips += 1;
        if cond_t1 {
            let next = 0.5 * (x + a / x);
            let cond_t2: bool = (next - x).abs() < 1e-12;
            cond_t2_saved.push(cond_t2);
            if cond_t2 {
                break;
            } else {
                let i_3 = i + 1;
                x = next;
                i = i_3;
            }
        } else {
            break;
        }
    }
    (
        x,
        NewtonSqrtCache {
            a,
            trips,
            x_saved,
            cond_t1_saved,
            cond_t2_saved,
        },
    )
}
/// Backward pass of [`newton_sqrt`]: the gradient of `d_out * newton_sqrt` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn newton_sqrt_backward(cache: &NewtonSqrtCache, d_out: f64) -> NewtonSqrtGrad {
    let NewtonSqrtCache {
        a,
        trips,
        ref x_saved,
        ref cond_t1_saved,
        ref cond_t2_saved,
    } = *cache;
    let mut run = cond_t2_saved.len();
    let mut d_x = d_out;
    let mut d_a = 0.0;
    for trip in (0..trips).rev() {
        let x = x_saved[trip];
        let cond_t1 = cond_t1_saved[trip];
        let mut d_x_1 = 0.0;
        if cond_t1 {
            run -= 1;
            let cond_t2 = cond_t2_saved[run];
            let a_over_x = a / x;
            let mut d_next = 0.0;
            if !cond_t2 {
                d_next += d_x;
                d_x = 0.0;
            }
            let d_x_plus_a_over_x = 0.5 * d_next;
            d_x_1 += d_x_plus_a_over_x;
            let inv_x = 1.0 / x;
            d_a += inv_x * d_x_plus_a_over_x;
            d_x_1 -= a_over_x * inv_x * d_x_plus_a_over_x;
        }
        d_x += d_x_1;
    }
    d_a += d_x;
    NewtonSqrtGrad { a: d_a }
}
/// Value and gradient of [`newton_sqrt`] in one call (`d_out = 1`): the statements of
/// [`newton_sqrt_forward`] and then of [`newton_sqrt_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn newton_sqrt_grad(a: f64) -> (f64, NewtonSqrtGrad) {
    let mut x_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
    let mut cond_t1_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut cond_t2_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut i = 0;
    let mut x = a;
    let mut trips: usize = 0;
    loop {
        x_saved.push(x);
        let cond_t1: bool = i < 20;
        cond_t1_saved.push(cond_t1);
        trips += 1;
        if cond_t1 {
            let next = 0.5 * (x + a / x);
            let cond_t2: bool = (next - x).abs() < 1e-12;
            cond_t2_saved.push(cond_t2);
            if cond_t2 {
                break;
            } else {
                let i_3 = i + 1;
                x = next;
                i = i_3;
            }
        } else {
            break;
        }
    }
    let d_out: f64 = 1.0;
    (
        x,
        {
            let mut run = cond_t2_saved.len();
            let mut d_x = d_out;
            let mut d_a = 0.0;
            for trip in (0..trips).rev() {
                let x = x_saved[trip];
                let cond_t1 = cond_t1_saved[trip];
                let mut d_x_1 = 0.0;
                if cond_t1 {
                    run -= 1;
                    let cond_t2 = cond_t2_saved[run];
                    let a_over_x = a / x;
                    let mut d_next = 0.0;
                    if !cond_t2 {
                        d_next += d_x;
                        d_x = 0.0;
                    }
                    let d_x_plus_a_over_x = 0.5 * d_next;
                    d_x_1 += d_x_plus_a_over_x;
                    let inv_x = 1.0 / x;
                    d_a += inv_x * d_x_plus_a_over_x;
                    d_x_1 -= a_over_x * inv_x * d_x_plus_a_over_x;
                }
                d_x += d_x_1;
            }
            d_a += d_x;
            NewtonSqrtGrad { a: d_a }
        },
    )
}
/// [`newton_sqrt_backward`] as a tuple with one entry per parameter of [`newton_sqrt`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `newton_sqrt` uses.
#[inline]
#[must_use]
pub fn newton_sqrt_pullback(cache: &NewtonSqrtCache, d_out: f64) -> (f64,) {
    let grad = newton_sqrt_backward(cache, d_out);
    (grad.a,)
}
/// Which parameters of [`newton_sqrt`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const NEWTON_SQRT_WRT: [bool; 1] = [true];
