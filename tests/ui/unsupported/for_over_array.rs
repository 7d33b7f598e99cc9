use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let mut s = 0.0;
    for w in [1.0, 2.0, 3.0] {
        s += w * x;
    }
    s
}

fn main() {}
