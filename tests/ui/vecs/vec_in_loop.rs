use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in 0..x.len() {
        let mut v = Vec::with_capacity(2);
        v.push(x[i]);
        total += v[0];
    }
    total
}

fn main() {}
