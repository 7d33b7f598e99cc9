use backprop::{differentiate, Differentiable};

#[derive(Clone, Differentiable)]
struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    #[differentiate(wrt(self))]
    fn f(&mut self, x: f64) -> f64 {
        self.w * x
    }
}

fn main() {}
