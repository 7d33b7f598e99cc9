/// The first `N`-wide rows of `s` (a `&[[T; N]]` slice argument from the flat point).
fn rows<const N: usize, T: Copy>(s: &[T]) -> Vec<[T; N]> {
    s.chunks(N).map(arr).collect()
}

/// The known vector a slice's gradient buffer is pre-filled with (entry `k`).
fn pre_at(k: usize) -> f64 {
    0.5 + 0.25 * k as f64 * if k % 2 == 0 { 1.0 } else { -1.0 }
}

/// A gradient buffer of `len` entries pre-filled with [`pre_at`].
fn pre(len: usize) -> Vec<f64> {
    (0..len).map(pre_at).collect()
}

/// A gradient buffer of `rows` rows of `N` pre-filled with [`pre_at`], row by row.
fn pre_rows<const N: usize>(rows: usize) -> Vec<[f64; N]> {
    (0..rows)
        .map(|i| std::array::from_fn(|j| pre_at(i * N + j)))
        .collect()
}

impl Flat for Vec<f64> {
    fn put(&self, out: &mut Vec<f64>) {
        out.extend(self);
    }
}

impl<const N: usize> Flat for Vec<[f64; N]> {
    fn put(&self, out: &mut Vec<f64>) {
        for row in self {
            out.extend(row);
        }
    }
}

/// `filled`, a gradient buffer pre-filled with [`pre`] before the call, holds that
/// vector plus `grad` (the gradient the call added into a zeroed buffer).
fn accumulated(filled: &dyn Flat, grad: &dyn Flat) {
    let (mut a, mut g) = (Vec::new(), Vec::new());
    filled.put(&mut a);
    grad.put(&mut g);
    assert_eq!(a.len(), g.len());
    for (k, (a, g)) in a.iter().zip(&g).enumerate() {
        let what = format!(
            "buffer entry {k}: pre-filled {} plus the gradient",
            pre_at(k)
        );
        assert_close(&what, *a, pre_at(k) + g, TOL64);
    }
}
