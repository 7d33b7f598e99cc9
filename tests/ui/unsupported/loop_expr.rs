use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s = loop {
        break x * y;
    };
    s
}

fn main() {}
