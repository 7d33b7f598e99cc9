use backprop::differentiate;

#[differentiate]
fn nest(w: [f64; 2]) -> f64 {
    let mut a = [0.0; 2];
    a[0] = w;
    a[0] + a[1]
}

fn main() {}
