use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct State {
    pub x: f64,
    pub v: f64,
}

#[differentiate]
fn drift(s0: &State, dt: f64) -> f64 {
    let mut s = *s0;
    s.x += dt * s.v;
    s.x
}

fn main() {}
