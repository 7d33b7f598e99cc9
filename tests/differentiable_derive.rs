//! `#[derive(Differentiable)]` on parameter structs: floats, nested arrays, `Vec`s,
//! nested structs and constant fields; `zeros_like`, `add_scaled` and the flat views.
use backprop::Differentiable;

/// A dense layer: 3 outputs of 2 inputs.
#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Dense {
    w: [[f64; 2]; 3],
    b: [f64; 3],
}

/// A model with a nested layer, a `Vec` of weights, a scale and constants.
#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Model {
    layer: Dense,
    extra: Vec<f64>,
    scale: f64,
    degree: usize,
    enabled: bool,
}

/// An f32 struct with an array of constants.
#[derive(Clone, Debug, PartialEq, Differentiable)]
struct Small {
    a: f32,
    ids: [u32; 2],
}

fn model() -> Model {
    Model {
        layer: Dense {
            w: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
            b: [0.5, -0.5, 0.25],
        },
        extra: vec![7.0, 8.0],
        scale: 9.0,
        degree: 3,
        enabled: true,
    }
}

#[test]
fn zeros_like_keeps_shape_and_constants() {
    let m = model();
    let z = m.zeros_like();
    assert_eq!(z.layer.w, [[0.0; 2]; 3]);
    assert_eq!(z.layer.b, [0.0; 3]);
    assert_eq!(z.extra, vec![0.0, 0.0]);
    assert_eq!(z.scale, 0.0);
    assert_eq!((z.degree, z.enabled), (3, true));
    let s = Small {
        a: 2.0,
        ids: [4, 5],
    }
    .zeros_like();
    assert_eq!(
        s,
        Small {
            a: 0.0,
            ids: [4, 5]
        }
    );
}

#[test]
fn add_scaled_is_an_sgd_step() {
    let mut m = model();
    let before = m.clone();
    let mut d = m.zeros_like();
    d.layer.w[2][1] = 4.0;
    d.layer.b[0] = -2.0;
    d.extra[1] = 1.0;
    d.scale = 10.0;
    d.degree = 99; // constants are not stepped
    m.add_scaled(-0.5, &d);
    assert_eq!(m.layer.w[2][1], before.layer.w[2][1] - 2.0);
    assert_eq!(m.layer.w[0], before.layer.w[0]);
    assert_eq!(m.layer.b[0], before.layer.b[0] + 1.0);
    assert_eq!(m.extra, vec![7.0, 7.5]);
    assert_eq!(m.scale, 4.0);
    assert_eq!(m.degree, 3);
}

#[test]
fn flat_views_in_field_order() {
    let m = model();
    assert_eq!(m.float_count(), 6 + 3 + 2 + 1);
    let mut flat = vec![0.0; m.float_count()];
    m.copy_to(&mut flat);
    assert_eq!(
        flat,
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.5, -0.5, 0.25, 7.0, 8.0, 9.0]
    );
    let mut back = m.zeros_like();
    back.copy_from(&flat);
    assert_eq!(back, m);
    let shifted: Vec<f64> = flat.iter().map(|v| v + 1.0).collect();
    back.copy_from(&shifted);
    assert_eq!(back.scale, 10.0);
    assert_eq!(back.layer.w[0], [2.0, 3.0]);
}

#[test]
#[should_panic(expected = "`copy_to`: the slice has length 3 but the value has 12 floats")]
fn a_flat_buffer_of_the_wrong_length_panics() {
    let mut flat = [0.0; 3];
    model().copy_to(&mut flat);
}
