use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let y = 'done: {
        if x > 1.0 {
            break 'done x;
        }
        x * x
    };
    y
}

fn main() {}
