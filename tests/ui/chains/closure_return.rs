use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let g = |t: f64| {
        if t > 0.0 {
            return t;
        }
        -t
    };
    g(x)
}

fn main() {}
