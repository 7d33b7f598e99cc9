//! The staged IR: a tape of gates in A-normal form, each computing one named value
//! from variables and constants, arranged in blocks by the control flow (`flow.rs`).
//! Invariant: a gate only reads variables defined before it (single assignment:
//! `x += 1.0` makes a new variable); only slots (`flow::Slot`) are assigned more than once.

pub(crate) mod flow;
pub(crate) mod kinds;
pub(crate) mod names;
pub(crate) mod ops;
pub(crate) mod rules;
pub(crate) mod sym;
pub(crate) mod tangent_rules;
pub(crate) mod types;
pub(crate) mod views;

use crate::ir::flow::{Block, BlockId, BlockInfo, Slot};
use crate::ir::ops::{Binary, Op};
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use std::fmt;

/// Index of a variable in [`Tape::vars`].
pub(crate) type VarId = usize;
/// Index of a constant expression in [`Tape::lits`].
pub(crate) type LitId = usize;

/// An input of a gate: a variable, or a constant expression that reads no variable
/// (a literal, a `const` item, `std::f64::consts::PI`, `2.0 * PI`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Operand {
    Var(VarId),
    Lit(LitId),
}

impl Operand {
    /// The variable, if the operand is one.
    pub(crate) fn var(self) -> Option<VarId> {
        match self {
            Operand::Var(id) => Some(id),
            Operand::Lit(_) => None,
        }
    }
}

/// One value of the staged computation.
pub(crate) struct Var {
    /// Unique name in the generated code (the user's binding name where there is one).
    pub(crate) name: Ident,
    /// Whether the value depends on a differentiated parameter.
    pub(crate) active: bool,
    /// The declared type, for parameters and annotated `let`s.
    pub(crate) ty: Option<syn::Type>,
    /// Whether `name` is a name the user gave (a parameter or a `let`), not a temporary.
    pub(crate) user_named: bool,
    /// The block the variable is defined in (0: the function body).
    pub(crate) block: BlockId,
    /// Whether the variable is a slot, assigned at control-flow joins.
    pub(crate) slot: Option<Slot>,
    /// Array dimensions of an array parameter (0 for a float).
    pub(crate) dims: usize,
    /// Whether the variable is a local array assigned element by element in place
    /// (`let mut a = [0.0; N]; a[i] = ..;`): one variable for its whole life, with
    /// one adjoint array.
    pub(crate) in_place: bool,
}

/// How an element assignment combines with the element's old value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum StoreMode {
    /// `a[i] = v`: the old value is lost (its adjoint is zero from here back).
    Set,
    /// `a[i] += v`
    Add,
    /// `a[i] -= v`
    Sub,
    /// `v.push(value)` onto a `Vec` local (no indices): reversed by popping the
    /// element's adjoint off the end of `d_v`.
    Push,
}

/// What a gate computes.
pub(crate) enum GateOp {
    /// A differentiable operation.
    Diff(Op<Operand>),
    /// An expression over constants only (any Rust the user wrote, with variables
    /// renamed); it has no derivative and is only replayed in the forward pass.
    /// The variables it reads are listed beside the tokens.
    Passive(TokenStream, Vec<VarId>),
    /// A statement kept where it is written in the forward pass and never in the
    /// backward pass (`assert!(x > 0.0);`, `println!("{x}");`, a diverging
    /// `panic!(..)`): its tokens, renamed to the staged names, and the variables it
    /// reads. The gate's `out` only names it.
    Effect(TokenStream, Vec<VarId>),
    /// A copy of a slot's current value (a loop-carried variable at the start of an
    /// iteration, or after the loop).
    Copy(VarId),
    /// A call of another `#[differentiate]` function: its forward pass here, its
    /// pullback in the backward pass.
    Call(Call),
    /// An element of an array parameter: `out = array[i][j]`; its adjoint goes to
    /// `d_array[i][j]`.
    /// `fields`: a struct parameter's field path before the indices (`p.l1.w[i][j]`).
    Index {
        array: VarId,
        fields: Vec<Ident>,
        indices: Vec<Operand>,
    },
    /// An array built from values: `out = [a, b, c]`.
    Pack(Vec<Operand>),
    /// An element assignment into an in-place local array: `array[i][j] = value`
    /// (or `+=`, `-=`). The gate's `out` only names the assignment; it holds no value.
    Store {
        array: VarId,
        indices: Vec<Operand>,
        value: Operand,
        mode: StoreMode,
    },
    /// A grouped gate over arrays: `dot(a, b)`, `logsumexp(x)`, ...
    ArrayGate {
        gate: crate::ir::ops::ArrayGate,
        args: Vec<Operand>,
    },
}

/// `let (out, cache) = path_forward(args..);`
pub(crate) struct Call {
    /// The called function, as written (`layers::dense`).
    pub(crate) path: syn::Path,
    pub(crate) args: Vec<Operand>,
    /// The callee's cache, a variable defined by this gate too.
    pub(crate) cache: VarId,
    /// For each argument that is an array or a part of one, how it is passed.
    pub(crate) views: Vec<Option<views::View>>,
}

/// One stage: `let out = op;`.
pub(crate) struct Gate {
    pub(crate) out: VarId,
    pub(crate) op: GateOp,
    /// The source expression the gate came from, for error and type-error spans.
    pub(crate) span: Span,
}

/// The whole staged function.
pub(crate) struct Tape {
    pub(crate) vars: Vec<Var>,
    pub(crate) lits: Vec<TokenStream>,
    /// Each constant's value when it is a plain number literal (`sym::literal_number`).
    pub(crate) numbers: Vec<Option<f64>>,
    /// Every gate, in creation order; blocks refer to them by index.
    pub(crate) gates: Vec<Gate>,
    /// The function body.
    pub(crate) body: Block,
    /// What each block is nested in, by [`BlockId`].
    pub(crate) blocks: Vec<BlockInfo>,
    /// The parameters' variables, in signature order.
    pub(crate) params: Vec<VarId>,
    /// The struct parameters by value (`s: State`, `parse/struct_value.rs`): read and
    /// buffered as a struct parameter by reference is, owned by the cache.
    pub(crate) owned: Vec<VarId>,
    /// The function's value (for a function returning a tuple: `()`, see `outputs`).
    pub(crate) ret: Operand,
    /// The function's values, for a function returning a tuple.
    pub(crate) outputs: Vec<Operand>,
    /// For a function returning a struct: the field each of `outputs` is.
    pub(crate) output_fields: Vec<Ident>,
    /// Items declared in the body (`const K: f64 = ..;`), replayed in generated bodies,
    /// and the checks that bare gate names are backprop's gates (`lower/gate_names.rs`).
    pub(crate) items: Vec<syn::Item>,
    /// Whether a branch ends in a diverging macro (`panic!(..)`, `unreachable!()`).
    pub(crate) diverges: bool,
}

impl Tape {
    /// Whether a branch ends in a diverging macro: the code after it, as generated,
    /// is unreachable.
    pub(crate) fn diverges(&self) -> bool {
        self.diverges
    }

    /// Whether `operand` is a variable that depends on a differentiated parameter.
    pub(crate) fn is_active(&self, operand: Operand) -> bool {
        matches!(operand, Operand::Var(id) if self.vars[id].active)
    }

    /// The operand as source tokens.
    pub(crate) fn operand_tokens(&self, operand: Operand) -> TokenStream {
        match operand {
            Operand::Var(id) => self.vars[id].name.to_token_stream(),
            Operand::Lit(id) => self.lits[id].clone(),
        }
    }

    /// The row length of a matrix built by a `Pack` (`[[a, b], [c, d]]`: 2), whose
    /// items are its elements row by row.
    pub(crate) fn row_width(&self, var: VarId) -> Option<usize> {
        match &self.vars[var].ty {
            Some(syn::Type::Array(outer)) if self.vars[var].dims == 2 => match &*outer.elem {
                syn::Type::Array(syn::TypeArray {
                    len:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Int(len),
                            ..
                        }),
                    ..
                }) => len.base10_parse().ok().filter(|&width: &usize| width > 0),
                _ => None,
            },
            _ => None,
        }
    }

    /// An operand read as a whole value: [`Tape::operand_tokens`], with a reference to an
    /// array dereferenced (`*p`).
    pub(crate) fn value_tokens(&self, operand: Operand) -> TokenStream {
        let tokens = self.operand_tokens(operand);
        match operand {
            Operand::Var(id) if self.is_array_ref(id) => quote::quote!((*#tokens)),
            _ => tokens,
        }
    }

    /// `base[i][j]`: an element of the array (or of its adjoint) named `base`.
    pub(crate) fn element(&self, base: &Ident, indices: &[Operand]) -> TokenStream {
        self.field_element(base, &[], indices)
    }

    /// `base.fields[indices]`: `p.l1.w[i][j]`, `d_p.l1.w[i][j]`.
    pub(crate) fn field_element(
        &self,
        base: &Ident,
        fields: &[Ident],
        indices: &[Operand],
    ) -> TokenStream {
        let indices = indices.iter().map(|index| self.operand_tokens(*index));
        quote::quote!(#base #(.#fields)* #([#indices])*)
    }

    /// A gate's right-hand side as readable text (`num * invden`), for docs and tests.
    pub(crate) fn describe(&self, gate: &Gate) -> String {
        let text = |operand: &Operand| self.operand_tokens(*operand).to_string();
        match &gate.op {
            GateOp::Passive(tokens, _) | GateOp::Effect(tokens, _) => tokens.to_string(),
            GateOp::Copy(slot) => self.vars[*slot].name.to_string(),
            GateOp::Pack(items) => {
                let items: Vec<String> = items.iter().map(&text).collect();
                format!("[{}]", items.join(", "))
            }
            GateOp::ArrayGate { gate, args } => {
                let args: Vec<String> = args.iter().map(&text).collect();
                format!("{}({})", gate.name(), args.join(", "))
            }
            GateOp::Index {
                array,
                fields,
                indices,
            } => {
                let indices: String = indices
                    .iter()
                    .map(|index| format!("[{}]", text(index)))
                    .collect();
                let fields: String = fields.iter().map(|field| format!(".{field}")).collect();
                format!("{}{fields}{indices}", self.vars[*array].name)
            }
            GateOp::Store {
                array,
                indices,
                value,
                mode,
            } => {
                let indices: String = indices
                    .iter()
                    .map(|index| format!("[{}]", text(index)))
                    .collect();
                let operator = match mode {
                    StoreMode::Set => "=",
                    StoreMode::Add => "+=",
                    StoreMode::Sub => "-=",
                    StoreMode::Push => {
                        return format!("{}.push({})", self.vars[*array].name, text(value))
                    }
                };
                format!(
                    "{}{indices} {operator} {}",
                    self.vars[*array].name,
                    text(value)
                )
            }
            GateOp::Call(call) => {
                let path = &call.path;
                let args: Vec<String> = call.args.iter().map(&text).collect();
                format!(
                    "{}({})",
                    quote::quote!(#path).to_string().replace(' ', ""),
                    args.join(", ")
                )
            }
            GateOp::Diff(op) => match op {
                Op::Neg(a) => format!("-{}", text(a)),
                Op::Unary(unary, a) if unary.is_gate() => format!("{}({})", unary.name(), text(a)),
                Op::Unary(unary, a) if unary.is_cast() => format!("({} as f32) as f64", text(a)),
                Op::Unary(unary, a) => format!("{}.{}()", text(a), unary.name()),
                Op::Binary(binary, a, b) if binary.is_infix() => {
                    format!("{} {} {}", text(a), binary.name(), text(b))
                }
                Op::Binary(binary, a, b) if binary.is_gate() => {
                    format!("{}({}, {})", binary.name(), text(a), text(b))
                }
                Op::Binary(binary, a, b) => format!("{}.{}({})", text(a), binary.name(), text(b)),
                Op::Ternary(ternary, a, b, c) => {
                    format!("{}.{}({}, {})", text(a), ternary.name(), text(b), text(c))
                }
            },
        }
    }

    /// The variables a gate reads.
    pub(crate) fn reads(&self, gate: &Gate) -> Vec<VarId> {
        match &gate.op {
            GateOp::Passive(_, reads) | GateOp::Effect(_, reads) => reads.clone(),
            GateOp::Copy(slot) => vec![*slot],
            GateOp::ArrayGate { args, .. } | GateOp::Pack(args) => {
                args.iter().filter_map(|arg| arg.var()).collect()
            }
            GateOp::Index { array, indices, .. } => std::iter::once(*array)
                .chain(indices.iter().filter_map(|index| index.var()))
                .collect(),
            GateOp::Store {
                array,
                indices,
                value,
                ..
            } => std::iter::once(*array)
                .chain(
                    indices
                        .iter()
                        .chain([value])
                        .filter_map(|operand| operand.var()),
                )
                .collect(),
            GateOp::Call(call) => call
                .args
                .iter()
                .copied()
                .chain(call.views.iter().flatten().flat_map(views::View::operands))
                .filter_map(Operand::var)
                .collect(),
            GateOp::Diff(op) => op
                .inputs()
                .into_iter()
                .filter_map(|input| input.var())
                .collect(),
        }
    }

    /// Whether each variable is read as the exponent of a `powi` (so it is an `i32`),
    /// by [`VarId`]: one pass over the gates.
    pub(crate) fn powi_exponents(&self) -> Vec<bool> {
        let mut exponents = vec![false; self.vars.len()];
        for gate in &self.gates {
            if let GateOp::Diff(Op::Binary(Binary::Powi, _, Operand::Var(n))) = gate.op {
                exponents[n] = true;
            }
        }
        exponents
    }
}

/// Prints the tape as staged code, one gate per line, for tests and debugging.
impl fmt::Display for Tape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::ir::flow::write_block(self, &self.body, 0, f)?;
        write!(f, "return {}", self.operand_tokens(self.ret))
    }
}
