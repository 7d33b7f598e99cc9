//! Adjoints a loop's reversal assigns but leaves as they were: a sum's carried adjoint
//! passes through each iteration unchanged (`let d_s_5 = d_s_1; d_s_1 = 0.0; if c {
//! d_s_1 += d_s_5; } else { d_s_1 += d_s_5; }`), so the iterations still commute
//! (`fuse.rs`). Found by following copies along every path of the reversal's body.

use crate::emit::fuse_names::Uses;
use std::collections::{BTreeMap, BTreeSet};
use syn::{Expr, Pat, Stmt};

/// What a name holds, relative to the iteration's start.
#[derive(Clone, PartialEq, Eq)]
enum Value {
    /// The value `name` had when the iteration began.
    Entry(String),
    Zero,
    Unknown,
}

/// The `candidates` that hold at the end of `stmts` the value they held at the start.
pub(crate) fn unchanged(stmts: &[Stmt], candidates: &BTreeSet<String>) -> BTreeSet<String> {
    let rebound = Uses::of_stmts(stmts).all_defs;
    let mut env: BTreeMap<String, Value> = candidates
        .iter()
        .map(|name| (name.clone(), Value::Entry(name.clone())))
        .collect();
    run(stmts, &mut env);
    candidates
        .iter()
        .filter(|name| !rebound.contains(*name))
        .filter(|name| env.get(*name) == Some(&Value::Entry((*name).clone())))
        .cloned()
        .collect()
}

fn run(stmts: &[Stmt], env: &mut BTreeMap<String, Value>) {
    for stmt in stmts {
        step(stmt, env);
    }
}

fn step(stmt: &Stmt, env: &mut BTreeMap<String, Value>) {
    match stmt {
        Stmt::Local(local) => {
            let value = local
                .init
                .as_ref()
                .map_or(Value::Unknown, |init| eval(&init.expr, env));
            match &local.pat {
                Pat::Ident(pat) => {
                    env.insert(pat.ident.to_string(), value);
                }
                pat => forget(&Uses::pattern(pat), env),
            }
        }
        Stmt::Expr(Expr::Assign(assign), _) => match name_of(&assign.left) {
            Some(name) => {
                let value = eval(&assign.right, env);
                env.insert(name, value);
            }
            None => forget_changed(stmt, env),
        },
        Stmt::Expr(Expr::Binary(binary), _) if matches!(binary.op, syn::BinOp::AddAssign(_)) => {
            match name_of(&binary.left) {
                Some(name) => {
                    let sum = match (env.get(&name), eval(&binary.right, env)) {
                        (Some(Value::Zero), added) => added,
                        (Some(kept), Value::Zero) => kept.clone(),
                        _ => Value::Unknown,
                    };
                    env.insert(name, sum);
                }
                None => forget_changed(stmt, env),
            }
        }
        Stmt::Expr(Expr::If(node), _) => {
            let mut then = env.clone();
            run(&node.then_branch.stmts, &mut then);
            let mut otherwise = env.clone();
            if let Some((_, els)) = &node.else_branch {
                match &**els {
                    Expr::Block(block) => run(&block.block.stmts, &mut otherwise),
                    other => step(&Stmt::Expr(other.clone(), None), &mut otherwise),
                }
            }
            for (name, value) in env.iter_mut() {
                if then.get(name) != Some(value) || otherwise.get(name) != Some(value) {
                    *value = match (then.get(name), otherwise.get(name)) {
                        (Some(a), Some(b)) if a == b => a.clone(),
                        _ => Value::Unknown,
                    };
                }
            }
        }
        other => forget_changed(other, env),
    }
}

/// What `expr` evaluates to: a copy of a known name, zero, or unknown.
fn eval(expr: &Expr, env: &BTreeMap<String, Value>) -> Value {
    match expr {
        Expr::Path(_) => name_of(expr)
            .and_then(|name| env.get(&name).cloned())
            .unwrap_or(Value::Unknown),
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(lit),
            ..
        }) if lit.base10_parse::<f64>().ok() == Some(0.0) => Value::Zero,
        Expr::Paren(inner) => eval(&inner.expr, env),
        _ => Value::Unknown,
    }
}

fn name_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// Every name `stmt` changes is unknown from here.
fn forget_changed(stmt: &Stmt, env: &mut BTreeMap<String, Value>) {
    let uses = Uses::of_stmts(std::slice::from_ref(stmt));
    forget(&uses.changes(), env);
}

fn forget(names: &BTreeSet<String>, env: &mut BTreeMap<String, Value>) {
    for name in names {
        if let Some(value) = env.get_mut(name) {
            *value = Value::Unknown;
        }
    }
}
