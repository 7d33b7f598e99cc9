use backprop::differentiate;

#[differentiate]
fn square(x: f64) -> f64 {
    x * x
}

#[differentiate(jvp)]
fn f(x: f64, y: f64) -> f64 {
    square(x) + y
}

fn main() {
    let _ = f_jvp(1.0, 2.0, 1.0, 0.0);
}
