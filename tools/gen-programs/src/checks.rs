//! What rustc and clippy would reject in a program, checked before it is kept:
//! references where only values compile, identical branches, `x.max(a).min(b)`,
//! receivers of unknown type, unread integer parameters.

use crate::ast::*;
use crate::ops::{Form, Op, B2};
use crate::print::PROG;
use crate::program::{Kind, Prog};

/// Whether every element bound by reference (`for v in xs.iter()`: `v: &f64`) is
/// used where `&f64` works as well as `f64`: an operand of `+ - * /` or unary `-`,
/// the receiver of a method, the right side of `+=`. (Not in a comparison, a
/// function's argument, a `let`'s whole value: `v > 0.5` does not compile, and the
/// macro, which binds `v = xs[i]`, would reject `*v` and `v > &0.5` alike.)
pub fn refs_ok(cs: &[C], refs: &[String]) -> bool {
    let bare = |e: &E| matches!(e, E::Var(n) if refs.contains(n));
    fn ok(e: &E, refs: &[String]) -> bool {
        let strict = |a: &E| !matches!(a, E::Var(n) if refs.contains(n)) && ok(a, refs);
        match e {
            E::Bin(..) | E::Neg(_) => e.kids().into_iter().all(|a| ok(a, refs)),
            E::Op(Op::Gate(_), _, args) | E::Op(_, Form::Path, args) => args.iter().all(strict),
            E::Op(_, Form::Method, args) => ok(&args[0], refs) && args[1..].iter().all(strict),
            E::Block(..) | E::Call(..) => refs.is_empty(),
            _ => true,
        }
    }
    cs.iter().all(|c| {
        let (es, kids) = c.parts(Ctx::default());
        let mut inner = refs.to_vec();
        if let C::ForEach { head, .. } = c {
            inner.extend(head.binds().into_iter().filter(|b| b.by_ref).map(|b| b.name.clone()));
        }
        let kids: Vec<C> = kids.into_iter().map(|k| k.0.clone()).collect();
        es.into_iter().all(|(e, ctx)| (ctx.bare_ok || !bare(e)) && ok(e, refs))
            && refs_ok(&kids, &inner)
    })
}

/// `e` with the operands of `+` and `*` in a fixed order.
fn canon(e: &E) -> E {
    match e {
        E::Bin(op, a, b) => {
            let (a, b) = (canon(a), canon(b));
            let swap = matches!(op, crate::ops::Bin::Add | crate::ops::Bin::Mul)
                && PROG.expr(&a) > PROG.expr(&b);
            if swap {
                bin(*op, b, a)
            } else {
                bin(*op, a, b)
            }
        }
        E::Neg(a) => E::Neg(Box::new(canon(a))),
        E::Op(op, f, args) => E::Op(*op, *f, args.iter().map(canon).collect()),
        _ => e.clone(),
    }
}

/// Whether some `if` in `cs` has two identical branches (clippy's
/// `if_same_then_else`, which compares `a + b` and `b + a` as equal).
pub fn same_branches(cs: &[C]) -> bool {
    let text = |b: &[C]| {
        let b: Vec<C> = b
            .iter()
            .map(|c| match c {
                C::Set { name, ix, op, e } => {
                    C::Set { name: name.clone(), ix: ix.clone(), op: *op, e: canon(e) }
                }
                c => c.clone(),
            })
            .collect();
        let mut out = String::new();
        PROG.body(&mut out, &b, 0);
        out
    };
    let arm = |v: &Val| {
        format!(
            "{}{}",
            text(&v.stmts),
            v.e.as_ref().map_or(String::new(), |e| PROG.expr(&canon(e)))
        )
    };
    cs.iter().any(|c| {
        let arms: Vec<String> = match c {
            C::If { chain, els, .. } => chain.iter().map(|(_, v)| v).chain(els).map(arm).collect(),
            _ => Vec::new(),
        };
        let dup = (0..arms.len()).any(|i| arms[i + 1..].contains(&arms[i]));
        dup || same_branches(&kids(c))
    })
}

/// Whether `e`'s type is known where it stands (`un`: the variables and arrays
/// whose type is not known yet, `{float}`).
fn typed_in(e: &E, un: &[String]) -> bool {
    match e {
        E::Lit(_) | E::Int(_) => false,
        E::Var(n) | E::Elem(n, _) => !un.contains(n),
        E::Konst(_) | E::Cast(_) | E::Block(..) | E::Call(..) => true,
        // `.iter().sum::<f64>()` names its type, `dot` is generic
        E::Arr(crate::ops::ArrOp::Sum | crate::ops::ArrOp::Product, ..) => true,
        E::Arr(_, names, _) => names.iter().any(|n| !un.contains(n)),
        // `f64::sin(x)` names its type, `backprop::sigmoid` is generic
        E::Op(op, Form::Path, _) if !matches!(op, Op::Gate(_)) => true,
        E::Op(..) | E::Neg(_) => typed_in(e.kids()[0], un),
        E::Bin(_, a, b) => typed_in(a, un) || typed_in(b, un),
    }
}

/// Whether rustc knows the type of every method receiver: `let mut a = [0.0; 3];`
/// has elements of type `{float}` until a store `a[k] = <f64>` (in the text) fixes
/// it, so `a[0].sin()` before that does not compile (nor does a `let t = a[0];`
/// then `t.sin()`, or `for &v in &a` then `v.sin()`).
pub fn types_known(prog: &Prog) -> bool {
    let mut un: Vec<String> = Vec::new();
    let mut ok = true;
    let mut receivers = |e: &E, un: &[String]| {
        each_sub(e, Ctx::default(), &mut |e, _| {
            if let E::Op(op, Form::Method, args) = e {
                ok &= matches!(op, Op::Gate(_)) || typed_in(&args[0], un);
            }
        })
    };
    walk(
        &prog.body,
        Ctx::default(),
        &mut |c, _| {
            for (e, _) in c.parts(Ctx::default()).0 {
                receivers(e, &un);
            }
            let known = match c {
                C::LetMut { init: Init::Fill(..), .. } => false,
                C::LetMut { init: Init::Vals(es), .. } => es.iter().any(|e| typed_in(e, &un)),
                C::LetMut { init: Init::Copy(w, _), .. } => !un.contains(w),
                C::LetMut { init: Init::Splat(e, _), .. } => typed_in(e, &un),
                C::Let { annot, e, .. } => *annot || typed_in(e, &un),
                C::If { name: Some(_), chain, els } => chain
                    .iter()
                    .map(|(_, v)| v)
                    .chain(els)
                    .any(|v| v.e.as_ref().is_some_and(|e| typed_in(e, &un))),
                _ => true,
            };
            match c {
                C::LetMut { name, .. } | C::Let { name, .. } | C::If { name: Some(name), .. }
                    if !known =>
                {
                    un.push(name.clone())
                }
                C::Set { name, op: None, e, ix } if !ix.is_empty() && typed_in(e, &un) => {
                    un.retain(|n| n != name)
                }
                C::ForEach { head, .. } => {
                    for (b, xs) in head.binds().into_iter().zip(head.arrays()) {
                        if un.contains(xs) {
                            un.push(b.name.clone());
                        }
                    }
                }
                _ => {}
            }
        },
        &mut |_, _| {},
    );
    receivers(&prog.tail, &un);
    ok
}

/// Whether `prog` has `x.max(a).min(b)` or `x.min(b).max(a)` of constants (clippy's
/// `manual_clamp`).
pub fn lint_traps(prog: &Prog) -> bool {
    let konst = |e: &E| match e {
        E::Lit(_) | E::Konst(_) => true,
        E::Neg(a) => matches!(**a, E::Lit(_) | E::Konst(_)),
        _ => false,
    };
    let mut hit = false;
    each_e(&prog.body, Some(&prog.tail), &mut |e| {
        if let E::Op(Op::B2(outer @ (B2::Max | B2::Min)), _, a) = e {
            if let E::Op(Op::B2(inner @ (B2::Max | B2::Min)), _, b) = &a[0] {
                hit |= inner != outer && konst(&a[1]) && konst(&b[1]);
            }
        }
    });
    hit
}

/// Whether `cs` (or `tail`) reads the variable `name`.
pub fn reads_name(cs: &[C], tail: Option<&E>, name: &str) -> bool {
    let mut text = String::new();
    PROG.body(&mut text, cs, 0);
    text.push_str(&tail.map_or(String::new(), |t| PROG.expr(t)));
    text.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')).any(|w| w == name)
}

/// Whether the body reads each integer parameter.
pub fn ints_read(prog: &Prog) -> bool {
    let ints = prog.params.iter().filter(|p| matches!(p.kind, Kind::Int { .. }));
    ints.into_iter().all(|p| reads_name(&prog.body, Some(&prog.tail), &p.name))
}

/// The arrays `cs` reads (elements, gates, loop heads and bounds), and the integer
/// variables its element reads index by.
pub fn reads(cs: &[C]) -> (Vec<String>, Vec<String>) {
    let (mut arrays, mut ints) = (Vec::new(), Vec::new());
    let mut heads = Vec::new();
    walk(
        cs,
        Ctx::default(),
        &mut |c, _| match c {
            C::For { range, .. } => {
                for b in [&range.lo, &range.hi] {
                    if let Bound::Len(a, _) = b {
                        heads.push(a.clone());
                    }
                }
            }
            C::ForEach { head, .. } => heads.extend(head.arrays().into_iter().cloned()),
            _ => {}
        },
        &mut |e, _| match e {
            E::Elem(a, ix) => {
                arrays.push(a.clone());
                ints.extend(ix.iter().filter_map(|i| match i {
                    Ix::V(n) => Some(n.clone()),
                    Ix::C(_) => None,
                }));
            }
            E::Arr(_, names, _) => arrays.extend(names.iter().cloned()),
            _ => {}
        },
    );
    arrays.extend(heads);
    (arrays, ints)
}
