use backprop::differentiate;

#[differentiate]
fn dot2(w: &[f64; 2], x: &[f64; 2]) -> f64 {
    w[0] * x[0] + w[1] * x[1]
}

#[differentiate(wrt(w))]
fn outer(w: &[f64; 2], x: &[f64; 2]) -> f64 {
    dot2(w, x).tanh()
}

fn main() {}
