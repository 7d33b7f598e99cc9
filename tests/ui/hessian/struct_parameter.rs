use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct Spring {
    pub k: f64,
    pub rest: f64,
}

#[differentiate(hessian)]
fn energy(p: &Spring, x: f64) -> f64 {
    0.5 * p.k * (x - p.rest).powi(2)
}

fn main() {}
