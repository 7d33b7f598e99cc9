use backprop::differentiate;

// No `#[derive(backprop::Differentiable)]`: `wrt(self)` has no `d_self` to add into.
#[derive(Debug)]
struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    #[differentiate(wrt(self, x))]
    fn f(&self, x: f64) -> f64 {
        self.w * x
    }
}

fn main() {}
