#[differentiate]
pub fn two_layer(w: &[[f64; 3]; 2], x: &[f64; 3]) -> f64 {
    let h: [f64; 2] = layers::affine(w, x);
    h[0] * h[1] + layers::poly(h, 0.5)
}
