//! The nodes of a value of any shape: a float is one node, an array or a slice one
//! per element, in the same shape, so generated code indexes them as it indexes the
//! value (`w_node[i]` beside `w[i]`).

use super::Circuit;

/// A float, or an array or slice of them, whose elements become nodes of a
/// [`Circuit`]. `Ids` has the same shape, holding node indices.
pub trait Wires {
    /// The node indices, in the value's shape (`usize`, `[usize; N]`, `Vec<usize>`).
    type Ids;

    /// Adds one input per float, named `path` with its indices (`w[0][1]`).
    fn input_wires(&self, circuit: &mut Circuit, path: &mut String) -> Self::Ids;

    /// [`Circuit::CONSTANT`] for each float.
    fn constant_wires(&self) -> Self::Ids;
}

impl Wires for f64 {
    type Ids = usize;

    fn input_wires(&self, circuit: &mut Circuit, path: &mut String) -> usize {
        circuit.input(path.clone(), *self)
    }

    fn constant_wires(&self) -> usize {
        Circuit::CONSTANT
    }
}

impl Wires for f32 {
    type Ids = usize;

    fn input_wires(&self, circuit: &mut Circuit, path: &mut String) -> usize {
        circuit.input(path.clone(), *self)
    }

    fn constant_wires(&self) -> usize {
        Circuit::CONSTANT
    }
}

/// Adds element `index`'s inputs under `path[index]`.
fn element<T: Wires + ?Sized>(
    item: &T,
    index: usize,
    circuit: &mut Circuit,
    path: &mut String,
) -> T::Ids {
    let length = path.len();
    path.push_str(&format!("[{index}]"));
    let ids = item.input_wires(circuit, path);
    path.truncate(length);
    ids
}

impl<T: Wires, const N: usize> Wires for [T; N] {
    type Ids = [T::Ids; N];

    fn input_wires(&self, circuit: &mut Circuit, path: &mut String) -> Self::Ids {
        let mut index = 0;
        self.each_ref().map(|item| {
            index += 1;
            element(item, index - 1, circuit, path)
        })
    }

    fn constant_wires(&self) -> Self::Ids {
        self.each_ref().map(T::constant_wires)
    }
}

impl<T: Wires> Wires for [T] {
    type Ids = Vec<T::Ids>;

    fn input_wires(&self, circuit: &mut Circuit, path: &mut String) -> Self::Ids {
        self.iter()
            .enumerate()
            .map(|(index, item)| element(item, index, circuit, path))
            .collect()
    }

    fn constant_wires(&self) -> Self::Ids {
        self.iter().map(T::constant_wires).collect()
    }
}
