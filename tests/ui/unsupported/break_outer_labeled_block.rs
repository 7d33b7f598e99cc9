use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let y = 'outer: {
        let t = 'inner: {
            if x > 1.0 {
                break 'outer x;
            }
            if x < 0.0 {
                break 'inner 0.0;
            }
            x * x
        };
        t + 1.0
    };
    y
}

fn main() {}
