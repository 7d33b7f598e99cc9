// A struct of parameters by reference: field reads, a field's length as a bound.
#[differentiate(wrt(p))]
pub fn affine_loss(p: &Dense, x: &[f64; 2], y: f64) -> f64 {
    let mut z = p.b;
    for j in 0..p.w.len() {
        z += p.w[j] * x[j];
    }
    (z.tanh() - y).powi(2) * p.scale.l2
}
// A layer function taking `&Dense`, called with a field of the model.
#[differentiate(wrt(p))]
pub fn loss(p: &Mlp, x: &[f64; 2], y: f64) -> f64 {
    let h: [f64; 3] = dense(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    (p.scale * out - y).powi(2)
}
