use backprop::differentiate;

struct Model;

#[differentiate(wrt(x))]
impl Model {
    #[differentiate]
    fn f(&self, x: f64) -> f64 {
        x * x
    }
}

fn main() {}
