use backprop::differentiate;

#[differentiate(circuit)]
fn polar(r: f64, t: f64) -> (f64, f64) {
    (r * t.cos(), r * t.sin())
}

fn main() {}
