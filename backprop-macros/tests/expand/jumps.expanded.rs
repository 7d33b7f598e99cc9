pub fn first_above(x: f64, n: usize) -> f64 {
    let mut s = x;
    for _ in 0..n {
        s = s * x + 1.0;
        if s > 5.0 {
            return s;
        }
    }
    s.sin()
}
/// Intermediates of [`first_above`] saved by [`first_above_forward`] for [`first_above_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct FirstAboveCache {
    /// The parameter `x`.
    pub x: f64,
    /// `trips`
    pub trips: usize,
    /// `s` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub s_saved: ::std::vec::Vec<f64>,
    /// `s_gt_five = s > 5.0`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub s_gt_five_saved: ::std::vec::Vec<bool>,
    /// `s` after the loop
    pub s_3: f64,
    /// `returned` after the loop
    pub returned_4: bool,
}
/// Gradient of [`first_above`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct FirstAboveGrad {
    /// `∂first_above/∂x`
    pub x: f64,
}
/// Staged forward pass of [`first_above`]: its value, and the [`FirstAboveCache`] that [`first_above_backward`] needs.
#[inline]
#[must_use]
pub fn first_above_forward(x: f64, n: usize) -> (f64, FirstAboveCache) {
    let mut s_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
    let mut s_gt_five_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut returned = false;
    let mut return_value = 0.0;
    let mut s = x;
    let mut trips: usize = 0;
    for _ in 0..n {
        s_saved.push(s);
        let s_2 = s * x + 1.0;
        let s_gt_five: bool = s_2 > 5.0;
        s_gt_five_saved.push(s_gt_five);
        trips += 1;
        if s_gt_five {
            let returned_3 = true;
            s = s_2;
            return_value = s_2;
            returned = returned_3;
            break;
        } else {
            s = s_2;
        }
    }
    let returned_4: bool = returned;
    let out = if returned_4 { return_value } else { s.sin() };
    (
        out,
        FirstAboveCache {
            x,
            trips,
            s_saved,
            s_gt_five_saved,
            s_3: s,
            returned_4,
        },
    )
}
/// Backward pass of [`first_above`]: the gradient of `d_out * first_above` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn first_above_backward(cache: &FirstAboveCache, d_out: f64) -> FirstAboveGrad {
    let FirstAboveCache {
        x,
        trips,
        ref s_saved,
        ref s_gt_five_saved,
        s_3,
        returned_4,
    } = *cache;
    let mut d_return_value_3 = 0.0;
    let mut d_s = 0.0;
    if returned_4 {
        d_return_value_3 += d_out;
    } else {
        d_s += s_3.cos() * d_out;
    }
    let mut d_x = 0.0;
    for trip in (0..trips).rev() {
        let s_gt_five = s_gt_five_saved[trip];
        let mut d_s_2 = 0.0;
        if s_gt_five {
            d_s_2 += d_return_value_3;
            d_return_value_3 = 0.0;
            d_s_2 += d_s;
            d_s = 0.0;
        } else {
            d_s_2 += d_s;
            d_s = 0.0;
        }
        let d_s_1 = x * d_s_2;
        d_x += s_saved[trip] * d_s_2;
        d_s += d_s_1;
    }
    d_x += d_s;
    FirstAboveGrad { x: d_x }
}
/// Value and gradient of [`first_above`] in one call (`d_out = 1`): the statements of
/// [`first_above_forward`] and then of [`first_above_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn first_above_grad(x: f64, n: usize) -> (f64, FirstAboveGrad) {
    let mut s_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::new();
    let mut s_gt_five_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::new();
    let mut returned = false;
    let mut return_value = 0.0;
    let mut s = x;
    let mut trips: usize = 0;
    for _ in 0..n {
        s_saved.push(s);
        let s_2 = s * x + 1.0;
        let s_gt_five: bool = s_2 > 5.0;
        s_gt_five_saved.push(s_gt_five);
        trips += 1;
        if s_gt_five {
            let returned_3 = true;
            s = s_2;
            return_value = s_2;
            returned = returned_3;
            break;
        } else {
            s = s_2;
        }
    }
    let returned_4: bool = returned;
    let out = if returned_4 { return_value } else { s.sin() };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_return_value_3 = 0.0;
            let mut d_s = 0.0;
            if returned_4 {
                d_return_value_3 += d_out;
            } else {
                d_s += s.cos() * d_out;
            }
            let mut d_x = 0.0;
            for trip in (0..trips).rev() {
                let s_gt_five = s_gt_five_saved[trip];
                let mut d_s_2 = 0.0;
                if s_gt_five {
                    d_s_2 += d_return_value_3;
                    d_return_value_3 = 0.0;
                    d_s_2 += d_s;
                    d_s = 0.0;
                } else {
                    d_s_2 += d_s;
                    d_s = 0.0;
                }
                let d_s_1 = x * d_s_2;
                d_x += s_saved[trip] * d_s_2;
                d_s += d_s_1;
            }
            d_x += d_s;
            FirstAboveGrad { x: d_x }
        },
    )
}
/// [`first_above_backward`] as a tuple with one entry per parameter of [`first_above`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `first_above` uses.
#[inline]
#[must_use]
pub fn first_above_pullback(cache: &FirstAboveCache, d_out: f64) -> (f64, ()) {
    let grad = first_above_backward(cache, d_out);
    (grad.x, ())
}
/// Which parameters of [`first_above`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const FIRST_ABOVE_WRT: [bool; 2] = [true, false];
