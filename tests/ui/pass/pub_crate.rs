//! `pub(crate)` visibility is carried over to the generated items.
mod inner {
    use backprop::differentiate;

    #[differentiate]
    pub(crate) fn f(x: f64) -> f64 {
        x.exp()
    }
}

fn main() {
    let (value, grad): (f64, inner::FGrad) = inner::f_grad(0.0);
    assert_eq!(value, 1.0);
    assert_eq!(grad.x, 1.0);
    let (_, cache): (f64, inner::FCache) = inner::f_forward(0.0);
    assert_eq!(inner::f_backward(&cache, 3.0).x, 3.0);
}
