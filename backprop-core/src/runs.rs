//! [`Runs`]: the values a loop saves per iteration when its bound is a `const` item,
//! whose value the macro cannot see: a fixed-size array when they fit the stack
//! budget (decided at compile time by [`inline_len`]), else a `Vec` that grows as
//! iterations happen.

/// The bytes a cache may give to the fixed-size arrays of `const`-bounded loops; the
/// macro divides it among them. Past it, runs are saved on the heap.
pub const STACK_BUDGET: usize = 64 * 1024;

/// The length of the inline array of a [`Runs`] of at most `runs` values of type `T`
/// within `budget` bytes: `runs` if they all fit, else 0 (all on the heap).
#[must_use]
pub const fn inline_len<T>(runs: usize, budget: usize) -> usize {
    match runs.checked_mul(core::mem::size_of::<T>()) {
        Some(bytes) if bytes <= budget => runs,
        _ => 0,
    }
}

/// Values saved one per run, read back by index: the first `INLINE` in an array, the
/// rest in a `Vec` (which allocates only if it is pushed to).
#[derive(Debug, Clone)]
pub struct Runs<T, const INLINE: usize> {
    inline: [T; INLINE],
    heap: Vec<T>,
    len: usize,
}

impl<T: Default, const INLINE: usize> Runs<T, INLINE> {
    /// No runs saved yet.
    #[must_use]
    #[inline]
    pub fn new() -> Self {
        Runs {
            inline: core::array::from_fn(|_| T::default()),
            heap: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Default, const INLINE: usize> Default for Runs<T, INLINE> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const INLINE: usize> Runs<T, INLINE> {
    /// Saves one run.
    #[inline]
    pub fn push(&mut self, value: T) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = value,
            None => self.heap.push(value),
        }
        self.len += 1;
    }

    /// How many runs are saved.
    #[must_use]
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no run is saved.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<T, const INLINE: usize> core::ops::Index<usize> for Runs<T, INLINE> {
    type Output = T;

    /// Run `index`, in the order they were saved.
    #[inline]
    fn index(&self, index: usize) -> &T {
        match self.inline.get(index) {
            Some(value) => value,
            None => &self.heap[index - INLINE],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_fill_the_array_then_the_heap() {
        let mut small: Runs<f64, { inline_len::<f64>(3, 64) }> = Runs::new();
        let mut large: Runs<f64, { inline_len::<f64>(100, 64) }> = Runs::new();
        for i in 0..5 {
            small.push(f64::from(i));
            large.push(f64::from(i));
        }
        assert_eq!((small.len(), large.len()), (5, 5));
        assert_eq!(small.heap.len(), 2);
        assert_eq!(large.heap.len(), 5);
        for i in 0..5 {
            assert_eq!(small[i], i as f64);
            assert_eq!(large[i], i as f64);
        }
        assert_eq!(inline_len::<f64>(8, 64), 8);
        assert_eq!(inline_len::<f64>(9, 64), 0);
        assert_eq!(inline_len::<u8>(usize::MAX, 64), 0);
    }
}
