// A method of a generic `impl` block, differentiated with respect to `self` and `x`:
// the structs carry the block's `T` (defaulting to `f64`), the generated methods,
// in a second `impl<T: Float> Poly<T>`, do not redeclare it.
#[differentiate]
impl<T: Float> Poly<T> {
    #[differentiate(wrt(self, x))]
    pub fn loss(&self, x: T, y: T) -> T {
        let mut acc = T::zero();
        for i in 0..3 {
            acc = acc * x + self.c[2 - i];
        }
        (acc * self.scale - y).powi(2)
    }
}
