//! Stacks of values saved by a generated forward pass inside loops and branches, and
//! replayed in reverse by the backward pass.
//!
//! [`ArrayStack`] holds at most `N` values inline: generated code uses it when the
//! number of runs is known at compile time, so the gradient allocates nothing.
//! [`Stack`] grows on the heap, for loops whose trip count is only known at run time.

/// A growable stack of saved values (heap-allocated).
#[derive(Debug, Clone, PartialEq)]
pub struct Stack<T> {
    items: Vec<T>,
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Stack { items: Vec::new() }
    }
}

impl<T: Copy> Stack<T> {
    /// Saves `value`.
    #[inline]
    pub fn push(&mut self, value: T) {
        self.items.push(value);
    }

    /// How many values are saved.
    #[inline]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing is saved.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// A reader that pops the saved values from the last to the first.
    #[inline]
    pub fn replay(&self) -> Replay<'_, T> {
        Replay {
            items: &self.items,
            len: self.items.len(),
        }
    }
}

/// A stack of at most `N` saved values, stored inline (no allocation).
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayStack<T, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default, const N: usize> Default for ArrayStack<T, N> {
    fn default() -> Self {
        ArrayStack {
            items: [T::default(); N],
            len: 0,
        }
    }
}

impl<T: Copy, const N: usize> ArrayStack<T, N> {
    /// Saves `value`.
    ///
    /// # Panics
    /// If `N` values are already saved (the generated code sizes the stack from the
    /// loop's trip count, so this means a bug in `backprop`).
    #[inline]
    pub fn push(&mut self, value: T) {
        assert!(
            self.len < N,
            "backprop: saved more values than the loop's trip count"
        );
        self.items[self.len] = value;
        self.len += 1;
    }

    /// How many values are saved.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is saved.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A reader that pops the saved values from the last to the first.
    #[inline]
    pub fn replay(&self) -> Replay<'_, T> {
        Replay {
            items: &self.items[..self.len],
            len: self.len,
        }
    }
}

/// Pops saved values in reverse order, without changing the stack they came from.
#[derive(Debug, Clone)]
pub struct Replay<'a, T> {
    items: &'a [T],
    len: usize,
}

impl<T: Copy> Replay<'_, T> {
    /// The most recently saved value not yet popped.
    ///
    /// # Panics
    /// If every value was popped (a bug in `backprop`: each is popped once).
    #[inline]
    pub fn pop(&mut self) -> T {
        self.len -= 1;
        self.items[self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_in_reverse() {
        let mut heap = Stack::default();
        let mut inline: ArrayStack<f64, 3> = ArrayStack::default();
        for value in [1.0, 2.0, 3.0] {
            heap.push(value);
            inline.push(value);
        }
        let (mut a, mut b) = (heap.replay(), inline.replay());
        for expected in [3.0, 2.0, 1.0] {
            assert_eq!(a.pop(), expected);
            assert_eq!(b.pop(), expected);
        }
        assert_eq!(heap.len(), 3);
    }

    #[test]
    fn a_partly_filled_array_stack_replays_what_was_pushed() {
        let mut inline: ArrayStack<bool, 4> = ArrayStack::default();
        inline.push(true);
        inline.push(false);
        let mut replay = inline.replay();
        assert!(!replay.pop());
        assert!(replay.pop());
    }
}
