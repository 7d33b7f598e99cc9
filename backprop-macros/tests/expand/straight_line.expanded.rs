pub fn straight(x: f64, y: f64, w1: f64, w2: f64, b: f64) -> f64 {
    let a = w1 * x;
    let c = w2 * y;
    let z = a + c + b;
    let h = z.tanh();
    let s = sigmoid(z);
    let g = h * s;
    let r2 = x * x + y * y;
    let r = r2.sqrt();
    let den = 1.0 + r;
    let u = g / den;
    let e = u.exp();
    let soft = (1.0 + e).ln();
    let penalty = 0.01 * (w1 * w1 + w2 * w2);
    let loss = soft + penalty;
    let q = x.sin() * y.cos();
    let t = q - b;
    let t2 = t * t;
    let m = t2.max(0.5);
    let k = m.sqrt();
    let l = loss * k;
    let o = l - q;
    let p = o.abs();
    let v = p + 1.0;
    let lv = v.ln();
    let sc = lv / den;
    let w = sc * sc;
    let f1 = w + loss;
    let f2 = f1 * 0.5;
    let f3 = f2 - t;
    f3 + h
}
/// Intermediates of [`straight`] saved by [`straight_forward`] for [`straight_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct StraightCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// The parameter `w1`.
    pub w1: f64,
    /// The parameter `w2`.
    pub w2: f64,
    /// `h = z.tanh()`
    pub h: f64,
    /// `s = sigmoid(z)`
    pub s: f64,
    /// `r = r2.sqrt()`
    pub r: f64,
    /// `den = 1.0 + r`
    pub den: f64,
    /// `u = g / den`
    pub u: f64,
    /// `e = u.exp()`
    pub e: f64,
    /// `one_plus_e = 1.0 + e`
    pub one_plus_e: f64,
    /// `loss = soft + penalty`
    pub loss: f64,
    /// `x_sin = x.sin()`
    pub x_sin: f64,
    /// `y_cos = y.cos()`
    pub y_cos: f64,
    /// `t = q - b`
    pub t: f64,
    /// `t2 = t * t`
    pub t2: f64,
    /// `k = m.sqrt()`
    pub k: f64,
    /// `o = l - q`
    pub o: f64,
    /// `v = p + 1.0`
    pub v: f64,
    /// `sc = lv / den`
    pub sc: f64,
}
/// Gradient of [`straight`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct StraightGrad {
    /// `∂straight/∂x`
    pub x: f64,
    /// `∂straight/∂y`
    pub y: f64,
    /// `∂straight/∂w1`
    pub w1: f64,
    /// `∂straight/∂w2`
    pub w2: f64,
    /// `∂straight/∂b`
    pub b: f64,
}
/// Staged forward pass of [`straight`]: its value, and the [`StraightCache`] that [`straight_backward`] needs.
#[inline]
#[must_use]
pub fn straight_forward(
    x: f64,
    y: f64,
    w1: f64,
    w2: f64,
    b: f64,
) -> (f64, StraightCache) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let a = w1 * x;
    let c = w2 * y;
    let z = a + c + b;
    let h = z.tanh();
    let s = ::backprop::sigmoid(z);
    let g = h * s;
    let r2 = x * x + y * y;
    let r = r2.sqrt();
    let den = 1.0 + r;
    let u = g / den;
    let e = u.exp();
    let one_plus_e = 1.0 + e;
    let soft = one_plus_e.ln();
    let penalty = 0.01 * (w1 * w1 + w2 * w2);
    let loss = soft + penalty;
    let x_sin = x.sin();
    let y_cos = y.cos();
    let q = x_sin * y_cos;
    let t = q - b;
    let t2 = t * t;
    let m = t2.max(0.5);
    let k = m.sqrt();
    let l = loss * k;
    let o = l - q;
    let p = o.abs();
    let v = p + 1.0;
    let lv = v.ln();
    let sc = lv / den;
    let w = sc * sc;
    let f1 = w + loss;
    let f2 = f1 * 0.5;
    let f3 = f2 - t;
    let out = f3 + h;
    (
        out,
        StraightCache {
            x,
            y,
            w1,
            w2,
            h,
            s,
            r,
            den,
            u,
            e,
            one_plus_e,
            loss,
            x_sin,
            y_cos,
            t,
            t2,
            k,
            o,
            v,
            sc,
        },
    )
}
/// Backward pass of [`straight`]: the gradient of `d_out * straight` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn straight_backward(cache: &StraightCache, d_out: f64) -> StraightGrad {
    let StraightCache {
        x,
        y,
        w1,
        w2,
        h,
        s,
        r,
        den,
        u,
        e,
        one_plus_e,
        loss,
        x_sin,
        y_cos,
        t,
        t2,
        k,
        o,
        v,
        sc,
    } = *cache;
    let mut d_h = d_out;
    let mut d_t = -d_out;
    let d_f1 = 0.5 * d_out;
    let mut d_loss = d_f1;
    let d_sc = 2.0 * sc * d_f1;
    let inv_den = 1.0 / den;
    let d_lv = inv_den * d_sc;
    let mut d_den = -sc * inv_den * d_sc;
    let d_v = d_lv / v;
    let d_o = ::backprop::__private::abs_slope(o) * d_v;
    let mut d_q = -d_o;
    d_loss += k * d_o;
    let d_k = loss * d_o;
    let d_m = ::backprop::__private::sqrt_slope(k) * d_k;
    let d_t2 = ::backprop::__private::max_grad(t2, 0.5, d_m);
    d_t += 2.0 * t * d_t2;
    d_q += d_t;
    let mut d_b = -d_t;
    let d_x_sin = y_cos * d_q;
    let mut d_y = -y.sin() * (x_sin * d_q);
    let mut d_x = x.cos() * d_x_sin;
    let d_penalty_t1 = 0.01 * d_loss;
    let mut d_w2 = 2.0 * w2 * d_penalty_t1;
    let mut d_w1 = 2.0 * w1 * d_penalty_t1;
    let d_u = e * (d_loss / one_plus_e);
    let d_g = inv_den * d_u;
    d_den -= u * inv_den * d_u;
    let d_r2 = ::backprop::__private::sqrt_slope(r) * d_den;
    d_y += 2.0 * y * d_r2;
    d_x += 2.0 * x * d_r2;
    d_h += s * d_g;
    let d_s = h * d_g;
    let mut d_z = (1.0 - s) * s * d_s;
    d_z += (1.0 - h * h) * d_h;
    d_b += d_z;
    d_w2 += y * d_z;
    d_y += w2 * d_z;
    d_w1 += x * d_z;
    d_x += w1 * d_z;
    StraightGrad {
        x: d_x,
        y: d_y,
        w1: d_w1,
        w2: d_w2,
        b: d_b,
    }
}
/// Value and gradient of [`straight`] in one call (`d_out = 1`): the statements of
/// [`straight_forward`] and then of [`straight_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn straight_grad(x: f64, y: f64, w1: f64, w2: f64, b: f64) -> (f64, StraightGrad) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let a = w1 * x;
    let c = w2 * y;
    let z = a + c + b;
    let h = z.tanh();
    let s = ::backprop::sigmoid(z);
    let g = h * s;
    let r2 = x * x + y * y;
    let r = r2.sqrt();
    let den = 1.0 + r;
    let u = g / den;
    let e = u.exp();
    let one_plus_e = 1.0 + e;
    let soft = one_plus_e.ln();
    let penalty = 0.01 * (w1 * w1 + w2 * w2);
    let loss = soft + penalty;
    let x_sin = x.sin();
    let y_cos = y.cos();
    let q = x_sin * y_cos;
    let t = q - b;
    let t2 = t * t;
    let m = t2.max(0.5);
    let k = m.sqrt();
    let l = loss * k;
    let o = l - q;
    let p = o.abs();
    let v = p + 1.0;
    let lv = v.ln();
    let sc = lv / den;
    let w = sc * sc;
    let f1 = w + loss;
    let f2 = f1 * 0.5;
    let f3 = f2 - t;
    let out = f3 + h;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_h = d_out;
            let mut d_t = -d_out;
            let d_f1 = 0.5 * d_out;
            let mut d_loss = d_f1;
            let d_sc = 2.0 * sc * d_f1;
            let inv_den = 1.0 / den;
            let d_lv = inv_den * d_sc;
            let mut d_den = -sc * inv_den * d_sc;
            let d_v = d_lv / v;
            let d_o = ::backprop::__private::abs_slope(o) * d_v;
            let mut d_q = -d_o;
            d_loss += k * d_o;
            let d_k = loss * d_o;
            let d_m = ::backprop::__private::sqrt_slope(k) * d_k;
            let d_t2 = ::backprop::__private::max_grad(t2, 0.5, d_m);
            d_t += 2.0 * t * d_t2;
            d_q += d_t;
            let mut d_b = -d_t;
            let d_x_sin = y_cos * d_q;
            let mut d_y = -y.sin() * (x_sin * d_q);
            let mut d_x = x.cos() * d_x_sin;
            let d_penalty_t1 = 0.01 * d_loss;
            let mut d_w2 = 2.0 * w2 * d_penalty_t1;
            let mut d_w1 = 2.0 * w1 * d_penalty_t1;
            let d_u = e * (d_loss / one_plus_e);
            let d_g = inv_den * d_u;
            d_den -= u * inv_den * d_u;
            let d_r2 = ::backprop::__private::sqrt_slope(r) * d_den;
            d_y += 2.0 * y * d_r2;
            d_x += 2.0 * x * d_r2;
            d_h += s * d_g;
            let d_s = h * d_g;
            let mut d_z = (1.0 - s) * s * d_s;
            d_z += (1.0 - h * h) * d_h;
            d_b += d_z;
            d_w2 += y * d_z;
            d_y += w2 * d_z;
            d_w1 += x * d_z;
            d_x += w1 * d_z;
            StraightGrad {
                x: d_x,
                y: d_y,
                w1: d_w1,
                w2: d_w2,
                b: d_b,
            }
        },
    )
}
/// [`straight_backward`] as a tuple with one entry per parameter of [`straight`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `straight` uses.
#[inline]
#[must_use]
pub fn straight_pullback(
    cache: &StraightCache,
    d_out: f64,
) -> (f64, f64, f64, f64, f64) {
    let grad = straight_backward(cache, d_out);
    (grad.x, grad.y, grad.w1, grad.w2, grad.b)
}
/// Which parameters of [`straight`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const STRAIGHT_WRT: [bool; 5] = [true, true, true, true, true];
