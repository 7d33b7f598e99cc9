// The notes' gate figure, with a constant input left out of `wrt`.
#[differentiate(wrt(x, y, z))]
fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}
