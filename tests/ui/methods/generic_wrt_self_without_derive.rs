use backprop::{differentiate, Float};

// Generic over its float type, but not `#[derive(Differentiable)]`.
pub struct Scale<T: Float> {
    pub k: T,
}

#[differentiate]
impl<T: Float> Scale<T> {
    #[differentiate(wrt(self, x))]
    pub fn apply(&self, x: T) -> T {
        self.k * x
    }
}

fn main() {}
