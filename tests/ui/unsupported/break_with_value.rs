use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    loop {
        s *= y;
        if s > 10.0 {
            break s * 2.0;
        }
    }
}

fn main() {}
