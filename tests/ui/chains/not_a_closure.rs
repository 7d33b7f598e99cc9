use backprop::differentiate;
fn positive(v: &&f64) -> bool {
    **v > 0.0
}

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().filter(positive).map(|v| v.ln()).sum()
}

fn main() {}
