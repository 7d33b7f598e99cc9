use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let mut s = x;
    'found: {
        for _ in 0..10 {
            s *= 0.5;
            if s < 0.1 {
                break 'found;
            }
        }
        s = 0.0;
    }
    s
}

fn main() {}
