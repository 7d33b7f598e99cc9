use backprop::{differentiate, Differentiable};

#[derive(Clone, Copy, Debug, Differentiable)]
pub struct State {
    pub x: f64,
    pub v: f64,
}

#[differentiate]
fn step(s: &State, dt: f64) -> State {
    let next = State { x: s.x + dt * s.v, v: s.v };
    next
}

fn main() {}
