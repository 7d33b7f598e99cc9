use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let big = x > {
        let t = x * 0.5;
        t + 1.0
    };
    if big {
        x
    } else {
        -x
    }
}

fn main() {}
