use backprop::differentiate;

#[differentiate]
fn f(m: &[[f64; 2]]) -> f64 {
    m.windows(2).map(|w| w[0][0] * w[1][1]).sum()
}

fn main() {}
