// A function returning a tuple: `_forward`, `_backward` with a tuple `d_out`, `_jacobian`.
#[differentiate]
pub fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    (r * theta.cos(), r * theta.sin())
}
