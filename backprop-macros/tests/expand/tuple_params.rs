use backprop::differentiate;

// A tuple parameter: the generated functions take it as written, `(w, h): (f64, f64)`,
// and pass it on as `(w, h)`; each component is a parameter of its own inside.

#[differentiate(jvp)]
pub fn area((w, h): (f64, f64), scale: f64) -> f64 {
    w * h * scale
}
