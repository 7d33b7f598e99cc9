// Arrays passed to another `#[differentiate]` function: rows of a matrix by
// reference, a sub-slice, and a row by value.
#[differentiate]
pub fn layer_loss(w: &[[f64; 3]; 2], x: &[f64; 3], c: [[f64; 3]; 2]) -> f64 {
    let mut s = 0.0;
    for i in 0..2 {
        s += layers::neuron(&w[i], x, 0.1).powi(2);
    }
    s + layers::poly(c[1], s)
}
#[differentiate]
pub fn halves(x: &[f64]) -> f64 {
    let n = x.len() / 2;
    layers::sum_sq(&x[..n]) * layers::sum_sq(&x[n..]) + x[0]
}
