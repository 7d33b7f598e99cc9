use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct State {
    pub x: [f64; 2],
    pub mass: f64,
}

#[differentiate]
fn energy(s: State) -> f64 {
    s.mass * s.x[0] * s.x[0]
}

#[differentiate]
fn doubled(s: State) -> f64 {
    2.0 * s.mass + energy(s)
}

fn main() {}
