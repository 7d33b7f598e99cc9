use backprop::differentiate;

struct Model;

impl Model {
    #[differentiate]
    fn square(x: f64) -> f64 {
        x * x
    }
}

fn main() {
    let _ = Model::square(2.0);
}
