use backprop::differentiate;

pub struct Scale<T> {
    pub k: T,
}

// The block's `T` is not bound by `Float`: the method cannot differentiate `x: T`.
#[differentiate]
impl<T: Copy + std::ops::Mul<Output = T>> Scale<T> {
    #[differentiate]
    pub fn apply(&self, x: T) -> T {
        self.k * x
    }
}

fn main() {}
