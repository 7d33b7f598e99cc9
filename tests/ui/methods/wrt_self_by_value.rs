use backprop::{differentiate, Differentiable};

#[derive(Clone, Differentiable)]
struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    #[differentiate(wrt(self, x))]
    fn f(self, x: f64) -> f64 {
        self.w * x
    }
}

fn main() {}
