use backprop::differentiate;

#[differentiate]
fn f(xs: [[f64; 2]; 3]) -> f64 {
    let mut s = 0.0;
    for r in xs.iter() {
        s += backprop::dot(*r, [1.0, 2.0]);
    }
    s
}

fn main() {}
