//! Parameters named `cache` and `d_out`: the backward fn's own `cache`/`d_out`
//! parameters must not clash with them.
use backprop::differentiate;

#[differentiate]
fn f(cache: f64, d_out: f64) -> f64 {
    cache * cache * d_out
}

fn main() {
    let (value, grad) = f_grad(3.0, 2.0);
    assert_eq!(value, 18.0);
    assert_eq!(grad.cache, 12.0);
    assert_eq!(grad.d_out, 9.0);
    let (value, c) = f_forward(3.0, 2.0);
    assert_eq!(value, 18.0);
    let grad = f_backward(&c, 0.5);
    assert_eq!((grad.cache, grad.d_out), (6.0, 4.5));
}
