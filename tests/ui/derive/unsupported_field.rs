use backprop::Differentiable;

#[derive(Clone, Differentiable)]
struct Params {
    w: [f64; 3],
    name: String,
    scale: Option<f64>,
}

fn main() {}
