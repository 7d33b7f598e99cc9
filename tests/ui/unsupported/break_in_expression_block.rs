use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        let y = {
            if s > 5.0 {
                break;
            }
            x * (i as f64)
        };
        s += y;
    }
    s
}

fn main() {}
