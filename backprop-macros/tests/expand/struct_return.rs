/// A particle on a line.
pub struct State {
    pub x: f64,
    pub v: f64,
    pub steps: usize,
}

/// One semi-implicit Euler step of `x'' = -k x - c v`, returning the next state.
#[differentiate]
pub fn step(s: &State, dt: f64, k: f64, c: f64) -> State {
    let a = -k * s.x - c * s.v;
    let v = s.v + dt * a;
    State {
        x: s.x + dt * v,
        v,
        steps: s.steps + 1,
    }
}
