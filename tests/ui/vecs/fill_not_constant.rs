use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let v = vec![x; 3];
    v[0] + v[2]
}

fn main() {}
