const _: () = {
    fn wrt_self_needs_derive_differentiable<T: ::backprop::Differentiable>() {}
    #[allow(dead_code)]
    fn wrt_self_check<T: Float>() {
        wrt_self_needs_derive_differentiable::<Poly<T>>();
    }
};
impl<T: Float> Poly<T> {
    pub fn loss(&self, x: T, y: T) -> T {
        let mut acc = T::zero();
        for i in 0..3 {
            acc = acc * x + self.c[2 - i];
        }
        (acc * self.scale - y).powi(2)
    }
}
/// Intermediates of [`Poly::loss`] saved by [`Poly::loss_forward`] for [`Poly::loss_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct PolyLossCache<'a, T: Float = f64> {
    /// The parameter `self_`.
    pub self_: &'a Poly<T>,
    /// The parameter `x`.
    pub x: T,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub acc_saved: [T; 3],
    /// How many runs are saved of `acc_2` and of the values computed with it.
    pub runs: usize,
    /// `acc` after the loop
    pub acc_4: T,
    /// `self_scale = self_.scale`
    pub self_scale: T,
    /// `out_t1_minus_y = out_t1 - y`
    pub out_t1_minus_y: T,
}
/// Gradient of [`Poly::loss`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct PolyLossGrad<T: Float = f64> {
    /// `∂Poly::loss/∂x`
    pub x: T,
}
impl<T: Float> Poly<T> {
    /// Staged forward pass of [`Poly::loss`]: its value, and the [`PolyLossCache`] that [`Poly::loss_backward`] needs.
    #[inline]
    #[must_use]
    pub fn loss_forward<'a>(&'a self, x: T, y: T) -> (T, PolyLossCache<'a, T>) {
        let self_ = self;
        let mut acc_saved: [T; 3] = [T::zero(); 3];
        let mut runs: usize = 0;
        let mut acc = T::zero();
        for i in 0..3 {
            acc_saved[runs] = acc;
            runs += 1;
            let acc_times_x = acc * x;
            let two_minus_i: usize = 2 - i;
            acc = acc_times_x + self_.c[two_minus_i];
        }
        let self_scale = self_.scale;
        let out_t1_minus_y = acc * self_scale - y;
        let out = out_t1_minus_y.powi(2);
        (
            out,
            PolyLossCache {
                self_,
                x,
                acc_saved,
                runs,
                acc_4: acc,
                self_scale,
                out_t1_minus_y,
            },
        )
    }
    /// Backward pass of [`Poly::loss`]: the gradient of `d_out * Poly::loss` at the point the cache was saved at
    /// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn loss_backward(
        cache: &PolyLossCache<'_, T>,
        d_out: T,
        d_self: &mut Poly<T>,
    ) -> PolyLossGrad<T> {
        let PolyLossCache {
            self_,
            x,
            ref acc_saved,
            runs,
            acc_4,
            self_scale,
            out_t1_minus_y,
        } = *cache;
        let mut run = runs;
        let d_out_t1_minus_y = ::backprop::__private::lit::<T>(2.0) * out_t1_minus_y
            * d_out;
        let mut d_acc = self_scale * d_out_t1_minus_y;
        d_self.scale = d_self.scale + acc_4 * d_out_t1_minus_y;
        let mut d_x = T::zero();
        for i in (0..3).rev() {
            run -= 1;
            let two_minus_i: usize = 2 - i;
            d_self.c[two_minus_i] = d_self.c[two_minus_i] + d_acc;
            d_x = d_x + acc_saved[run] * d_acc;
            d_acc = d_acc * x;
        }
        PolyLossGrad { x: d_x }
    }
    /// Value and gradient of [`Poly::loss`] in one call (`d_out = 1`): the statements of
    /// [`Poly::loss_forward`] and then of [`Poly::loss_backward`], fused so the saved values never move.
    #[inline]
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn loss_grad(&self, x: T, y: T, d_self: &mut Poly<T>) -> (T, PolyLossGrad<T>) {
        let self_ = self;
        let mut acc_saved: [T; 3] = [T::zero(); 3];
        let mut runs: usize = 0;
        let mut acc = T::zero();
        for i in 0..3 {
            acc_saved[runs] = acc;
            runs += 1;
            let acc_times_x = acc * x;
            let two_minus_i: usize = 2 - i;
            acc = acc_times_x + self_.c[two_minus_i];
        }
        let self_scale = self_.scale;
        let out_t1_minus_y = acc * self_scale - y;
        let out = out_t1_minus_y.powi(2);
        let d_out: T = T::one();
        (
            out,
            {
                let mut run = runs;
                let d_out_t1_minus_y = ::backprop::__private::lit::<T>(2.0)
                    * out_t1_minus_y * d_out;
                let mut d_acc = self_scale * d_out_t1_minus_y;
                d_self.scale = d_self.scale + acc * d_out_t1_minus_y;
                let mut d_x = T::zero();
                for i in (0..3).rev() {
                    run -= 1;
                    let two_minus_i: usize = 2 - i;
                    d_self.c[two_minus_i] = d_self.c[two_minus_i] + d_acc;
                    d_x = d_x + acc_saved[run] * d_acc;
                    d_acc = d_acc * x;
                }
                PolyLossGrad { x: d_x }
            },
        )
    }
    /// [`Poly::loss_backward`] as a tuple with one entry per parameter of [`Poly::loss`] (`()` for one
    /// that is not differentiated): what a `#[differentiate]` function calling `Poly::loss` uses.
    #[inline]
    pub fn loss_pullback(
        cache: &PolyLossCache<'_, T>,
        d_out: T,
        d_self: &mut Poly<T>,
    ) -> ((), T, ()) {
        let grad = Self::loss_backward(cache, d_out, d_self);
        ((), grad.x, ())
    }
    /// Which parameters of [`Poly::loss`] are differentiated, in order: functions calling it check
    /// at compile time that each argument they differentiate is.
    pub const LOSS_WRT: [bool; 3] = [true, true, false];
}
