use backprop::differentiate;

#[differentiate(wrt(x))]
fn scaled(x: f64, k: f64) -> f64 {
    k * x.exp()
}

#[differentiate]
fn caller(x: f64, k: f64) -> f64 {
    scaled(x, k * 2.0)
}

fn main() {}
