use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct State {
    pub x: f64,
    pub v: f64,
}

#[differentiate]
fn drift(s: &State, dt: f64) -> State {
    State { x: s.x + dt * s.v, ..*s }
}

fn main() {}
