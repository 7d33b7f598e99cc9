use backprop::differentiate;

#[differentiate]
fn inner(w: &[f64], x: &[f64]) -> f64 {
    w[0] * x[0] + w[1] * x[1]
}

#[differentiate(wrt(w))]
fn outer(w: &[f64], x: &[f64]) -> f64 {
    inner(w, x).tanh()
}

fn main() {}
