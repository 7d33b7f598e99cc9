use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let mut s = x;
    for _ in 0.. {
        s *= 0.5;
        if s < 1.0 {
            break;
        }
    }
    s
}

fn main() {}
