use backprop::{differentiate, Float};

// A `where` clause on a function generic over its float type, and a trivial one on an
// `f64` function: the generated items carry both.
#[differentiate]
fn f<T>(x: T, y: T) -> T
where
    T: Float,
{
    x * y.sin()
}

#[differentiate]
fn g(x: f64) -> f64
where
    f64: Copy,
{
    x * x
}

fn main() {
    let (value, grad) = f_grad(2.0_f64, 0.5);
    assert_eq!(value, f(2.0, 0.5));
    assert_eq!((grad.x, grad.y), (0.5_f64.sin(), 2.0 * 0.5_f64.cos()));
    assert_eq!(g_grad(3.0).1.x, 6.0);
}
