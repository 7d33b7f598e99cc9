use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        s += if i % 2 == 0 { continue } else { x };
    }
    s
}

fn main() {}
