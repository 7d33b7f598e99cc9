/// The twins of the array programs run over `[D; N]`: iterating by reference
/// (`for v in xs.iter()`, `.zip(..)`, `.iter().sum::<D>()`) needs the operators on
/// `&D` that `f64` has on `&f64`.
macro_rules! twin_ref_ops {
    ($($op:ident $f:ident $op_assign:ident $f_assign:ident),*) => {$(
        impl $op<&D> for D {
            type Output = D;
            fn $f(self, o: &D) -> D {
                $op::$f(self, *o)
            }
        }
        impl $op<D> for &D {
            type Output = D;
            fn $f(self, o: D) -> D {
                $op::$f(*self, o)
            }
        }
        impl $op<&D> for &D {
            type Output = D;
            fn $f(self, o: &D) -> D {
                $op::$f(*self, *o)
            }
        }
        impl $op_assign<&D> for D {
            fn $f_assign(&mut self, o: &D) {
                $op_assign::$f_assign(self, *o)
            }
        }
    )*};
}

twin_ref_ops!(
    Add add AddAssign add_assign,
    Sub sub SubAssign sub_assign,
    Mul mul MulAssign mul_assign,
    Div div DivAssign div_assign
);

impl Neg for &D {
    type Output = D;
    fn neg(self) -> D {
        -*self
    }
}

impl<'a> std::iter::Sum<&'a D> for D {
    fn sum<I: Iterator<Item = &'a D>>(it: I) -> D {
        it.fold(c(0.0), |s, v| s + v)
    }
}

impl<'a> std::iter::Product<&'a D> for D {
    fn product<I: Iterator<Item = &'a D>>(it: I) -> D {
        it.fold(c(1.0), |s, v| s * v)
    }
}

/// The array gates, written out.
impl D {
    fn dot<const N: usize>(a: [D; N], b: [D; N]) -> D {
        a.iter().zip(&b).fold(c(0.0), |s, (x, y)| s + x * y)
    }
    fn logsumexp<const N: usize>(a: [D; N]) -> D {
        a.iter().fold(c(0.0), |s, v| s + v.exp()).ln()
    }
    fn softmax_cross_entropy<const N: usize>(a: [D; N], label: usize) -> D {
        D::logsumexp(a) - a[label]
    }
}

/// The first `N` entries of `s` as an array (an array argument from the flat point).
fn arr<T: Copy, const N: usize>(s: &[T]) -> [T; N] {
    std::array::from_fn(|i| s[i])
}

/// The first `M * N` entries of `s` as a matrix, row by row.
fn mat<T: Copy, const N: usize, const M: usize>(s: &[T]) -> [[T; N]; M] {
    std::array::from_fn(|i| arr(&s[i * N..]))
}

/// A gradient field, scalar or array, flattened in the order of the point.
trait Flat {
    fn put(&self, out: &mut Vec<f64>);
}

impl Flat for f64 {
    fn put(&self, out: &mut Vec<f64>) {
        out.push(*self);
    }
}

impl<const N: usize> Flat for [f64; N] {
    fn put(&self, out: &mut Vec<f64>) {
        out.extend(self);
    }
}

impl<const N: usize, const M: usize> Flat for [[f64; N]; M] {
    fn put(&self, out: &mut Vec<f64>) {
        for row in self {
            out.extend(row);
        }
    }
}

/// The gradient fields `parts`, flattened and multiplied by `scale`.
fn flat(scale: f64, parts: &[&dyn Flat]) -> Vec<f64> {
    let mut out = Vec::new();
    for p in parts {
        p.put(&mut out);
    }
    out.iter().map(|g| scale * g).collect()
}

impl Prog {
    /// [`Prog::check`] at the point made of `parts` (each parameter's values, or a
    /// matrix's rows, in order).
    fn check_at(&self, parts: &[&[f64]]) {
        self.check(&parts.concat(), &[]);
    }
}
