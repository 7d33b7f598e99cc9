use backprop::differentiate;

trait Loss {
    fn loss(&self, x: f64) -> f64;
}

struct Model;

#[differentiate]
impl Loss for Model {
    #[differentiate]
    fn loss(&self, x: f64) -> f64 {
        x * x
    }
}

fn main() {}
