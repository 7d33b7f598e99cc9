use backprop::differentiate;

#[differentiate(hessian)]
fn energy(w: [f64; 3], x: [f64; 3]) -> f64 {
    let s = backprop::dot(w, x);
    s * s
}

fn main() {}
