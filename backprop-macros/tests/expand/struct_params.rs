// A struct of parameters by reference: field reads, a field's length as a bound.
#[differentiate(wrt(p))]
pub fn affine_loss(p: &Dense, x: &[f64; 2], y: f64) -> f64 {
    let mut z = p.b;
    for j in 0..p.w.len() {
        z += p.w[j] * x[j];
    }
    (z.tanh() - y).powi(2) * p.scale.l2
}
