//! Heap allocations of `_grad` with control flow, counted by a `#[global_allocator]`
//! (this test file is its own binary, so the counter sees only this crate's code).
//!
//! When every loop's trip count is a compile-time constant (`0..100`, `0..17`,
//! `(0..10).rev()`, `(0..20).step_by(3)`, nested constant loops, constant loops left
//! early by `break`), the values saved per iteration live in fixed-size arrays: the
//! gradient performs **zero** heap allocations. A loop whose trip count is only known at
//! run time (`0..n`, `while`) saves them in a `Vec`, which does allocate: that contrast
//! is asserted too, so the zero counts cannot pass vacuously.
//!
//! Only allocations made by the measuring thread between the two reads are counted
//! (a thread-local counter), and the measurements are serialised by a mutex, so the
//! test harness's own allocations never enter the counts.

use backprop::differentiate;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Wraps the system allocator and counts every allocation (`alloc`, `alloc_zeroed`,
/// `realloc`), process-wide and per thread.
struct Counting;

/// Allocations in the whole process since start.
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Allocations made by this thread (const-initialised: no allocation, no destructor).
    static THREAD_ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn record() {
    ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    // `try_with`: the slot may be gone while a thread is being torn down.
    let _ = THREAD_ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` unchanged; counting has no side effect on
// the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Serialises the measurements (each is also per-thread, this keeps the process-wide
/// counter meaningful in the failure messages).
static MEASURE: Mutex<()> = Mutex::new(());

/// The number of heap allocations `f` makes on this thread, and its result.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let _guard = MEASURE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let before = THREAD_ALLOCATIONS.with(Cell::get);
    let result = black_box(f());
    let after = THREAD_ALLOCATIONS.with(Cell::get);
    (after - before, result)
}

/// 100 forward-Euler steps of y' = -k y (constant trip count).
#[differentiate]
fn euler100(k: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += 0.01 * (-k * y);
    }
    y
}

/// Degree-16 Horner (`for i in 0..17`), coefficients a / (i + 1).
#[differentiate]
fn horner16(x: f64, a: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..17 {
        acc = acc * x + a / (i as f64 + 1.0);
    }
    acc
}

/// Nested constant loops (4 x 5 cells) with a loop-local carried row.
#[differentiate]
fn nested_constant(x: f64, y: f64) -> f64 {
    let mut total = 0.0;
    for i in 0..4 {
        let mut row = y;
        for j in 0..5 {
            row = row * x + (i * j) as f64;
        }
        total += row.sin();
    }
    total
}

/// A branch on a differentiated value inside a constant loop, each branch saving
/// different values.
#[differentiate]
fn branch_in_constant_loop(x: f64, y: f64) -> f64 {
    let mut s = x;
    for i in 0..30 {
        if s > 1.0 {
            s = s.ln() + y;
        } else {
            s = s * s.exp() + (i as f64) * 0.01;
        }
    }
    s
}

/// `.rev()`, `.step_by(3)` and `..=` over constant ranges, plus `continue` and `break`
/// inside branches of a constant loop (the trip count is at most 64).
#[differentiate]
fn range_forms_constant(x: f64, y: f64) -> f64 {
    let mut s = 0.0;
    for i in (0..10).rev() {
        s = s * x + (i as f64);
    }
    for j in (0..20).step_by(3) {
        s += y * (x * (j as f64)).cos();
    }
    for k in 1..=64 {
        if k % 4 == 0 {
            continue;
        }
        s = 0.9 * s + x * y;
        if s > 50.0 {
            break;
        }
    }
    s
}

/// Straight-line code and a branch with an early return: no loop, nothing to stack.
#[differentiate]
fn branch_only(x: f64, y: f64) -> f64 {
    if x < 0.0 {
        return y * x.exp();
    }
    let t = if y > x { y - x } else { x * y };
    t.sqrt() + x
}

/// The same recurrence as `euler100`, with a runtime step count.
#[differentiate]
fn euler_n(k: f64, y0: f64, n: usize) -> f64 {
    let mut y = y0;
    for _ in 0..n {
        y += 0.01 * (-k * y);
    }
    y
}

/// A `while` until converged: its trip count is only known at run time.
#[differentiate]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    while (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
    }
    x
}

/// A logistic loss over 64 weights, iterated over the array (`zip`): array-only code
/// with literal bounds allocates nothing either.
#[differentiate(wrt(w))]
fn logistic64(w: [f64; 64], x: [f64; 64], label: f64) -> f64 {
    let mut z = 0.0;
    for (a, b) in w.iter().zip(x.iter()) {
        z += a * b;
    }
    backprop::softplus(-label * z) + 0.01 * backprop::dot(w, w)
}

/// Element assignment into local arrays inside literal-bound loops: a running
/// recurrence stored in `a`, a mat-vec accumulated into `y[i] += ..`, a loss over both.
#[allow(clippy::needless_range_loop)]
#[differentiate]
fn element_assignment_literal_loops(x: [f64; 4], w: [[f64; 4]; 3]) -> f64 {
    let mut a = [0.0; 4];
    a[0] = x[0];
    for i in 1..4 {
        a[i] = a[i - 1] * 0.5 + x[i].sin();
        a[i] *= x[i];
    }
    let mut y = [0.0; 3];
    for i in 0..3 {
        for j in 0..4 {
            y[i] += w[i][j] * a[j];
        }
        y[i] = y[i].tanh();
    }
    let mut s = 0.0;
    for i in 0..3 {
        s += y[i] * y[i];
    }
    s + backprop::logsumexp(y)
}

#[test]
fn element_assignment_in_literal_loops_allocates_nothing() {
    let x = [0.3, -1.2, 0.7, 1.1];
    let w = [
        [0.5, -0.25, 0.125, 1.0],
        [-0.75, 0.5, 0.25, -0.5],
        [0.1, 0.2, -0.3, 0.4],
    ];
    let (count, (v, g)) =
        allocations(|| element_assignment_literal_loops_grad(black_box(x), black_box(w)));
    assert_eq!(
        count, 0,
        "element_assignment_literal_loops_grad allocated {count} times"
    );
    assert_eq!(v, element_assignment_literal_loops(x, w));
    assert!(g.x.iter().all(|d| d.is_finite() && *d != 0.0), "{g:?}");
    let (count, (_, cache)) =
        allocations(|| element_assignment_literal_loops_forward(black_box(x), black_box(w)));
    assert_eq!(
        count, 0,
        "element_assignment_literal_loops_forward allocated"
    );
    let (count, back) = allocations(|| element_assignment_literal_loops_backward(&cache, 1.0));
    assert_eq!(
        count, 0,
        "element_assignment_literal_loops_backward allocated"
    );
    assert_eq!(back, g);
}

#[test]
fn array_functions_allocate_nothing() {
    let w: [f64; 64] = std::array::from_fn(|i| (i as f64 - 32.0) / 64.0);
    let x: [f64; 64] = std::array::from_fn(|i| ((i * 5) % 7) as f64 / 7.0);
    let (count, (v, g)) = allocations(|| logistic64_grad(black_box(w), black_box(x), 1.0));
    assert_eq!(v, logistic64(w, x, 1.0));
    assert!(g.w.iter().all(|d| d.is_finite()));
    // The loop over two `[f64; 64]` parameters has the literal bound 64: arrays.
    assert_eq!(count, 0, "logistic64_grad allocated {count} times");
}

/// A loop over a const generic length, `0..N - 1`, saving `s` and a `tanh` per run:
/// the runs are saved in stack arrays `[T; N]`.
#[differentiate]
fn chain_n<T: backprop::Float, const N: usize>(x: [T; N]) -> T {
    let mut s = x[0];
    for i in 0..N - 1 {
        s = (s * x[i + 1]).tanh() + s;
    }
    s
}

/// Horner over `N` coefficients behind a reference, `acc` saved per run.
#[differentiate]
fn horner_n<T: backprop::Float, const N: usize>(c: &[T; N], x: T) -> T {
    let mut acc = T::zero();
    for i in 0..N {
        acc = acc * x + c[N - 1 - i];
    }
    acc
}

#[test]
fn const_generic_loops_allocate_nothing() {
    let x: [f64; 200] = std::array::from_fn(|i| ((i * 7) % 11) as f64 / 11.0 - 0.4);
    let (count, (v, g)) = allocations(|| chain_n_grad(black_box(x)));
    assert_eq!(v, chain_n(x));
    assert!(g.x.iter().all(|d| d.is_finite()));
    assert_eq!(count, 0, "chain_n_grad at f64 allocated {count} times");
    let x32 = x.map(|v| v as f32);
    let (count, _) = allocations(|| chain_n_grad(black_box(x32)));
    assert_eq!(count, 0, "chain_n_grad at f32 allocated {count} times");
    let (count, _) = allocations(|| chain_n_forward(black_box(x)));
    assert_eq!(count, 0, "chain_n_forward allocated {count} times");
    let mut d_c = [0.0; 200];
    let (count, (v, _)) = allocations(|| horner_n_grad(black_box(&x), 0.9, &mut d_c));
    assert_eq!(v, horner_n(&x, 0.9));
    assert_eq!(count, 0, "horner_n_grad allocated {count} times");
}

#[test]
fn constant_trip_counts_allocate_nothing() {
    let (count, (v, g)) = allocations(|| euler100_grad(black_box(0.8), black_box(2.0)));
    assert_eq!(count, 0, "euler100_grad allocated");
    assert_eq!(v, euler100(0.8, 2.0));
    assert!((g.y0 - 0.992f64.powi(100)).abs() < 1e-12, "{g:?}");

    let (count, (v, g)) = allocations(|| horner16_grad(black_box(0.7), black_box(1.3)));
    assert_eq!(count, 0, "horner16_grad allocated");
    assert_eq!(v, horner16(0.7, 1.3));
    assert!((g.a - v / 1.3).abs() < 1e-12, "{g:?}");

    let (count, (v, g)) = allocations(|| nested_constant_grad(black_box(0.6), black_box(0.2)));
    assert_eq!(count, 0, "nested_constant_grad allocated");
    assert_eq!(v, nested_constant(0.6, 0.2));
    assert!(g.x.is_finite() && g.x != 0.0, "{g:?}");

    for x in [0.5, 2.5] {
        let (count, (v, g)) =
            allocations(|| branch_in_constant_loop_grad(black_box(x), black_box(0.4)));
        assert_eq!(count, 0, "branch_in_constant_loop_grad({x}) allocated");
        assert_eq!(v, branch_in_constant_loop(x, 0.4));
        assert!(g.x.is_finite(), "{g:?}");
    }

    for (x, y) in [(0.5, 0.3), (1.2, 2.0)] {
        let (count, (v, _)) = allocations(|| range_forms_constant_grad(black_box(x), black_box(y)));
        assert_eq!(count, 0, "range_forms_constant_grad({x}, {y}) allocated");
        assert_eq!(v, range_forms_constant(x, y));
    }

    for (x, y) in [(-1.0, 2.0), (0.5, 2.0), (3.0, 0.5)] {
        let (count, (v, _)) = allocations(|| branch_only_grad(black_box(x), black_box(y)));
        assert_eq!(count, 0, "branch_only_grad({x}, {y}) allocated");
        assert_eq!(v, branch_only(x, y));
    }
}

/// The forward and backward halves separately: the cache of a constant loop is plain
/// data (it can be cloned and replayed without touching the heap).
#[test]
fn forward_backward_and_clone_of_a_constant_loop_cache_allocate_nothing() {
    let (count, (v, cache)) = allocations(|| euler100_forward(black_box(0.8), black_box(2.0)));
    assert_eq!(count, 0, "euler100_forward allocated");
    let (count, g) = allocations(|| euler100_backward(&cache, black_box(2.0)));
    assert_eq!(count, 0, "euler100_backward allocated");
    let (count, copy) = allocations(|| cache.clone());
    assert_eq!(count, 0, "cloning EulerCache allocated");
    assert_eq!(euler100_backward(&copy, 2.0), g);
    assert_eq!(v, euler100(0.8, 2.0));
}

/// The contrast: a runtime trip count saves per-iteration values in a `Vec`.
#[test]
fn runtime_trip_counts_allocate() {
    let (count, (v, g)) =
        allocations(|| euler_n_grad(black_box(0.8), black_box(2.0), black_box(100)));
    assert!(count > 0, "euler_n_grad is expected to allocate its stacks");
    assert_eq!(v, euler_n(0.8, 2.0, 100));
    let (v100, g100) = euler100_grad(0.8, 2.0);
    assert_eq!((v, g.k, g.y0), (v100, g100.k, g100.y0));

    let (count, (v, _)) = allocations(|| newton_sqrt_grad(black_box(2.0)));
    assert!(
        count > 0,
        "newton_sqrt_grad is expected to allocate its stacks"
    );
    assert_eq!(v, newton_sqrt(2.0));
}

/// A logistic loss over slices: the loop `for i in 0..w.len()` is replayed backwards and
/// re-reads `w[i]` and `x[i]`, so nothing is saved per iteration, and the gradient goes
/// into the caller's buffer `d_w`.
#[allow(clippy::needless_range_loop)]
#[differentiate(wrt(w))]
fn slice_logistic(w: &[f64], x: &[f64], label: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    backprop::softplus(-label * z)
}

/// The same dot product in the iterator form (rewritten into an index loop over `w.len()`).
#[differentiate(wrt(w))]
fn slice_logistic_zip(w: &[f64], x: &[f64], label: f64) -> f64 {
    let mut z = 0.0;
    for (a, b) in w.iter().zip(x.iter()) {
        z += a * b;
    }
    backprop::softplus(-label * z)
}

/// A linear loss over a whole minibatch of rows (a perceptron-style margin), nested
/// slice loops: linear in the weights, so again nothing is saved.
#[allow(clippy::needless_range_loop)]
#[differentiate(wrt(w, b))]
fn slice_batch_margin(w: &[f64], b: f64, xs: &[[f64; 4]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in 0..xs.len() {
        let mut z = b;
        for j in 0..w.len() {
            z += w[j] * xs[i][j];
        }
        total -= ys[i] * z;
    }
    total
}

/// A least-squares loss over the minibatch: `r * r` needs each sample's residual in the
/// backward pass, so the per-sample sum `z` is saved in a `Vec` (the contrast below).
#[allow(clippy::needless_range_loop)]
#[differentiate(wrt(w, b))]
fn slice_batch_least_squares(w: &[f64], b: f64, xs: &[[f64; 4]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in 0..xs.len() {
        let mut z = b;
        for j in 0..w.len() {
            z += w[j] * xs[i][j];
        }
        let r = z - ys[i];
        total += r * r;
    }
    total
}

/// The logistic loss over the minibatch in one function: `softplus` of each sample's
/// logit needs that logit in the backward pass, and a loop over `xs.len()` keeps it in a
/// `Vec` (the contrast below).
#[allow(clippy::needless_range_loop)]
#[differentiate(wrt(w))]
fn slice_batch_logistic(w: &[f64], xs: &[[f64; 4]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in 0..xs.len() {
        let mut z = 0.0;
        for j in 0..w.len() {
            z += w[j] * xs[i][j];
        }
        total += backprop::softplus(-ys[i] * z);
    }
    total
}

/// A minibatch of 64 rows of 4 features, labels `±1`.
fn slice_batch() -> (Vec<[f64; 4]>, Vec<f64>) {
    let xs = (0..64)
        .map(|i| std::array::from_fn(|j| (((i * 7 + j * 3) % 11) as f64 - 5.0) / 5.0))
        .collect();
    let ys = (0..64)
        .map(|i| if i % 3 == 0 { -1.0 } else { 1.0 })
        .collect();
    (xs, ys)
}

#[test]
fn slice_gradients_into_caller_buffers_allocate_nothing() {
    let w = [0.5, -0.25, 0.125, 1.0];
    let (xs, ys) = slice_batch();
    let mut d_w = [0.0; 4];

    // One sample.
    let (count, (v, _)) =
        allocations(|| slice_logistic_grad(black_box(&w), black_box(&xs[0]), 1.0, &mut d_w));
    assert_eq!(count, 0, "slice_logistic_grad allocated {count} times");
    assert_eq!(v, slice_logistic(&w, &xs[0], 1.0));
    assert!(d_w.iter().all(|d| d.is_finite() && *d != 0.0), "{d_w:?}");
    let (count, (_, cache)) =
        allocations(|| slice_logistic_forward(black_box(&w), black_box(&xs[0]), 1.0));
    assert_eq!(count, 0, "slice_logistic_forward allocated");
    let (count, _) = allocations(|| slice_logistic_backward(&cache, 1.0, &mut d_w));
    assert_eq!(count, 0, "slice_logistic_backward allocated");
    let (count, _) = allocations(|| cache.clone());
    assert_eq!(count, 0, "cloning SliceLogisticCache allocated");

    // The minibatch use case: per-sample calls accumulating into one buffer.
    let mut by_index = [0.0; 4];
    let mut by_zip = [0.0; 4];
    let (count, total) = allocations(|| {
        let mut total = 0.0;
        for (x, &y) in xs.iter().zip(&ys) {
            total += slice_logistic_grad(black_box(&w), x, y, &mut by_index).0;
            total += slice_logistic_zip_grad(black_box(&w), x, y, &mut by_zip).0;
        }
        total
    });
    assert_eq!(count, 0, "64 per-sample gradients allocated {count} times");
    assert!(total.is_finite());
    assert_eq!(
        slice_logistic_zip(&w, &xs[0], 1.0),
        slice_logistic(&w, &xs[0], 1.0)
    );
    assert_eq!(by_index, by_zip);

    // The whole minibatch in one function, linear inside the loops.
    let mut d_w = [0.0; 4];
    let (count, (v, g)) =
        allocations(|| slice_batch_margin_grad(black_box(&w), 0.1, black_box(&xs), &ys, &mut d_w));
    assert_eq!(count, 0, "slice_batch_margin_grad allocated {count} times");
    assert_eq!(v, slice_batch_margin(&w, 0.1, &xs, &ys));
    let ys_sum: f64 = ys.iter().sum();
    assert_eq!(g.b, -ys_sum);
}

/// A nonlinearity of a per-sample value inside a run-time loop needs that value in the
/// backward pass. `f_forward` saves it once per sample for `f_backward`, in a `Vec` that
/// grows as it is pushed to (for 64 samples: 5 allocations for least squares, which
/// saves the sum `z`; more for the logistic loss, which also saves `-ys[i]`). `f_grad`
/// runs each sample's reversal in the sample loop (`emit/fuse.rs`), where the value is
/// at hand: nothing is saved, nothing allocated.
#[test]
fn slice_batch_with_a_saved_logit_allocates_only_for_the_cache() {
    let w = [0.5, -0.25, 0.125, 1.0];
    let (xs, ys) = slice_batch();
    let mut d_w = [0.0; 4];
    let (count, (v, _)) = allocations(|| {
        slice_batch_least_squares_grad(black_box(&w), 0.1, black_box(&xs), &ys, &mut d_w)
    });
    assert_eq!(
        count, 0,
        "slice_batch_least_squares_grad allocated {count} times"
    );
    assert_eq!(v, slice_batch_least_squares(&w, 0.1, &xs, &ys));
    let (count, _) =
        allocations(|| slice_batch_least_squares_forward(black_box(&w), 0.1, &xs, &ys));
    assert!(
        count > 0,
        "slice_batch_least_squares_forward is expected to allocate its stack"
    );

    let mut d_w = [0.0; 4];
    let (count, (v, _)) =
        allocations(|| slice_batch_logistic_grad(black_box(&w), black_box(&xs), &ys, &mut d_w));
    assert_eq!(
        count, 0,
        "slice_batch_logistic_grad allocated {count} times"
    );
    assert_eq!(v, slice_batch_logistic(&w, &xs, &ys));
    let (count, _) = allocations(|| slice_batch_logistic_forward(black_box(&w), &xs, &ys));
    assert!(
        count > 0,
        "slice_batch_logistic_forward is expected to allocate its stacks"
    );
    // The same gradient as 64 per-sample calls into one buffer, which allocate nothing.
    let mut per_sample = [0.0; 4];
    for (x, &y) in xs.iter().zip(&ys) {
        let _ = slice_logistic_grad(&w, x, y, &mut per_sample);
    }
    for j in 0..4 {
        assert!((d_w[j] - per_sample[j]).abs() <= 1e-12 * (1.0 + d_w[j].abs()));
    }
}

/// A neighbouring element `w[i + 1]` in a run-time slice loop.
#[differentiate(wrt(w))]
fn slice_neighbours(w: &[f64], x: f64) -> f64 {
    let mut a = 0.0;
    for i in 0..w.len() - 1 {
        a += w[i + 1] * w[i] * x;
    }
    a
}

/// The loop is replayed backwards with its index, and the index expression `i + 1` is
/// recomputed from it, not saved: nothing is allocated.
#[test]
fn slice_neighbour_index_allocates_nothing() {
    let w = [0.5, -0.25, 0.125, 1.0, 0.75];
    let mut d_w = [0.0; 5];
    let (count, (v, _)) = allocations(|| slice_neighbours_grad(black_box(&w), 2.0, &mut d_w));
    assert_eq!(v, slice_neighbours(&w, 2.0));
    assert_eq!(count, 0, "slice_neighbours_grad allocated {count} times");
}

/// The same logistic loss with the dot product as an iterator chain, a squared norm
/// by `map` and `sum`, and squared differences over `windows(2)`: each chain is one
/// index loop replayed backwards, reading the slice again, so nothing is saved.
#[differentiate(wrt(w))]
fn slice_chain_logistic(w: &[f64], x: &[f64], label: f64) -> f64 {
    let z = w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>();
    let norm = w.iter().map(|v| v * v).sum::<f64>();
    let rough = w.windows(2).map(|p| (p[1] - p[0]).powi(2)).sum::<f64>();
    backprop::softplus(-label * z) + 0.5 * norm + rough
}

#[test]
fn slice_chains_into_caller_buffers_allocate_nothing() {
    let w = [0.5, -0.25, 0.125, 1.0];
    let (xs, ys) = slice_batch();
    let mut d_w = [0.0; 4];
    let (count, total) = allocations(|| {
        let mut total = 0.0;
        for (x, &y) in xs.iter().zip(&ys) {
            total += slice_chain_logistic_grad(black_box(&w), x, y, &mut d_w).0;
        }
        total
    });
    assert_eq!(count, 0, "64 chain gradients allocated {count} times");
    assert!(total.is_finite());
    assert_eq!(
        slice_chain_logistic_grad(&w, &xs[0], 1.0, &mut [0.0; 4]).0,
        slice_chain_logistic(&w, &xs[0], 1.0)
    );
    // The chain part of the gradient is the index loop's, plus the norm and the
    // differences' closed forms.
    let mut chain = [0.0; 4];
    let mut by_index = [0.0; 4];
    let _ = slice_chain_logistic_grad(&w, &xs[1], -1.0, &mut chain);
    let _ = slice_logistic_grad(&w, &xs[1], -1.0, &mut by_index);
    for j in 0..4 {
        let left = if j > 0 { w[j] - w[j - 1] } else { 0.0 };
        let right = if j < 3 { w[j + 1] - w[j] } else { 0.0 };
        let expected = by_index[j] + w[j] + 2.0 * (left - right);
        assert!(
            (chain[j] - expected).abs() <= 1e-12,
            "{j}: {} vs {expected}",
            chain[j]
        );
    }
}

/// A `Vec` local built by `collect()` and one filled by `push` in a loop whose trip
/// count is known only at run time: the function allocates each once, and the
/// gradient one adjoint `Vec` more for each (the elements are read again from the
/// `Vec`s, so no value is saved per iteration).
#[differentiate]
fn vec_locals(x: &[f64]) -> f64 {
    let squares: Vec<f64> = x.iter().map(|v| v * v).collect();
    let mut smooth = Vec::with_capacity(x.len() - 1);
    for i in 0..x.len() - 1 {
        smooth.push(0.5 * (squares[i] + squares[i + 1]));
    }
    smooth.iter().map(|s| s * s).sum::<f64>()
}

#[test]
fn vec_locals_allocate_one_adjoint_each() {
    let x = [0.5, -1.25, 2.0, 0.75, -0.3];
    let (plain, value) = allocations(|| vec_locals(black_box(&x)));
    assert_eq!(plain, 2, "the function itself allocates its two `Vec`s");
    let mut d_x = [0.0; 5];
    let (count, (grad_value, _)) = allocations(|| vec_locals_grad(black_box(&x), &mut d_x));
    assert_eq!(grad_value, value);
    // The user's two `Vec`s, and one adjoint `Vec` for each: nothing saved per iteration.
    assert_eq!(count, 4, "vec_locals_grad allocated {count} times");
    assert!(d_x.iter().all(|d| d.is_finite() && *d != 0.0), "{d_x:?}");
}

/// The counter itself works (guards against a counter that never counts).
#[test]
fn the_counter_counts() {
    let (count, boxed) = allocations(|| Box::new(black_box(1.0f64)));
    assert_eq!(count, 1);
    assert_eq!(*boxed, 1.0);
    assert!(ALLOCATIONS.load(Ordering::SeqCst) >= 1);
}

/// A unit of a layer, called from another differentiated function.
#[differentiate]
fn unit(w0: f64, w1: f64, x0: f64, x1: f64) -> f64 {
    (w0 * x0 + w1 * x1).tanh()
}

/// Calls in a loop with a literal bound: each call's cache is saved in an array of
/// `Option`s inside the caller's cache, not in a `Vec`.
#[allow(clippy::needless_range_loop)]
#[differentiate]
fn layer_of_calls(w: [[f64; 2]; 4], x0: f64, x1: f64) -> f64 {
    let mut total = 0.0;
    for j in 0..4 {
        total += unit(w[j][0], w[j][1], x0, x1);
    }
    total
}

#[test]
#[allow(clippy::needless_range_loop)]
fn calls_in_constant_loops_allocate_nothing() {
    let w = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]];
    let (count, (value, grad)) = allocations(|| layer_of_calls_grad(w, 0.5, -1.5));
    assert_eq!(count, 0, "layer_of_calls_grad allocated");
    assert_eq!(value, layer_of_calls(w, 0.5, -1.5));
    let (count, (_, cache)) = allocations(|| layer_of_calls_forward(w, 0.5, -1.5));
    assert_eq!(count, 0, "layer_of_calls_forward allocated");
    let (count, again) = allocations(|| layer_of_calls_backward(&cache, 1.0));
    assert_eq!(count, 0, "layer_of_calls_backward allocated");
    // `f_grad` runs each call's pullback in the forward loop, so it adds `x0`'s and
    // `x1`'s shares in the other order: equal up to rounding.
    assert_eq!(again.w, grad.w);
    assert!((again.x0 - grad.x0).abs() < 1e-14 && (again.x1 - grad.x1).abs() < 1e-14);
    for j in 0..4 {
        let t = (w[j][0] * 0.5 + w[j][1] * -1.5).tanh();
        assert!((grad.w[j][0] - (1.0 - t * t) * 0.5).abs() < 1e-12);
        assert!((grad.w[j][1] - (1.0 - t * t) * -1.5).abs() < 1e-12);
    }
}

/// A layer of a parameter struct, called per example in a constant loop.
#[allow(clippy::needless_range_loop)] // index loops over fixed sizes, as written by hand
mod layers {
    use backprop::{differentiate, Differentiable};

    /// Four `tanh` units over two inputs.
    #[derive(Clone, Debug, Differentiable)]
    pub struct Layer {
        pub w: [[f64; 2]; 4],
        pub b: [f64; 4],
    }

    /// The network: a layer and a read-out.
    #[derive(Clone, Debug, Differentiable)]
    pub struct Net {
        pub layer: Layer,
        pub out: [f64; 4],
    }

    /// `tanh(w x + b)`.
    #[differentiate]
    pub fn layer(l: &Layer, x: &[f64; 2]) -> [f64; 4] {
        let mut h = [0.0; 4];
        for i in 0..4 {
            h[i] = (l.w[i][0] * x[0] + l.w[i][1] * x[1] + l.b[i]).tanh();
        }
        h
    }

    /// The squared error summed over 8 examples: a layer call per example.
    #[differentiate(wrt(p))]
    pub fn batch_loss(p: &Net, xs: &[[f64; 2]; 8], ys: &[f64; 8]) -> f64 {
        let mut total = 0.0;
        for k in 0..8 {
            let h: [f64; 4] = layer(&p.layer, &xs[k]);
            let mut out = 0.0;
            for i in 0..4 {
                out += p.out[i] * h[i];
            }
            total += (out - ys[k]).powi(2);
        }
        total
    }
}

#[test]
fn struct_parameters_and_layer_calls_in_a_constant_loop_allocate_nothing() {
    use backprop::Differentiable;
    use layers::{batch_loss, batch_loss_grad, Layer, Net};
    let p = Net {
        layer: Layer {
            w: std::array::from_fn(|i| [0.3 * i as f64 - 0.5, 0.2 - 0.1 * i as f64]),
            b: [0.1, -0.2, 0.3, 0.0],
        },
        out: [0.5, -0.25, 1.0, 0.75],
    };
    let xs: [[f64; 2]; 8] = std::array::from_fn(|k| [k as f64 / 8.0, 1.0 - k as f64 / 4.0]);
    let ys: [f64; 8] = std::array::from_fn(|k| (k as f64).sin());
    let mut d_p = p.zeros_like();
    let (count, value) = allocations(|| batch_loss_grad(black_box(&p), &xs, &ys, &mut d_p).0);
    assert_eq!(value, batch_loss(&p, &xs, &ys));
    assert!(d_p.out.iter().any(|d| *d != 0.0));
    assert_eq!(count, 0, "batch_loss_grad allocated {count} times");
}
