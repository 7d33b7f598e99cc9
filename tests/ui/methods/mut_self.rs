use backprop::differentiate;

struct Model {
    w: f64,
}

#[differentiate]
impl Model {
    #[differentiate]
    fn f(&mut self, x: f64) -> f64 {
        self.w * x
    }
}

fn main() {}
