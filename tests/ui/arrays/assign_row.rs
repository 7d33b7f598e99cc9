use backprop::differentiate;

#[differentiate]
fn rows(w: [f64; 2]) -> f64 {
    let mut m = [[0.0; 2]; 2];
    m[0] = w;
    m[1][1] = w[0];
    m[0][0] + m[1][1]
}

fn main() {}
