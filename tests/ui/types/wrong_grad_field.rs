use backprop::differentiate;

#[differentiate(wrt(x))]
fn f(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {
    let (_, grad) = f_grad(1.0, 2.0);
    let _ = grad.y;
}
