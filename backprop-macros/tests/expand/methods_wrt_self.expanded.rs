const _: fn() = || {
    fn wrt_self_needs_derive_differentiable<T: ::backprop::Differentiable>() {}
    wrt_self_needs_derive_differentiable::<Model>();
};
const _: fn() = || {
    fn wrt_self_needs_derive_differentiable<T: ::backprop::Differentiable>() {}
    wrt_self_needs_derive_differentiable::<Model>();
};
impl Model {
    pub fn predict(&self, x: f64) -> f64 {
        let mut out = self.b;
        for i in 0..2 {
            out += self.v[i] * (self.w[i] * x).tanh();
        }
        out
    }
    pub fn squared(&self, x: f64) -> f64 {
        self.predict(x).powi(2)
    }
}
/// Intermediates of [`Model::predict`] saved by [`Model::predict_forward`] for [`Model::predict_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct ModelPredictCache<'a> {
    /// The parameter `self_`.
    pub self_: &'a Model,
    /// The parameter `x`.
    pub x: f64,
    /// `out_t1 = self_w_i_times_x.tanh()`, saved each time it is computed (read back in reverse by the backward pass)
    pub out_t1_saved: [f64; 2],
}
/// Gradient of [`Model::predict`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct ModelPredictGrad {
    /// `∂Model::predict/∂x`
    pub x: f64,
}
/// Intermediates of [`Model::squared`] saved by [`Model::squared_forward`] for [`Model::squared_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct ModelSquaredCache<'a> {
    /// The parameter `self_`.
    pub self_: &'a Model,
    /// `out_cache`
    pub out_cache: ModelPredictCache<'a>,
    /// `predict_out = Self::predict(self_, x)`
    pub predict_out: f64,
}
/// Gradient of [`Model::squared`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct ModelSquaredGrad {}
impl Model {
    /// Staged forward pass of [`Model::predict`]: its value, and the [`ModelPredictCache`] that [`Model::predict_backward`] needs.
    #[inline]
    #[must_use]
    pub fn predict_forward<'a>(&'a self, x: f64) -> (f64, ModelPredictCache<'a>) {
        let self_ = self;
        let mut out_t1_saved: [f64; 2] = [0.0; 2];
        let mut out = self_.b;
        for i in 0..2 {
            let self_v_i = self_.v[i];
            let out_t1 = (self_.w[i] * x).tanh();
            out_t1_saved[i] = out_t1;
            out += self_v_i * out_t1;
        }
        (
            out,
            ModelPredictCache {
                self_,
                x,
                out_t1_saved,
            },
        )
    }
    /// Backward pass of [`Model::predict`]: the gradient of `d_out * Model::predict` at the point the cache was saved at
    /// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn predict_backward(
        cache: &ModelPredictCache<'_>,
        d_out: f64,
        d_self: &mut Model,
    ) -> ModelPredictGrad {
        let ModelPredictCache { self_, x, ref out_t1_saved } = *cache;
        let mut d_x = 0.0;
        for i in (0..2).rev() {
            let out_t1 = out_t1_saved[i];
            let self_v_i = self_.v[i];
            let self_w_i = self_.w[i];
            let d_self_v_i = out_t1 * d_out;
            let d_self_w_i_times_x = (1.0 - out_t1 * out_t1) * (self_v_i * d_out);
            let d_self_w_i = x * d_self_w_i_times_x;
            d_x += self_w_i * d_self_w_i_times_x;
            d_self.w[i] += d_self_w_i;
            d_self.v[i] += d_self_v_i;
        }
        d_self.b += d_out;
        ModelPredictGrad { x: d_x }
    }
    /// Value and gradient of [`Model::predict`] in one call (`d_out = 1`): the statements of
    /// [`Model::predict_forward`] and then of [`Model::predict_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
    #[inline]
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn predict_grad(&self, x: f64, d_self: &mut Model) -> (f64, ModelPredictGrad) {
        let self_ = self;
        let mut out = self_.b;
        let d_out: f64 = 1.0;
        let mut d_x = 0.0;
        for i in 0..2 {
            let self_v_i = self_.v[i];
            let self_w_i = self_.w[i];
            let out_t1 = (self_w_i * x).tanh();
            out += self_v_i * out_t1;
            let d_self_v_i = out_t1 * d_out;
            let d_self_w_i_times_x = (1.0 - out_t1 * out_t1) * (self_v_i * d_out);
            let d_self_w_i = x * d_self_w_i_times_x;
            d_x += self_w_i * d_self_w_i_times_x;
            d_self.w[i] += d_self_w_i;
            d_self.v[i] += d_self_v_i;
        }
        d_self.b += d_out;
        (out, ModelPredictGrad { x: d_x })
    }
    /// [`Model::predict_backward`] as a tuple with one entry per parameter of [`Model::predict`] (`()` for one
    /// that is not differentiated): what a `#[differentiate]` function calling `Model::predict` uses.
    #[inline]
    pub fn predict_pullback(
        cache: &ModelPredictCache<'_>,
        d_out: f64,
        d_self: &mut Model,
    ) -> ((), f64) {
        let grad = Self::predict_backward(cache, d_out, d_self);
        ((), grad.x)
    }
    /// Which parameters of [`Model::predict`] are differentiated, in order: functions calling it check
    /// at compile time that each argument they differentiate is.
    pub const PREDICT_WRT: [bool; 2] = [true, true];
    /// Staged forward pass of [`Model::squared`]: its value, and the [`ModelSquaredCache`] that [`Model::squared_backward`] needs.
    #[inline]
    #[must_use]
    pub fn squared_forward<'a>(&'a self, x: f64) -> (f64, ModelSquaredCache<'a>) {
        let self_ = self;
        const _: () = ::core::assert!(
            Model::PREDICT_WRT[0],
            "`Self::predict` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (predict_out, out_cache) = Self::predict_forward(self_, x);
        let out = predict_out.powi(2);
        (
            out,
            ModelSquaredCache {
                self_,
                out_cache,
                predict_out,
            },
        )
    }
    /// Backward pass of [`Model::squared`]: the gradient of `d_out * Model::squared` at the point the cache was saved at
    /// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn squared_backward(
        cache: &ModelSquaredCache<'_>,
        d_out: f64,
        d_self: &mut Model,
    ) -> ModelSquaredGrad {
        let ModelSquaredCache { self_, ref out_cache, predict_out } = *cache;
        let d_predict_out = 2.0 * predict_out * d_out;
        Self::predict_pullback(&out_cache, d_predict_out, &mut *d_self);
        ModelSquaredGrad {}
    }
    /// Value and gradient of [`Model::squared`] in one call (`d_out = 1`): the statements of
    /// [`Model::squared_forward`] and then of [`Model::squared_backward`], fused so the saved values never move.
    #[inline]
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn squared_grad<'a>(
        &'a self,
        x: f64,
        d_self: &mut Model,
    ) -> (f64, ModelSquaredGrad) {
        let self_ = self;
        const _: () = ::core::assert!(
            Model::PREDICT_WRT[0],
            "`Self::predict` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (predict_out, out_cache) = Self::predict_forward(self_, x);
        let out = predict_out.powi(2);
        let d_out: f64 = 1.0;
        (
            out,
            {
                let d_predict_out = 2.0 * predict_out * d_out;
                Self::predict_pullback(&out_cache, d_predict_out, &mut *d_self);
                ModelSquaredGrad {}
            },
        )
    }
    /// [`Model::squared_backward`] as a tuple with one entry per parameter of [`Model::squared`] (`()` for one
    /// that is not differentiated): what a `#[differentiate]` function calling `Model::squared` uses.
    #[inline]
    pub fn squared_pullback(
        cache: &ModelSquaredCache<'_>,
        d_out: f64,
        d_self: &mut Model,
    ) -> ((), ()) {
        Self::squared_backward(cache, d_out, d_self);
        ((), ())
    }
    /// Which parameters of [`Model::squared`] are differentiated, in order: functions calling it check
    /// at compile time that each argument they differentiate is.
    pub const SQUARED_WRT: [bool; 2] = [true, false];
}
