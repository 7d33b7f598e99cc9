//! A differentiated function in a nested module, used from outside it.
mod model {
    pub mod layer {
        use backprop::differentiate;

        /// `x * x * y`
        #[differentiate]
        pub fn f(x: f64, y: f64) -> f64 {
            x * x * y
        }
    }
}

use model::layer::{f_backward, f_forward, f_grad, FCache, FGrad};

fn main() {
    let (value, grad): (f64, FGrad) = f_grad(3.0, 2.0);
    assert_eq!(value, 18.0);
    assert_eq!(grad, FGrad { x: 12.0, y: 9.0 });
    let (_, cache): (f64, FCache) = f_forward(3.0, 2.0);
    let cache = cache.clone();
    assert_eq!(f_backward(&cache, 2.0), FGrad { x: 24.0, y: 18.0 });
    assert_eq!(model::layer::f(3.0, 2.0), 18.0);
}
