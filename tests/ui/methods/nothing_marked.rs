use backprop::differentiate;

struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    fn f(&self, x: f64) -> f64 {
        self.w * x
    }
}

fn main() {}
