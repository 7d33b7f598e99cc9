use backprop::differentiate;

#[differentiate(wrt(w))]
fn f(w: &[f64], labels: &[usize]) -> f64 {
    w[labels[0]]
}

fn main() {}
