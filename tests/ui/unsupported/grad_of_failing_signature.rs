use backprop::differentiate;

#[differentiate(wrt(z))]
fn f(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {
    let (value, grad) = f_grad(1.0, 2.0);
    let _ = (value, grad.x);
}
