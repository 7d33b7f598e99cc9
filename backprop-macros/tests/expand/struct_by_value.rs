/// A particle in the plane.
pub struct State {
    pub x: [f64; 2],
    pub v: [f64; 2],
    pub mass: f64,
}

/// Kinetic plus spring energy of a state taken by value.
#[differentiate]
pub fn energy(s: State, k: f64) -> f64 {
    let mut kinetic = 0.0;
    for i in 0..2 {
        kinetic += s.v[i] * s.v[i];
    }
    let potential = 0.5 * k * (s.x[0] * s.x[0] + s.x[1] * s.x[1]);
    0.5 * s.mass * kinetic + potential
}
