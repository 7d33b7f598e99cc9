use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let v = vec![x, y];
    let w = v;
    w[0]
}

fn main() {}
