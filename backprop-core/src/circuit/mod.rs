//! Pictures of the circuit: what `#[differentiate(circuit)]` records of one run of a
//! function (every staged computation, its value, its local gradients), the gradient
//! of the output with respect to every node, and drawings of it as SVG (in the style
//! of the CS231n notes) and as Graphviz DOT.
//!
//! Recording is a plain tape: one [`Node`] per gate executed, loops unrolled. The
//! gradients are accumulated over it in reverse by [`Circuit::finish`]; drawings show
//! at most [`Circuit::max_gates`] gates (the rest are counted in a note).

mod dot;
mod layout;
mod number;
mod svg;
mod wires;

pub use wires::Wires;

use std::borrow::Cow;

/// One run of a function as a circuit of gates: its inputs, every gate it executed
/// (loops unrolled), each node's value and the gradient of the output with respect to
/// it at `d_out = 1`. Made by `f_circuit(..)` of a `#[differentiate(circuit)]` function.
///
/// ```
/// use backprop::differentiate;
///
/// #[differentiate(circuit)]
/// fn f(x: f64, y: f64, z: f64) -> f64 {
///     let q = x + y;
///     q * z
/// }
///
/// let circuit = f_circuit(-2.0, 5.0, -4.0);
/// assert_eq!(circuit.value(), Some(-12.0));
/// assert_eq!(circuit.gradient("x"), Some(-4.0));
/// let svg = circuit.to_svg(); // inputs left, output right, values green, gradients red
/// assert!(svg.starts_with("<svg"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Circuit {
    /// The function's name, written at the output wire.
    pub name: Cow<'static, str>,
    /// Every node, in the order the run created them: inputs first, then the gates as
    /// they executed. A gate's wires come from earlier nodes only.
    pub nodes: Vec<Node>,
    /// The node whose value the function returns; `None` when it returns a constant.
    pub output: Option<usize>,
    /// How many gates (and how many inputs) [`Circuit::to_svg`] and [`Circuit::to_dot`]
    /// draw at most (40 by default); the others are counted in a note "... N more gates". Every gate is
    /// recorded and has its gradient whatever this is.
    pub max_gates: usize,
}

/// A node of a [`Circuit`]: an input of the function or a gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// An input's name (`x`, `w[1]`) or a gate's operation (`+`, `*`, `max`, `σ`, `exp`,
    /// `1/x`, or a called function's name).
    pub label: Cow<'static, str>,
    /// Whether it is an input or a gate.
    pub kind: NodeKind,
    /// Its value in this run.
    pub value: f64,
    /// The gradient of the output with respect to it (`d_out = 1`): the sum of what
    /// flows back along every wire leaving it. Zero before [`Circuit::finish`].
    pub gradient: f64,
    /// The wires into it, in the operation's argument order (none for an input).
    pub inputs: Vec<Wire>,
}

/// Whether a [`Node`] is an input or a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A differentiated parameter of the function (an array's element is one input).
    Input,
    /// A staged computation.
    Gate,
}

/// A wire into a gate: where it comes from and the gate's local gradient along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wire {
    /// The index in [`Circuit::nodes`] of the node the wire comes from.
    pub from: usize,
    /// The local gradient `∂gate/∂from` (the notes' local gradient: for `*`, the other
    /// input). The gradient flowing back along the wire is this times the gate's.
    pub local: f64,
}

impl Circuit {
    /// The "node" of a constant: a wire from it is not drawn and gets no gradient.
    pub const CONSTANT: usize = usize::MAX;

    /// An empty circuit of the function `name`.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Circuit {
        Circuit {
            name: name.into(),
            nodes: Vec::new(),
            output: None,
            max_gates: 40,
        }
    }

    /// Adds an input named `name` with value `value`; returns its node.
    pub fn input(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<f64>) -> usize {
        self.push(Node {
            label: name.into(),
            kind: NodeKind::Input,
            value: value.into(),
            gradient: 0.0,
            inputs: Vec::new(),
        })
    }

    /// Adds one input per float of `value` (a float, an array, a slice: `w[0]`,
    /// `w[1][2]`, ...); returns their nodes in the same shape.
    pub fn inputs<T: Wires + ?Sized>(&mut self, name: &str, value: &T) -> T::Ids {
        let mut path = String::from(name);
        value.input_wires(self, &mut path)
    }

    /// The nodes of a value with no wire into the circuit (a constant, or a local
    /// array before anything is stored in it): [`Circuit::CONSTANT`] in its shape.
    pub fn constants<T: Wires + ?Sized>(value: &T) -> T::Ids {
        value.constant_wires()
    }

    /// Adds a gate `label` whose value is `value`, with a wire from each `(node, local
    /// gradient)` of `inputs` (those from [`Circuit::CONSTANT`] are left out); returns
    /// its node.
    pub fn gate<F: Into<f64> + Copy>(
        &mut self,
        label: &'static str,
        value: F,
        inputs: &[(usize, F)],
    ) -> usize {
        let inputs = inputs
            .iter()
            .filter(|(from, _)| *from != Circuit::CONSTANT)
            .map(|&(from, local)| Wire {
                from,
                local: local.into(),
            })
            .collect();
        self.push(Node {
            label: Cow::Borrowed(label),
            kind: NodeKind::Gate,
            value: value.into(),
            gradient: 0.0,
            inputs,
        })
    }

    fn push(&mut self, node: Node) -> usize {
        debug_assert!(node.inputs.iter().all(|wire| wire.from < self.nodes.len()));
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Marks `output` as the function's value ([`Circuit::CONSTANT`]: a constant) and
    /// computes every node's gradient: `1` at the output, then, from the last gate back
    /// to the first, each gate's gradient times its local gradients added into its
    /// inputs' (the chain rule; gradients add up where a value fans out).
    #[must_use]
    pub fn finish(mut self, output: usize) -> Circuit {
        for node in &mut self.nodes {
            node.gradient = 0.0;
        }
        self.output = (output != Circuit::CONSTANT).then_some(output);
        if let Some(output) = self.output {
            self.nodes[output].gradient = 1.0;
            for index in (0..=output).rev() {
                let gradient = self.nodes[index].gradient;
                if gradient == 0.0 {
                    continue;
                }
                for k in 0..self.nodes[index].inputs.len() {
                    let Wire { from, local } = self.nodes[index].inputs[k];
                    self.nodes[from].gradient += local * gradient;
                }
            }
        }
        self
    }

    /// The function's value, when it is not a constant.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        self.output.map(|output| self.nodes[output].value)
    }

    /// The gradient with respect to the input named `name` (`x`, `w[1]`).
    #[must_use]
    pub fn gradient(&self, name: &str) -> Option<f64> {
        self.input_nodes()
            .find(|node| node.label == name)
            .map(|node| node.gradient)
    }

    /// The inputs, in parameter order (an array's elements in row-major order).
    pub fn input_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(|node| node.kind == NodeKind::Input)
    }

    /// How many gates the run executed.
    #[must_use]
    pub fn gate_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|node| node.kind == NodeKind::Gate)
            .count()
    }

    /// The gradient flowing back along wire `k` into node `node`: its local gradient
    /// times the node's gradient (what the picture writes in red below the wire).
    #[must_use]
    pub fn wire_gradient(&self, node: usize, k: usize) -> f64 {
        let node = &self.nodes[node];
        node.inputs[k].local * node.gradient
    }

    /// The circuit drawn as SVG in the style of the CS231n notes: inputs on the left,
    /// the output on the right, gates in columns by depth and labelled with their
    /// operation, each wire's value above it in green and the gradient flowing back
    /// along it below it in red. Fonts are the generic `sans-serif`.
    #[must_use]
    pub fn to_svg(&self) -> String {
        svg::render(self, &layout::Layout::new(self))
    }

    /// The circuit as a Graphviz graph (`dot -Tsvg`): one node per input and gate,
    /// each edge labelled with its value (green) and gradient (red).
    #[must_use]
    pub fn to_dot(&self) -> String {
        dot::render(self)
    }

    /// The nodes drawn: the first [`Circuit::max_gates`] inputs and gates.
    fn drawn(&self) -> Vec<bool> {
        let (mut inputs, mut gates) = (0, 0);
        self.nodes
            .iter()
            .map(|node| {
                let count = match node.kind {
                    NodeKind::Input => &mut inputs,
                    NodeKind::Gate => &mut gates,
                };
                *count += 1;
                *count <= self.max_gates
            })
            .collect()
    }
}
