// A method differentiated with respect to `self`: `d_self: &mut Self` is the first
// buffer, the receiver read as a struct parameter (`self_` in the body).
#[differentiate]
impl Model {
    #[differentiate(wrt(self, x))]
    pub fn predict(&self, x: f64) -> f64 {
        let mut out = self.b;
        for i in 0..2 {
            out += self.v[i] * (self.w[i] * x).tanh();
        }
        out
    }

    // Another `wrt(self)` method through `self`: `Self::predict(self_, x)`, its
    // pullback adding into the same `d_self`.
    #[differentiate(wrt(self))]
    pub fn squared(&self, x: f64) -> f64 {
        self.predict(x).powi(2)
    }
}
