use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let a = if x > 0.0 { x } else { y };
    println!("a = {a}");
    a * y
}

fn main() {}
