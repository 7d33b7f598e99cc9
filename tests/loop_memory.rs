//! Loops whose bound says little about what they save: the generated code must not
//! reserve memory by the bound, nor put a large cache on the stack.
//! - A loop up to 10^12 (a literal, a `const` or a run-time bound) that `break`s after a
//!   few iterations reserves at most a few pages and grows as iterations happen.
//! - A 10,000-step loop with a constant bound (literal or `const`) saves on the heap:
//!   its cache would be about 480 KB, several times over in a debug build's frames.
//! - Small constant loops still save in fixed-size arrays (`tests/no_alloc.rs`).
//!
//! Memory is measured by a counting allocator (the largest single request), and the
//! stack by running on a thread with a 1 MiB stack, half a test thread's.

mod common;

use backprop::differentiate;
use common::check;
use num_dual::{Dual64, DualNum};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Wraps the system allocator and records, per thread, the largest request.
struct Largest;

thread_local! {
    /// The largest allocation (bytes) this thread asked for since it was reset.
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn record(size: usize) {
    // `try_with`: the slot may be gone while a thread is being torn down.
    let _ = LARGEST.try_with(|largest| largest.set(largest.get().max(size)));
}

// SAFETY: every method forwards to `System` unchanged; recording a size has no side
// effect on the memory handed out.
unsafe impl GlobalAlloc for Largest {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Largest = Largest;

/// The largest allocation `f` asks for on this thread, and its result.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (usize, T) {
    LARGEST.with(|largest| largest.set(0));
    let result = std::hint::black_box(f());
    (LARGEST.with(Cell::get), result)
}

/// Runs `f` on a thread with a 1 MiB stack.
fn on_a_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("the thread finished")
}

/// A fixed-point iteration `s ← s·y + 0.5` until `s > 3`, with an absurd cap on the
/// iterations: the loop's bound is no allocation size.
#[differentiate]
fn until_large(x: f64, y: f64) -> f64 {
    let mut s = x;
    for _ in 0..1_000_000_000_000usize {
        s = s * y + 0.5;
        if s > 3.0 {
            break;
        }
    }
    s
}

/// The most iterations a solver may take.
const MAX_ITERATIONS: usize = 1_000_000_000_000;

/// [`until_large`] with its cap a `const`.
#[differentiate]
fn until_large_const(x: f64, y: f64) -> f64 {
    let mut s = x;
    for _ in 0..MAX_ITERATIONS {
        s = s * y + 0.5;
        if s > 3.0 {
            break;
        }
    }
    s
}

/// [`until_large`] with its cap a parameter.
#[differentiate(wrt(x, y))]
fn until_large_run_time(x: f64, y: f64, cap: usize) -> f64 {
    let mut s = x;
    for _ in 0..cap {
        s = s * y + 0.5;
        if s > 3.0 {
            break;
        }
    }
    s
}

/// The same iteration over `Dual64`, for num-dual.
fn until_large_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    loop {
        s = s * y + 0.5;
        if s.re > 3.0 {
            return s;
        }
    }
}

#[test]
fn a_huge_loop_bound_reserves_little_and_the_gradient_is_right() {
    for (x, y) in [(0.5, 1.5), (1.0, 1.2), (2.0, 0.9)] {
        let (largest, (value, grad)) = largest_allocation(|| until_large_grad(x, y));
        assert!(
            largest <= 64 * 1024,
            "until_large_grad asked for {largest} bytes"
        );
        check(
            "until_large",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| until_large(v[0], v[1]),
            |v| until_large_twin(v[0], v[1]),
        );
        let (largest, (value, grad)) = largest_allocation(|| until_large_const_grad(x, y));
        assert!(
            largest <= 64 * 1024,
            "until_large_const_grad asked for {largest} bytes"
        );
        check(
            "until_large_const",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| until_large_const(v[0], v[1]),
            |v| until_large_twin(v[0], v[1]),
        );
        let cap = usize::MAX;
        let (largest, (value, grad)) = largest_allocation(|| until_large_run_time_grad(x, y, cap));
        assert!(
            largest <= 64 * 1024,
            "until_large_run_time_grad asked for {largest} bytes"
        );
        check(
            "until_large_run_time",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| until_large_run_time(v[0], v[1], cap),
            |v| until_large_twin(v[0], v[1]),
        );
    }
}

/// 10,000 explicit Euler steps of the damped oscillator `x'' = -k x - c x'`, each saving
/// several values for the backward pass.
#[differentiate]
fn oscillator(k: f64, c: f64, x0: f64) -> f64 {
    let dt = 1e-3;
    let mut x = x0;
    let mut v = 0.0;
    for _ in 0..10_000 {
        let a = -k * x.sin() - c * v * v.abs();
        v += dt * a;
        x += dt * v.tanh();
    }
    x
}

/// The number of steps of [`oscillator_const`].
const STEPS: usize = 10_000;

/// [`oscillator`] with its step count a `const`.
#[differentiate]
fn oscillator_const(k: f64, c: f64, x0: f64) -> f64 {
    let dt = 1e-3;
    let mut x = x0;
    let mut v = 0.0;
    for _ in 0..STEPS {
        let a = -k * x.sin() - c * v * v.abs();
        v += dt * a;
        x += dt * v.tanh();
    }
    x
}

fn oscillator_twin(k: Dual64, c: Dual64, x0: Dual64) -> Dual64 {
    let mut x = x0;
    let mut v = Dual64::from_re(0.0);
    for _ in 0..10_000 {
        let a = -k * x.sin() - c * v * common::dabs(v);
        v += a * 1e-3;
        x += v.tanh() * 1e-3;
    }
    x
}

#[test]
fn a_long_constant_loop_keeps_its_cache_off_the_stack() {
    let (value, grad, forward_size, value_const, grad_const, forward_size_const) =
        on_a_small_stack(|| {
            let (value, grad) = oscillator_grad(2.0, 0.3, 1.0);
            let (_, cache) = oscillator_forward(2.0, 0.3, 1.0);
            assert_eq!(oscillator_backward(&cache, 1.0), grad);
            let (value_const, grad_const) = oscillator_const_grad(2.0, 0.3, 1.0);
            let (_, cache_const) = oscillator_const_forward(2.0, 0.3, 1.0);
            assert_eq!(oscillator_const_backward(&cache_const, 1.0), grad_const);
            (
                value,
                grad,
                std::mem::size_of_val(&cache),
                value_const,
                grad_const,
                std::mem::size_of_val(&cache_const),
            )
        });
    assert!(
        forward_size <= 64 * 1024,
        "OscillatorCache is {forward_size} bytes"
    );
    assert!(
        forward_size_const <= 64 * 1024,
        "OscillatorConstCache is {forward_size_const} bytes"
    );
    assert_eq!(value_const, oscillator_const(2.0, 0.3, 1.0));
    assert_eq!(
        (value, grad.k, grad.c, grad.x0),
        (value_const, grad_const.k, grad_const.c, grad_const.x0)
    );
    check(
        "oscillator",
        &[2.0, 0.3, 1.0],
        value,
        &[grad.k, grad.c, grad.x0],
        |v| oscillator(v[0], v[1], v[2]),
        |v| oscillator_twin(v[0], v[1], v[2]),
    );
}

/// 64 steps: small enough to stay in fixed-size arrays, on the stack.
const FEW_STEPS: usize = 64;

/// [`oscillator_const`] with [`FEW_STEPS`].
#[differentiate]
fn short_oscillator(k: f64, c: f64, x0: f64) -> f64 {
    let dt = 1e-2;
    let mut x = x0;
    let mut v = 0.0;
    for _ in 0..FEW_STEPS {
        let a = -k * x.sin() - c * v * v.abs();
        v += dt * a;
        x += dt * v.tanh();
    }
    x
}

#[test]
fn a_short_constant_loop_stays_on_the_stack() {
    let (largest, (value, _)) = largest_allocation(|| short_oscillator_grad(2.0, 0.3, 1.0));
    assert_eq!(largest, 0, "short_oscillator_grad allocated");
    assert_eq!(value, short_oscillator(2.0, 0.3, 1.0));
    let (_, cache) = short_oscillator_forward(2.0, 0.3, 1.0);
    assert!(
        std::mem::size_of_val(&cache) >= FEW_STEPS * 8,
        "the runs are in the cache"
    );
}
