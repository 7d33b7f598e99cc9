//! `seed_part`: a field of the seed `d_out: &State` of a function returning a struct,
//! as an adjoint. A float (or array of them) is its own adjoint; an integer or `bool`
//! field is a constant, whose adjoint is zero whatever the caller's seed holds there
//! (`zeros_like` copies constants, so a seed built from it carries their values).

/// A struct field's type as a part of a backward pass's seed.
pub trait SeedPart: Copy {
    /// The part's adjoint: the value for floats, zero for constants.
    fn seed_part(self) -> Self;
}

/// The adjoint of one field of a struct seed (`seed_part(d_out.x)`).
#[inline(always)]
#[must_use]
pub fn seed_part<T: SeedPart>(value: T) -> T {
    value.seed_part()
}

macro_rules! float_parts {
    ($($t:ty),*) => {$(
        impl SeedPart for $t {
            #[inline(always)]
            fn seed_part(self) -> Self {
                self
            }
        }
    )*};
}

macro_rules! constant_parts {
    ($($t:ty),*) => {$(
        impl SeedPart for $t {
            #[inline(always)]
            fn seed_part(self) -> Self {
                Self::default()
            }
        }
    )*};
}

float_parts!(f32, f64);
constant_parts!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);

impl<T: SeedPart, const N: usize> SeedPart for [T; N] {
    #[inline(always)]
    fn seed_part(self) -> Self {
        self.map(SeedPart::seed_part)
    }
}

#[cfg(test)]
mod tests {
    use super::seed_part;

    #[test]
    fn floats_pass_constants_are_zero() {
        assert_eq!(seed_part(1.5_f64), 1.5);
        assert_eq!(seed_part([2.0_f32, -1.0]), [2.0, -1.0]);
        assert_eq!(seed_part(7_usize), 0);
        assert!(!seed_part(true));
        assert_eq!(seed_part([[3_i32; 2]; 2]), [[0; 2]; 2]);
    }
}
