use backprop::differentiate;

#[differentiate]
fn scale(w: [f64; 3], x: f64) -> f64 {
    for i in 0..3 {
        w[i] *= x;
    }
    w[0] + w[1] + w[2]
}

fn main() {}
