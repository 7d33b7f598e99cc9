use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct State {
    pub x: [f64; 2],
    pub mass: f64,
}

#[differentiate]
fn norm2(x: &[f64; 2]) -> f64 {
    x[0] * x[0] + x[1] * x[1]
}

// The cache of `norm2` would borrow `s`, which `kinetic`'s own cache owns.
#[differentiate]
fn kinetic(s: State) -> f64 {
    0.5 * s.mass * norm2(&s.x)
}

fn main() {}
