use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let y = 'b: {
        if x < 0.0 {
            return 0.0;
        }
        if x > 1.0 {
            break 'b 1.0;
        }
        x * x
    };
    y
}

fn main() {}
