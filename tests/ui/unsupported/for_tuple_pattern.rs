use backprop::differentiate;

#[differentiate]
fn f(m: [[f64; 2]; 3]) -> f64 {
    let mut s = 0.0;
    for [a, b] in m.iter() {
        s += a * b;
    }
    s
}

fn main() {}
