use backprop::{differentiate, Differentiable};

#[derive(Clone, Differentiable)]
struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    // An associated function has no `self` to differentiate.
    #[differentiate(wrt(self, x))]
    fn f(x: f64) -> f64 {
        x * x
    }
}

fn main() {}
