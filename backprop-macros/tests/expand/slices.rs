#[differentiate(wrt(w))]
fn logistic(w: &[f64], x: &[f64], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -(sigmoid(y * z)).ln()
}
