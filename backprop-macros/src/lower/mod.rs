//! Lowering, statements: the function body becomes blocks of gates in A-normal form
//! (tangent's `anf.py`). Scopes map the user's names to the current version of each
//! variable, so `let mut`, reassignment and shadowing become single assignments.
//!
//! Input:  `let mut s = x * y; s += x.exp(); s`
//! Output: `s = x * y; x_exp = x.exp(); s_1 = s + x_exp; return s_1`

pub(crate) mod array;
pub(crate) mod array_assign;
pub(crate) mod blocks;
pub(crate) mod branches;
pub(crate) mod call;
pub(crate) mod call_args;
pub(crate) mod chain;
pub(crate) mod chain_adapt;
pub(crate) mod chain_best;
pub(crate) mod chain_bind;
pub(crate) mod chain_body;
pub(crate) mod chain_loop;
pub(crate) mod chain_range;
pub(crate) mod chain_source;
pub(crate) mod closure_walk;
pub(crate) mod closures;
pub(crate) mod conditions;
pub(crate) mod desugar;
pub(crate) mod expr;
pub(crate) mod fields;
pub(crate) mod float_kind;
pub(crate) mod flow;
pub(crate) mod gate_names;
pub(crate) mod generic_consts;
pub(crate) mod generic_mixing;
pub(crate) mod iterate;
pub(crate) mod jumps;
pub(crate) mod loop_scan;
pub(crate) mod loops;
pub(crate) mod macros;
pub(crate) mod matching;
pub(crate) mod passive;
pub(crate) mod replace;
pub(crate) mod rows;
pub(crate) mod scope;
pub(crate) mod stmt;
pub(crate) mod struct_literal;
pub(crate) mod subslice;
pub(crate) mod tuple_parts;
pub(crate) mod tuples;
pub(crate) mod unversion;
pub(crate) mod values;
pub(crate) mod vecs;
pub(crate) mod words;

use crate::error::Errors;
use crate::ir::flow::{Block, BlockId, BlockInfo, Node, Slot};
use crate::ir::names::{plain, Namer};
use crate::ir::{Gate, GateOp, Operand, Tape, Var, VarId};
use crate::parse::signature::{Float, Role, Signature};
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::Expr;

/// Names in scope, innermost last; each maps a user name to its current variable.
pub(crate) type Scopes = Vec<BTreeMap<String, VarId>>;

/// The lowering state: the tape being built, the blocks being filled, the names in
/// scope and the loops we are in.
pub(crate) struct Lowerer<'a> {
    pub(crate) tape: Tape,
    pub(crate) scopes: Scopes,
    /// Blocks being filled, innermost last.
    pub(crate) open: Vec<Block>,
    /// Enclosing loops, innermost last.
    pub(crate) loops: Vec<crate::lower::loops::LoopCx>,
    pub(crate) namer: Namer,
    pub(crate) errors: &'a mut Errors,
    pub(crate) float: Float,
    /// The function being differentiated (calling it is recursion).
    pub(crate) function: Ident,
    /// The type whose method this is (`Self` in paths), if any.
    pub(crate) self_type: Option<String>,
    /// The name the user's crate gives `backprop` (`bp::sigmoid` is a gate when the
    /// dependency is renamed `bp`).
    pub(crate) backprop: Ident,
    /// How many values the function returns.
    pub(crate) outputs: usize,
    /// Whether it returns them as a tuple (`(f64, f64)`, `(f64,)`).
    pub(crate) tuple: bool,
    /// Whether it returns a struct, written as a literal (`State { x: .., v: .. }`).
    pub(crate) struct_output: bool,
    /// Array elements already read in the block being filled (`a[i]` read twice is one
    /// stage), by array and index text; forgotten at block boundaries and when the
    /// array is assigned into.
    pub(crate) element_reads: std::collections::HashMap<(VarId, Vec<String>), VarId>,
    /// Names bound to a value that was already reported as an error: their later uses
    /// are not reported again.
    pub(crate) poisoned: std::collections::HashSet<VarId>,
    /// Labels of the labeled blocks being lowered, innermost last.
    pub(crate) labeled: Vec<String>,
    /// What the body declares about gate names (`use backprop::sigmoid;`, `fn huber`).
    pub(crate) gate_scope: gate_names::GateScope,
    /// Each loop-carried slot's value before the loop.
    pub(crate) slot_inits: std::collections::HashMap<VarId, VarId>,
}

/// Lowers the body of `item` to a tape.
pub(crate) fn lower(
    item: &syn::ItemFn,
    sig: &Signature,
    mut namer: Namer,
    errors: &mut Errors,
) -> (Tape, Namer) {
    let item = &desugar::desugar(item, sig, &mut namer, errors);
    let backprop = crate::ir::names::backprop_crate();
    let mut lowerer = Lowerer {
        tape: Tape {
            vars: Vec::new(),
            lits: Vec::new(),
            numbers: Vec::new(),
            gates: Vec::new(),
            body: Block::default(),
            blocks: vec![BlockInfo {
                runs: Some(crate::ir::flow::Count::Known(1)),
                parent: None,
                looped: false,
            }],
            params: Vec::new(),
            owned: Vec::new(),
            ret: Operand::Lit(0),
            outputs: Vec::new(),
            output_fields: Vec::new(),
            items: Vec::new(),
            diverges: false,
        },
        scopes: vec![BTreeMap::new()],
        open: vec![Block::default()],
        loops: Vec::new(),
        namer,
        errors,
        float: sig.float.clone(),
        function: item.sig.ident.clone(),
        self_type: sig.owner.clone(),
        backprop: backprop.clone(),
        outputs: sig.outputs,
        tuple: sig.tuple,
        struct_output: sig.struct_output.is_some(),
        element_reads: std::collections::HashMap::new(),
        poisoned: std::collections::HashSet::new(),
        labeled: Vec::new(),
        gate_scope: gate_names::GateScope::of(&item.block, &backprop),
        slot_inits: std::collections::HashMap::new(),
    };
    for param in &sig.params {
        let name = plain(&param.name);
        let var_name = lowerer.namer.user(&name);
        let id = lowerer.push_var(Var {
            name: var_name,
            active: param.role == Role::Differentiated,
            ty: Some(param.ty.clone()),
            user_named: true,
            block: 0,
            slot: None,
            dims: param.dims,
            in_place: false,
        });
        lowerer.tape.params.push(id);
        if param.owned {
            lowerer.tape.owned.push(id);
        }
        if !param.unnamed {
            lowerer.bind(&name, id);
        }
    }
    let first_new = lowerer.tape.vars.len();
    let end = lowerer.lower_function_body(&item.block);
    let values = match end {
        crate::lower::flow::End::Value(value) if !sig.tuple => vec![value],
        crate::lower::flow::End::Tuple(values) if sig.tuple => values,
        _ => {
            let close = item.block.brace_token.span.close();
            if lowerer.errors.is_empty() {
                let message = if sig.struct_output.is_some() {
                    "this function returns a struct; end it with a struct literal of its fields (`State { x: .., v: .. }`)".to_owned()
                } else if !sig.tuple {
                    "this function has no value; end it with the value it computes (an expression without `;`)".to_owned()
                } else {
                    format!(
                        "this function returns a tuple; end it with `({}{})`",
                        vec![".."; sig.outputs].join(", "),
                        if sig.outputs == 1 { "," } else { "" }
                    )
                };
                lowerer.errors.add(syn::Error::new(close, message));
            }
            vec![lowerer.lit_tokens(quote::quote!(0.0)); sig.outputs]
        }
    };
    // The value's own stage is `out` (`out_0`, `out_1`, .. for a tuple), whose adjoint
    // is the seed `d_out` for a single value.
    for (index, value) in values.iter().enumerate() {
        if let Operand::Var(id) = *value {
            if id >= first_new && !lowerer.tape.vars[id].user_named {
                let temporary = plain(&lowerer.tape.vars[id].name);
                lowerer.namer.release(&temporary);
                let base = match lowerer.tape.output_fields.get(index) {
                    Some(field) => format!("out_{field}"),
                    None if sig.tuple => format!("out_{index}"),
                    None => "out".to_owned(),
                };
                lowerer.tape.vars[id].name = lowerer.namer.fresh(&base);
            }
        }
    }
    if !sig.tuple {
        lowerer.tape.ret = values[0];
    } else {
        lowerer.tape.ret = lowerer.lit_tokens(quote::quote!(()));
        lowerer.tape.outputs = values;
    }
    lowerer.tape.body = lowerer.open.pop().unwrap_or_default();
    unversion::unversion_temporaries(&mut lowerer.tape, &mut lowerer.namer);
    (lowerer.tape, lowerer.namer)
}

impl Lowerer<'_> {
    /// The variable a user name currently refers to.
    pub(crate) fn lookup(&self, ident: &Ident) -> Option<VarId> {
        let name = plain(ident);
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(&name).copied())
    }

    pub(crate) fn bind(&mut self, name: &str, var: VarId) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_owned(), var);
        }
    }

    /// Points the innermost binding of `name` at `var` (an assignment).
    pub(crate) fn rebind(&mut self, name: &str, var: VarId) {
        if let Some(slot) = self
            .scopes
            .iter_mut()
            .rev()
            .find_map(|scope| scope.get_mut(name))
        {
            *slot = var;
        }
    }

    /// The block being filled.
    pub(crate) fn current_block(&self) -> BlockId {
        self.open.last().map_or(0, |block| block.id)
    }

    /// Appends a node to the block being filled.
    pub(crate) fn push_node(&mut self, node: Node) {
        if let Some(block) = self.open.last_mut() {
            block.nodes.push(node);
        }
    }

    /// Opens a new block nested in the current one, run `runs` times per run of it
    /// (`None`: unknown).
    pub(crate) fn open_block(&mut self, runs: Option<crate::ir::flow::Count>, looped: bool) {
        let parent = self.current_block();
        let total = match (&self.tape.blocks[parent].runs, runs) {
            (Some(outer), Some(inner)) => outer.times(&inner),
            _ => None,
        };
        self.element_reads.clear();
        self.tape.blocks.push(BlockInfo {
            runs: total,
            parent: Some(parent),
            looped,
        });
        self.open.push(Block {
            id: self.tape.blocks.len() - 1,
            nodes: Vec::new(),
        });
    }

    /// Closes the block being filled and returns it.
    pub(crate) fn close_block(&mut self) -> Block {
        self.element_reads.clear();
        self.open.pop().unwrap_or_default()
    }

    pub(crate) fn push_var(&mut self, var: Var) -> VarId {
        self.tape.vars.push(var);
        self.tape.vars.len() - 1
    }

    /// A new variable of the current block that no gate defines (a slot, a loop
    /// index or counter).
    pub(crate) fn new_var(&mut self, name: Ident, active: bool, slot: Option<Slot>) -> VarId {
        let block = self.current_block();
        self.push_var(Var {
            name,
            active,
            ty: None,
            user_named: false,
            block,
            slot,
            dims: 0,
            in_place: false,
        })
    }

    /// Appends a gate computing a new variable named `name`.
    pub(crate) fn push_gate(&mut self, name: Ident, op: GateOp, active: bool, span: Span) -> VarId {
        let invariant = self.loop_invariant(&op);
        self.push_gate_at(name, op, active, span, invariant)
    }

    /// Appends a gate that stays where it is written even in a loop: a local array,
    /// which each iteration starts afresh.
    pub(crate) fn push_gate_here(&mut self, name: Ident, op: GateOp, span: Span) -> VarId {
        self.push_gate_at(name, op, true, span, None)
    }

    fn push_gate_at(
        &mut self,
        name: Ident,
        op: GateOp,
        active: bool,
        span: Span,
        invariant: Option<usize>,
    ) -> VarId {
        let out = self.new_var(name, active, None);
        self.tape.gates.push(Gate { out, op, span });
        let node = Node::Gate(self.tape.gates.len() - 1);
        match invariant {
            // Computed once before the loop instead of (and saved) every iteration.
            Some(parent) => {
                self.tape.vars[out].block = self.open[parent].id;
                self.open[parent].nodes.push(node);
            }
            None => self.push_node(node),
        }
        out
    }

    /// A constant operand with the tokens of `expr` (parenthesized unless atomic).
    pub(crate) fn lit(&mut self, expr: &Expr) -> Operand {
        let tokens = match expr {
            Expr::Lit(_) | Expr::Path(_) | Expr::Paren(_) => expr.to_token_stream(),
            _ => quote::quote!((#expr)),
        };
        self.lit_tokens(tokens)
    }

    pub(crate) fn lit_tokens(&mut self, tokens: TokenStream) -> Operand {
        self.tape
            .numbers
            .push(crate::ir::sym::literal_number(&tokens));
        self.tape.lits.push(tokens);
        Operand::Lit(self.tape.lits.len() - 1)
    }

    /// Records an error and returns a placeholder so lowering can go on.
    pub(crate) fn error(
        &mut self,
        node: impl ToTokens,
        message: impl std::fmt::Display,
    ) -> Operand {
        self.errors.push(node, message);
        self.lit_tokens(quote::quote!(0.0))
    }
}
