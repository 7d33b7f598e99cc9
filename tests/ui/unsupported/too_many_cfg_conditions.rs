// Four different `#[cfg]` conditions inside one function: its code would be generated
// sixteen times. The error is at the fourth, and says to move the code into a helper.
use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    #[cfg(unix)]
    let x = x * 2.0;
    #[cfg(windows)]
    let x = x * 3.0;
    #[cfg(not(unix))]
    let x = x + 1.0;
    #[cfg(target_pointer_width = "64")]
    let x = x.sin();
    #[cfg(debug_assertions)]
    let x = x.cos();
    x
}

fn main() {}
