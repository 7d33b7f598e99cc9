use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let double = unsafe { std::ptr::read(&x) } * 2.0;
    double + y
}

fn main() {
    let (value, grad) = f_grad(1.0, 2.0);
    let (v, cache) = f_forward(1.0, 2.0);
    let g: FGrad = f_backward(&cache, 1.0);
    let _ = (value, grad.x, grad.y, v, g);
}
