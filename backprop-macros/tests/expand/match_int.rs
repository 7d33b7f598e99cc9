// A `match` on an integer parameter (constant data).
#[differentiate]
pub fn blend(x: f64, y: f64, kind: u8) -> f64 {
    match kind {
        0 => x * y,
        1 => x.sin() + y,
        _ => (x - y).powi(2),
    }
}
