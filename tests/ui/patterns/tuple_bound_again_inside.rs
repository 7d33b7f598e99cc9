use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let t = (x, y);
    let s = {
        let t = x * 2.0;
        t * y
    };
    s + t.0 * t.1
}

fn main() {}
