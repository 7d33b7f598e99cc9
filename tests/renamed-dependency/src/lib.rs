//! `backprop` depended on as `bp` (`bp = { package = "backprop", .. }`): the generated
//! code must name it `::bp`, for the gates, the helpers at kinks and array zeros.

use bp::differentiate;

/// A gate (`sigmoid`), a helper at a kink (`max`) and an array parameter (its
/// gradient starts as an array of zeros).
#[differentiate]
pub fn neuron(w: [f64; 3], x: f64, b: f64) -> f64 {
    let z = w[0] * x + w[1] * x * x + b;
    bp::sigmoid(z).max(w[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_finite_differences() {
        let (w, x, b) = ([0.3, -0.2, 0.1], 1.5, 0.25);
        let (value, grad) = neuron_grad(w, x, b);
        assert_eq!(value, neuron(w, x, b));
        let h = 1e-6;
        let dx = (neuron(w, x + h, b) - neuron(w, x - h, b)) / (2.0 * h);
        let db = (neuron(w, x, b + h) - neuron(w, x, b - h)) / (2.0 * h);
        assert!((grad.x - dx).abs() < 1e-8, "{} vs {dx}", grad.x);
        assert!((grad.b - db).abs() < 1e-8, "{} vs {db}", grad.b);
        for i in 0..3 {
            let (mut up, mut down) = (w, w);
            up[i] += h;
            down[i] -= h;
            let dw = (neuron(up, x, b) - neuron(down, x, b)) / (2.0 * h);
            assert!(
                (grad.w[i] - dw).abs() < 1e-8,
                "w[{i}]: {} vs {dw}",
                grad.w[i]
            );
        }
    }
}
