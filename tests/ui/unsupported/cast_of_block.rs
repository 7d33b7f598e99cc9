use backprop::differentiate;

#[differentiate]
fn f(x: f64, w: [f64; 4]) -> f64 {
    let i = {
        let t = x * 3.0;
        t.floor()
    } as usize;
    w[i] * x
}

fn main() {}
