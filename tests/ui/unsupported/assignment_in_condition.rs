use backprop::differentiate;

// A condition that declares a `let` is kept as written (its bindings must not leak
// into the loop body), so it may not assign to the function's variables.
#[differentiate]
fn newton_sqrt(a: f64, guess: f64) -> f64 {
    let mut r = guess;
    while {
        let next = 0.5 * (r + a / r);
        let step = (next - r).abs();
        r = next;
        step > 1e-3
    } {}
    r
}

fn main() {}
