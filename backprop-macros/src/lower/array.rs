//! Lowering, arrays: element reads (`w[i][j]`), local arrays filled with a constant
//! (`[0.0; N]`), element assignment into them (`a[i] = ..`, `a[i][j] += ..`), and the
//! copies that keep a value of a local array fixed where it is read whole.
//!
//! A local array declared `let mut` is one variable updated in place, as the user
//! wrote it: its adjoint is one array, and the backward pass of `a[i] = v` is
//! `d_v += d_a[i]; d_a[i] = 0.0;` (the old element is overwritten, so nothing flows
//! back to it), of `a[i] += v` just `d_v += d_a[i]`.

use crate::ir::names::plain;
use crate::ir::{GateOp, Operand, StoreMode, VarId};
use crate::lower::expr::MAX_NAME;
use crate::lower::passive;
use crate::lower::Lowerer;
use proc_macro2::Ident;
use quote::quote;
use syn::spanned::Spanned;
use syn::Expr;

/// The longest `[v; N]` of a value written out as `N` copies.
const MAX_FILL: usize = 64;

/// An element of an array variable, as written: `w[i][j]`.
struct Place {
    array: VarId,
    indices: Vec<Operand>,
    /// `w_i_j`, for naming the element.
    words: Vec<String>,
}

impl Lowerer<'_> {
    /// `w[i][j]`: one element of an array, its adjoint going to `d_w[i][j]`.
    pub(crate) fn lower_index(&mut self, expr: &Expr, hint: &str) -> Operand {
        let Some(place) = self.place(expr, hint) else {
            return self.lit_tokens(quote!(0.0));
        };
        let key = (place.array, place.words[1..].to_vec());
        if let Some(&read) = self.element_reads.get(&key) {
            return Operand::Var(read);
        }
        let name = self.element_name(&place.words, hint);
        let active = self.tape.vars[place.array].active;
        let op = GateOp::Index {
            array: place.array,
            fields: Vec::new(),
            indices: place.indices,
        };
        let read = self.push_gate(name, op, active, expr.span());
        self.element_reads.insert(key, read);
        Operand::Var(read)
    }

    /// `[a, b, c]` of float values: an array variable whose adjoint flows back to each
    /// element.
    pub(crate) fn lower_pack(&mut self, array: &syn::ExprArray, hint: &str) -> Operand {
        // `[[a, b], [c, d]]`: one gate over the elements, row by row.
        let rows: Vec<&syn::ExprArray> = array
            .elems
            .iter()
            .filter_map(|elem| match elem {
                Expr::Array(row) => Some(row),
                _ => None,
            })
            .collect();
        let width = rows.first().map(|row| row.elems.len());
        let matrix = !rows.is_empty()
            && rows.len() == array.elems.len()
            && rows.iter().all(|row| {
                Some(row.elems.len()) == width
                    && row.elems.iter().all(|e| !matches!(e, Expr::Array(_)))
            });
        let elems: Vec<&Expr> = if matrix {
            rows.iter().flat_map(|row| row.elems.iter()).collect()
        } else {
            array.elems.iter().collect()
        };
        let items: Vec<Operand> = elems
            .iter()
            .map(|elem| self.lower_expr(elem, hint))
            .collect();
        if items
            .iter()
            .any(|item| matches!(*item, Operand::Var(id) if self.tape.vars[id].dims > 0))
        {
            return self.error(
                array,
                "arrays of arrays built from values are not supported yet; fill a local `[[0.0; N]; M]` element by element",
            );
        }
        let rows = match (matrix, width) {
            (true, Some(width)) => Some((width, rows.len())),
            _ => None,
        };
        self.push_pack(items, rows, hint, array.span())
    }

    /// `[v; N]` of a value (a constant fill is [`Self::lower_constant_array`]'s): an
    /// array of `N` copies, whose adjoint is the sum of the elements' adjoints.
    pub(crate) fn lower_fill(&mut self, repeat: &syn::ExprRepeat, hint: &str) -> Operand {
        let len = match &*repeat.len {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(len),
                ..
            }) => len.base10_parse::<usize>().ok(),
            _ => None,
        };
        let Some(len) = len.filter(|len| (1..=MAX_FILL).contains(len)) else {
            return self.error(repeat, format!("`[v; N]` of a value needs a literal length from 1 to {MAX_FILL}; for others fill the array in a loop: `let mut a = [0.0; N]; for i in 0..N {{ a[i] = v; }}`"));
        };
        let value = self.lower_expr(&repeat.expr, hint);
        if matches!(value, Operand::Var(id) if self.tape.vars[id].dims > 0) {
            return self.error(repeat, "arrays of arrays filled with a value are not supported yet; fill a local `[[0.0; N]; M]` element by element");
        }
        self.push_pack(vec![value; len], None, hint, repeat.span())
    }

    /// The array `[items..]`, laid out as `rows` (width, height) if given.
    fn push_pack(
        &mut self,
        items: Vec<Operand>,
        rows: Option<(usize, usize)>,
        hint: &str,
        span: proc_macro2::Span,
    ) -> Operand {
        let active = items.iter().any(|item| self.tape.is_active(*item));
        let (float, size) = (
            self.float.ident(),
            proc_macro2::Literal::usize_unsuffixed(items.len()),
        );
        let name = self.namer.numbered(&format!("{hint}_array"));
        let var = self.push_gate(name, GateOp::Pack(items), active, span);
        if let Some((width, height)) = rows {
            let (width, height) = (
                proc_macro2::Literal::usize_unsuffixed(width),
                proc_macro2::Literal::usize_unsuffixed(height),
            );
            self.tape.vars[var].dims = 2;
            self.tape.vars[var].ty = Some(syn::parse_quote!([[#float; #width]; #height]));
        } else {
            self.tape.vars[var].dims = 1;
            self.tape.vars[var].ty = Some(syn::parse_quote!([#float; #size]));
        }
        Operand::Var(var)
    }

    /// Whether `expr` is `w[i]..` of a float array variable (indexed by every dimension).
    pub(crate) fn is_array_element(&self, expr: &Expr) -> bool {
        let mut depth = 0;
        let mut base = expr;
        loop {
            match base {
                Expr::Index(index) => {
                    depth += 1;
                    base = &index.expr;
                }
                Expr::Paren(inner) => base = &inner.expr,
                _ => break,
            }
        }
        depth > 0
            && self
                .as_variable(base)
                .is_some_and(|var| self.tape.vars[var].dims == depth)
    }

    /// `a[i] = value` (`mode` `Set`), `a[i] += value`, `a[i] -= value`, for a local
    /// array declared `let mut`.
    pub(crate) fn lower_store(&mut self, target: &Expr, value: &Expr, mode: StoreMode) {
        let Some(place) = self.place(target, "store") else {
            return;
        };
        let array_name = plain(&self.tape.vars[place.array].name);
        if !self.tape.vars[place.array].in_place {
            let name = array_name;
            let message = if self.tape.is_slice(place.array) {
                format!("`#[differentiate]` does not assign into parameters, and a slice cannot be copied into a local: fill a local array from its elements (`let mut {name}_local = [0.0; N]; for i in 0..N {{ {name}_local[i] = {name}[i]; }}`), and assign to that")
            } else if self.tape.params.contains(&place.array) {
                format!("`#[differentiate]` does not assign into parameters; copy it into a local array first: `let mut {name}_local = {name};`, and assign to that")
            } else {
                format!("only local arrays declared `let mut` (`let mut {name} = [0.0; N];`) can have their elements assigned")
            };
            self.error(target, message);
            return;
        }
        let hint = place.words.join("_");
        let value = self.lower_expr(value, &hint);
        if matches!(value, Operand::Var(id) if self.tape.vars[id].dims > 0) {
            self.error(
                target,
                "assign one element at a time (`m[i][j] = ..`): rows are not values here",
            );
            return;
        }
        self.element_reads
            .retain(|(array, _), _| *array != place.array);
        let name = self.namer.numbered(&format!("{array_name}_set"));
        let op = GateOp::Store {
            array: place.array,
            indices: place.indices,
            value,
            mode,
        };
        self.push_gate(name, op, true, target.span());
    }

    /// `[0.0; N]`, `[[0.0; N]; M]`, `[1.0, 2.0]`: an array of float constants, so a
    /// local array to assign elements into. `None` for anything else.
    pub(crate) fn lower_constant_array(&mut self, expr: &Expr, hint: &str) -> Option<Operand> {
        let (ty, dims) = self.constant_array_type(expr)?;
        let (tokens, reads) = self.passive_tokens(expr);
        let name = self.namer.numbered(&format!("{hint}_array"));
        let var = self.push_gate_here(name, GateOp::Passive(tokens, reads), expr.span());
        self.tape.vars[var].ty = Some(ty);
        self.tape.vars[var].dims = dims;
        Some(Operand::Var(var))
    }

    /// The type and dimensions of `[c; N]` or `[c1, c2, ..]` with float constants `c`
    /// (or such arrays).
    fn constant_array_type(&self, expr: &Expr) -> Option<(syn::Type, usize)> {
        let float = self.float.ident();
        let element = |item: &Expr| match item {
            Expr::Repeat(_) | Expr::Array(_) => self.constant_array_type(item),
            constant if self.is_float_constant(constant) => Some((syn::parse_quote!(#float), 0)),
            _ => None,
        };
        match expr {
            Expr::Repeat(repeat) => {
                let (elem, dims) = element(&repeat.expr)?;
                let len = &repeat.len;
                Some((syn::parse_quote!([#elem; #len]), dims + 1))
            }
            Expr::Array(array) => {
                let mut items = array.elems.iter().map(element);
                let first = items.next()??;
                if !items.all(|item| item.is_some_and(|item| item == first)) {
                    return None;
                }
                let (elem, dims) = first;
                let len = proc_macro2::Literal::usize_unsuffixed(array.elems.len());
                Some((syn::parse_quote!([#elem; #len]), dims + 1))
            }
            Expr::Paren(inner) => self.constant_array_type(&inner.expr),
            _ => None,
        }
    }

    /// A local array's value where it is read whole (by a grouped gate, a call, a
    /// `let` of another name): a copy, so later element assignments do not change
    /// what the backward pass reads.
    pub(crate) fn snapshot(&mut self, operand: Operand) -> Operand {
        match operand {
            Operand::Var(id) if self.tape.is_vec(id) => {
                let name = plain(&self.tape.vars[id].name);
                self.error(self.tape.vars[id].name.clone(), format!("a `Vec` local is read by element (`{name}[i]`), measured (`{name}.len()`) and iterated (`{name}.iter()`, `&{name}[a..b]`) here, not moved or copied whole"))
            }
            Operand::Var(id) if self.tape.vars[id].in_place => {
                Operand::Var(self.copy_array(id, &plain(&self.tape.vars[id].name), false))
            }
            other => other,
        }
    }

    /// `let name = array;` as a new array variable (`in_place`: a `let mut` to assign
    /// elements of).
    pub(crate) fn copy_array(&mut self, array: VarId, name: &str, in_place: bool) -> VarId {
        let ident = if in_place {
            self.namer.user(name)
        } else {
            self.namer.fresh(&format!("{name}_copy"))
        };
        let span = self.tape.vars[array].name.span();
        let var = self.push_gate(ident, GateOp::Copy(array), true, span);
        let (ty, dims) = (self.tape.vars[array].ty.clone(), self.tape.vars[array].dims);
        // A copy of a reference to an array is an array.
        let ty = match ty {
            Some(syn::Type::Reference(reference)) => Some(*reference.elem),
            ty => ty,
        };
        let copied = &mut self.tape.vars[var];
        copied.ty = ty;
        copied.dims = dims;
        copied.in_place = in_place;
        copied.user_named = in_place;
        var
    }

    /// An index of an element read (a `usize` variable, or constant code) and its word
    /// in the element's name; `None` after reporting an index that depends on a
    /// differentiated value.
    pub(crate) fn index_operand(&mut self, index: &Expr, hint: &str) -> Option<(Operand, String)> {
        let resolve = |ident: &Ident| self.lookup(ident).map(|id| (id, self.tape.vars[id].active));
        if passive::reads(index, &resolve).active {
            self.error(index, "an index cannot depend on a differentiated value");
            return None;
        }
        let operand = match self.as_variable(index) {
            Some(var) => {
                self.tape.vars[var]
                    .ty
                    .get_or_insert_with(|| syn::parse_quote!(usize));
                Operand::Var(var)
            }
            None => self.passive_any(index, hint, Some(syn::parse_quote!(usize))),
        };
        let word = match operand {
            Operand::Var(id) => plain(&self.tape.vars[id].name),
            Operand::Lit(id) => self.tape.lits[id].to_string().replace(' ', ""),
        };
        Some((operand, word))
    }

    /// An element read's name from its words (`w_i_j`), or `<hint>_tN` when that is
    /// too long or not an identifier.
    pub(crate) fn element_name(&mut self, words: &[String], hint: &str) -> Ident {
        let candidate = words.join("_");
        if candidate.len() <= MAX_NAME && candidate.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            self.namer.fresh(&candidate)
        } else {
            self.namer.numbered(&format!("{hint}_t"))
        }
    }

    /// The array and indices of `w[i][j]`, or `None` after reporting why not.
    fn place(&mut self, expr: &Expr, hint: &str) -> Option<Place> {
        let mut indices = Vec::new();
        let mut base = expr;
        loop {
            match base {
                Expr::Index(index) => {
                    indices.push(&*index.index);
                    base = &index.expr;
                }
                Expr::Paren(inner) => base = &inner.expr,
                _ => break,
            }
        }
        indices.reverse();
        if self
            .as_variable(base)
            .is_some_and(|var| self.poisoned.contains(&var))
        {
            return None; // its value is already reported
        }
        let Some(array) = self
            .as_variable(base)
            .filter(|&var| self.tape.vars[var].dims > 0)
        else {
            self.error(base, "`#[differentiate]` can index array parameters and local arrays (`w[i]`, `m[i][j]`); this is neither");
            return None;
        };
        if indices.len() != self.tape.vars[array].dims {
            self.error(expr, "index every dimension of the array (`m[i][j]`): rows of an array are not values `#[differentiate]` supports yet");
            return None;
        }
        let mut operands = Vec::new();
        let mut words = vec![plain(&self.tape.vars[array].name)];
        for index in indices {
            let (operand, word) = self.index_operand(index, hint)?;
            words.push(word);
            operands.push(operand);
        }
        Some(Place {
            array,
            indices: operands,
            words,
        })
    }
}
