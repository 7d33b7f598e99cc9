use backprop::differentiate;

fn weights() -> Vec<f64> {
    vec![1.0, 2.0, 3.0]
}

#[differentiate]
fn f(x: f64) -> f64 {
    let mut s = 0.0;
    for w in weights() {
        s += w * x;
    }
    s
}

fn main() {}
