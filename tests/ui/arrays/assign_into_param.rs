use backprop::differentiate;

#[differentiate]
fn bump(mut w: [f64; 2]) -> f64 {
    w[0] = w[1] * 2.0;
    w[0]
}

fn main() {}
