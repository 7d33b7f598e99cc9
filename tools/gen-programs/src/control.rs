//! Random programs with control flow, and their num-dual twins.
//!
//! [`generate`] returns the whole text of `tests/random_control_flow.rs`. It uses
//! the straight-line machinery of the parent module (expressions with intervals,
//! statements, the evaluator) from a second ChaCha8 stream, and adds `if`/`else`
//! statements and expressions (else-if chains, `&&`/`||` conditions comparing
//! differentiated values), `match` on an integer (or-patterns, ranges, guards),
//! `for` loops over constant and runtime ranges (`..=`, `.rev()`, `.step_by(2)`),
//! nested loops, `while` and `loop` with counters, `break`, `continue` and early
//! `return`. Loop-carried variables are updated by shapes whose values stay bounded
//! whatever the trip count (squashed recurrences, bounded sums, products of factors
//! near 1, decaying averages). The twin is the same program over `D`, comparing
//! `.re()` in its conditions. Sample points must keep every evaluated comparison
//! away from its boundary, like kinks.

use super::*;

#[path = "calls.rs"]
mod calls;
pub use calls::generate as generate_calls;

#[path = "arrays.rs"]
mod arrays;
pub use arrays::generate as generate_arrays;
pub use arrays::generate_arrays_mut;

/// The seed of the checked-in `tests/random_control_flow.rs`.
const SEED_CF: u64 = 0x0c0f_f10e_2025;
/// Programs (all over f64).
const NCF: usize = 220;

// ---------------------------------------------------------------- syntax

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn sym(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
    fn eval(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

/// The right side of an integer test: a literal or the trip-count parameter.
#[derive(Clone, Debug)]
enum IntRhs {
    C(i64),
    N(String),
}

#[derive(Clone, Debug)]
enum IntTest {
    Lt(IntRhs),
    Ge(IntRhs),
    Eq(i64),
    /// `v % m == r` (r > 0: clippy prefers `is_multiple_of` for `== 0`).
    Mod(i64, i64),
}

#[derive(Clone, Debug)]
enum Cond {
    /// A float comparison; a literal side is stored as `E::Lit` (maybe negative).
    F(E, Cmp, E),
    /// A test of an integer variable.
    I(String, IntTest),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone, Debug)]
enum Pat {
    Lit(i64),
    Or(i64, i64),
    Range(i64, i64),
    Wild,
}

/// A branch value: an expression, or a block `{ stmts; e }`.
#[derive(Clone, Debug)]
struct Val {
    stmts: Vec<C>,
    e: E,
}

#[derive(Clone, Debug)]
struct Arm<T> {
    pat: Pat,
    guard: Option<Cond>,
    body: T,
}

#[derive(Clone, Debug)]
enum Bound {
    C(i64),
    /// The trip-count parameter.
    N(String),
    /// `a.len()` of an array of that length (`arrays.rs`).
    Len(String, i64),
}

#[derive(Clone, Debug)]
struct Range {
    lo: Bound,
    hi: Bound,
    incl: bool,
    rev: bool,
    step: i64,
}

#[derive(Clone, Debug)]
enum C {
    S(St),
    /// `let mut k = 0;` (an integer counter).
    IntLet(String),
    /// `k += 1;`
    IntInc(String),
    If(Vec<(Cond, Vec<C>)>, Option<Vec<C>>),
    LetIf {
        name: String,
        chain: Vec<(Cond, Val)>,
        els: Val,
    },
    Match {
        scrut: String,
        arms: Vec<Arm<Vec<C>>>,
    },
    LetMatch {
        name: String,
        scrut: String,
        arms: Vec<Arm<Val>>,
    },
    For {
        var: String,
        range: Range,
        body: Vec<C>,
    },
    While(Cond, Vec<C>),
    Loop(Vec<C>),
    Break,
    Continue,
    Return(E),
    /// A statement over arrays (`arrays.rs`).
    Arr(arrays::AC),
}

fn c_gates(c: &C) -> usize {
    let cond = |c: &Cond| cond_gates(c);
    let val = |v: &Val| v.stmts.iter().map(c_gates).sum::<usize>() + gates(&v.e);
    let body = |b: &[C]| b.iter().map(c_gates).sum::<usize>();
    match c {
        C::S(s) => stmt_gates(s),
        C::IntLet(_) | C::IntInc(_) | C::Break | C::Continue => 0,
        C::If(chain, els) => {
            chain.iter().map(|(c, b)| cond(c) + body(b)).sum::<usize>()
                + els.as_deref().map_or(0, body)
        }
        C::LetIf { chain, els, .. } => {
            chain.iter().map(|(c, v)| cond(c) + val(v)).sum::<usize>() + val(els)
        }
        C::Match { arms, .. } => arms
            .iter()
            .map(|a| a.guard.as_ref().map_or(0, cond) + body(&a.body))
            .sum(),
        C::LetMatch { arms, .. } => arms
            .iter()
            .map(|a| a.guard.as_ref().map_or(0, cond) + val(&a.body))
            .sum(),
        C::For { body: b, .. } | C::Loop(b) => body(b),
        C::While(c, b) => cond(c) + body(b),
        C::Return(e) => gates(e),
        C::Arr(a) => {
            let (es, kids) = a.parts();
            es.into_iter().map(gates).sum::<usize>() + kids.into_iter().map(c_gates).sum::<usize>()
        }
    }
}

fn cond_gates(c: &Cond) -> usize {
    match c {
        Cond::F(a, _, b) => gates(a) + gates(b),
        Cond::I(..) => 0,
        Cond::And(a, b) | Cond::Or(a, b) => cond_gates(a) + cond_gates(b),
    }
}

// ---------------------------------------------------------------- printing

fn lit_text(v: f64) -> String {
    format!("{v:?}")
}

fn cond_text(cx: Cx, c: &Cond) -> String {
    let side = |e: &E| match e {
        E::Lit(v) => lit_text(*v),
        _ if cx.twin => format!("{}.re()", cx.recv(e)),
        _ => cx.expr(e),
    };
    match c {
        Cond::F(a, op, b) => format!("{} {} {}", side(a), op.sym(), side(b)),
        Cond::I(v, t) => {
            let rhs = |r: &IntRhs| match r {
                IntRhs::C(k) => k.to_string(),
                IntRhs::N(n) => n.clone(),
            };
            match t {
                IntTest::Lt(r) => format!("{v} < {}", rhs(r)),
                IntTest::Ge(r) => format!("{v} >= {}", rhs(r)),
                IntTest::Eq(k) => format!("{v} == {k}"),
                IntTest::Mod(m, r) => format!("{v} % {m} == {r}"),
            }
        }
        Cond::And(a, b) => format!("{} && {}", cond_text(cx, a), cond_text(cx, b)),
        Cond::Or(a, b) => format!("{} || {}", cond_text(cx, a), cond_text(cx, b)),
    }
}

fn pat_text(p: &Pat) -> String {
    match p {
        Pat::Lit(v) => v.to_string(),
        Pat::Or(a, b) => format!("{a} | {b}"),
        Pat::Range(a, b) => format!("{a}..={b}"),
        Pat::Wild => "_".into(),
    }
}

fn arm_head<T>(cx: Cx, a: &Arm<T>) -> String {
    match &a.guard {
        Some(g) => format!("{} if {}", pat_text(&a.pat), cond_text(cx, g)),
        None => pat_text(&a.pat),
    }
}

fn bound_text(b: &Bound) -> String {
    match b {
        Bound::C(k) => k.to_string(),
        Bound::N(n) => n.clone(),
        Bound::Len(a, _) => format!("{a}.len()"),
    }
}

fn range_text(r: &Range) -> String {
    let dots = if r.incl { "..=" } else { ".." };
    let base = format!("{}{dots}{}", bound_text(&r.lo), bound_text(&r.hi));
    if r.rev {
        format!("({base}).rev()")
    } else if r.step > 1 {
        format!("({base}).step_by({})", r.step)
    } else {
        base
    }
}

/// The one-line form rustfmt keeps for `if c { a } else { b }` when it is at
/// most 50 columns wide.
fn one_line_if(cx: Cx, chain: &[(Cond, Val)], els: &Val) -> Option<String> {
    if chain.len() != 1 || !chain[0].1.stmts.is_empty() || !els.stmts.is_empty() {
        return None;
    }
    Some(format!(
        "if {} {{ {} }} else {{ {} }}",
        cond_text(cx, &chain[0].0),
        cx.expr(&chain[0].1.e),
        cx.expr(&els.e)
    ))
}

fn print_body(cx: Cx, out: &mut String, body: &[C], ind: usize) {
    for c in body {
        print_c(cx, out, c, ind);
    }
}

fn print_val(cx: Cx, out: &mut String, v: &Val, ind: usize) {
    print_body(cx, out, &v.stmts, ind);
    let _ = writeln!(out, "{}{}", " ".repeat(ind), cx.expr(&v.e));
}

fn print_c(cx: Cx, out: &mut String, c: &C, ind: usize) {
    let pad = " ".repeat(ind);
    match c {
        C::S(s) => cx.stmt(out, s, ind),
        C::IntLet(n) => {
            let _ = writeln!(out, "{pad}let mut {n} = 0;");
        }
        C::IntInc(n) => {
            let _ = writeln!(out, "{pad}{n} += 1;");
        }
        C::If(chain, els) => {
            for (k, (cond, body)) in chain.iter().enumerate() {
                let kw = if k == 0 {
                    format!("{pad}if")
                } else {
                    format!("{pad}}} else if")
                };
                let _ = writeln!(out, "{kw} {} {{", cond_text(cx, cond));
                print_body(cx, out, body, ind + 4);
            }
            if let Some(body) = els {
                let _ = writeln!(out, "{pad}}} else {{");
                print_body(cx, out, body, ind + 4);
            }
            let _ = writeln!(out, "{pad}}}");
        }
        C::LetIf { name, chain, els } => {
            if let Some(one) = one_line_if(cx, chain, els).filter(|s| s.len() <= 50) {
                let _ = writeln!(out, "{pad}let {name} = {one};");
                return;
            }
            for (k, (cond, v)) in chain.iter().enumerate() {
                let kw = if k == 0 {
                    format!("{pad}let {name} = if")
                } else {
                    format!("{pad}}} else if")
                };
                let _ = writeln!(out, "{kw} {} {{", cond_text(cx, cond));
                print_val(cx, out, v, ind + 4);
            }
            let _ = writeln!(out, "{pad}}} else {{");
            print_val(cx, out, els, ind + 4);
            let _ = writeln!(out, "{pad}}};");
        }
        C::Match { scrut, arms } => {
            let _ = writeln!(out, "{pad}match {scrut} {{");
            for a in arms {
                let _ = writeln!(out, "{pad}    {} => {{", arm_head(cx, a));
                print_body(cx, out, &a.body, ind + 8);
                let _ = writeln!(out, "{pad}    }}");
            }
            let _ = writeln!(out, "{pad}}}");
        }
        C::LetMatch { name, scrut, arms } => {
            let _ = writeln!(out, "{pad}let {name} = match {scrut} {{");
            for a in arms {
                if a.body.stmts.is_empty() {
                    let e = cx.expr(&a.body.e);
                    let _ = writeln!(out, "{pad}    {} => {e},", arm_head(cx, a));
                } else {
                    let _ = writeln!(out, "{pad}    {} => {{", arm_head(cx, a));
                    print_val(cx, out, &a.body, ind + 8);
                    let _ = writeln!(out, "{pad}    }}");
                }
            }
            let _ = writeln!(out, "{pad}}};");
        }
        C::For { var, range, body } => {
            let _ = writeln!(out, "{pad}for {var} in {} {{", range_text(range));
            print_body(cx, out, body, ind + 4);
            let _ = writeln!(out, "{pad}}}");
        }
        C::While(cond, body) => {
            let _ = writeln!(out, "{pad}while {} {{", cond_text(cx, cond));
            print_body(cx, out, body, ind + 4);
            let _ = writeln!(out, "{pad}}}");
        }
        C::Loop(body) => {
            let _ = writeln!(out, "{pad}loop {{");
            print_body(cx, out, body, ind + 4);
            let _ = writeln!(out, "{pad}}}");
        }
        C::Break => {
            let _ = writeln!(out, "{pad}break;");
        }
        C::Continue => {
            let _ = writeln!(out, "{pad}continue;");
        }
        C::Return(e) => {
            let _ = writeln!(out, "{pad}return {};", cx.expr(e));
        }
        C::Arr(a) => a.print(cx, out, ind),
    }
}

/// Every float expression outside a straight-line statement (conditions, branch
/// values, arms, `return`) is narrow enough for rustfmt to leave alone.
fn narrow(c: &C) -> bool {
    let e_ok = |e: &E| {
        [false, true].iter().all(|&twin| {
            let cx = Cx { twin, f32: false };
            cx.widest_call(e) <= 44
        })
    };
    fn cond_es<'a>(c: &'a Cond, out: &mut Vec<&'a E>) {
        match c {
            Cond::F(a, _, b) => {
                out.push(a);
                out.push(b);
            }
            Cond::I(..) => {}
            Cond::And(a, b) | Cond::Or(a, b) => {
                cond_es(a, out);
                cond_es(b, out);
            }
        }
    }
    let mut es: Vec<&E> = Vec::new();
    let mut kids: Vec<&C> = Vec::new();
    match c {
        C::S(_) | C::IntLet(_) | C::IntInc(_) | C::Break | C::Continue => {}
        C::If(chain, els) => {
            for (cond, b) in chain {
                cond_es(cond, &mut es);
                kids.extend(b);
            }
            if let Some(b) = els {
                kids.extend(b);
            }
        }
        C::LetIf { chain, els, .. } => {
            for (cond, v) in chain {
                cond_es(cond, &mut es);
                es.push(&v.e);
                kids.extend(&v.stmts);
            }
            es.push(&els.e);
            kids.extend(&els.stmts);
        }
        C::Match { arms, .. } => {
            for a in arms {
                if let Some(g) = &a.guard {
                    cond_es(g, &mut es);
                }
                kids.extend(&a.body);
            }
        }
        C::LetMatch { arms, .. } => {
            for a in arms {
                if let Some(g) = &a.guard {
                    cond_es(g, &mut es);
                }
                es.push(&a.body.e);
                kids.extend(&a.body.stmts);
            }
        }
        C::For { body, .. } | C::Loop(body) => kids.extend(body),
        C::While(cond, body) => {
            cond_es(cond, &mut es);
            kids.extend(body);
        }
        C::Return(e) => es.push(e),
        C::Arr(a) => {
            let (e, k) = a.parts();
            es.extend(e);
            kids.extend(k);
        }
    }
    es.into_iter().all(e_ok) && kids.into_iter().all(narrow)
}

/// Whether rustfmt keeps the printed `cs` (at `ind`) as they are.
fn cs_fit(cs: &[C], ind: usize) -> bool {
    cs.iter().all(narrow)
        && [false, true].iter().all(|&twin| {
            let cx = Cx { twin, f32: false };
            let mut out = String::new();
            print_body(cx, &mut out, cs, ind);
            let ambiguous = cs.iter().any(|c| one_line_near_50(cx, c));
            !ambiguous && out.lines().all(|l| l.len() <= 92)
        })
}

/// A `let v = if ..` whose one-line form is close to rustfmt's 50-column limit
/// (avoided, in case of an off-by-a-few in the width rustfmt measures).
fn one_line_near_50(cx: Cx, c: &C) -> bool {
    let near = |s: &str| (46..=54).contains(&s.len());
    let kids = |b: &[C]| b.iter().any(|c| one_line_near_50(cx, c));
    match c {
        C::LetIf { chain, els, .. } => {
            one_line_if(cx, chain, els).is_some_and(|s| near(&s))
                || chain.iter().any(|(_, v)| kids(&v.stmts))
                || kids(&els.stmts)
        }
        C::If(chain, els) => chain.iter().any(|(_, b)| kids(b)) || els.as_deref().is_some_and(kids),
        C::Match { arms, .. } => arms.iter().any(|a| kids(&a.body)),
        C::LetMatch { arms, .. } => arms.iter().any(|a| kids(&a.body.stmts)),
        C::For { body, .. } | C::Loop(body) | C::While(_, body) => kids(body),
        C::Arr(a) => a.parts().1.into_iter().any(|c| one_line_near_50(cx, c)),
        _ => false,
    }
}

// ---------------------------------------------------------------- programs

struct CfProg {
    name: String,
    params: Vec<Param>,
    wrt: Option<Vec<usize>>,
    body: Vec<C>,
    tail: E,
    ret: bool,
    /// Float coordinates and integer arguments.
    points: Vec<(Vec<f64>, Vec<i32>)>,
    fd: bool,
    fb_scaled: bool,
}

impl CfProg {
    fn floats(&self) -> Vec<&Param> {
        self.params
            .iter()
            .filter(|p| matches!(p.kind, Kind::Float))
            .collect()
    }
    fn nfloats(&self) -> usize {
        self.floats().len()
    }
    fn wrt(&self) -> Vec<usize> {
        match &self.wrt {
            Some(w) => w.clone(),
            None => (0..self.nfloats()).collect(),
        }
    }
    fn gates(&self) -> usize {
        self.body.iter().map(c_gates).sum::<usize>() + gates(&self.tail)
    }
}

/// How a loop-carried variable is updated: shapes that stay bounded.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Upd {
    /// `v = squash(f(v, ..))`
    Recur,
    /// `v += t` with |t| <= 1
    Sum,
    /// `v *= 1.0 + t` with |t| <= 0.2
    Prod,
    /// `v = v * a + t` with |t| <= 1
    Decay(f64),
}

#[derive(Clone, Debug)]
struct Carried {
    name: String,
    upd: Upd,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Seg {
    IfStmt,
    IfExpr,
    Match,
    ForConst,
    ForN,
    While,
    Loop,
    Return,
}

struct Cf {
    g: Gen,
    /// Integer variables a float expression may cast: loop indices and counters.
    ints: Vec<(String, Iv)>,
    /// Integer variables read somewhere (an unread loop index is printed `_`).
    used: Vec<String>,
    /// Names assigned so far (to merge branches).
    assigned: Vec<String>,
    m: Option<String>,
    n: Option<String>,
    /// The interval of the last [`Cf::val`].
    last_iv: Iv,
}

type Save = (
    Vec<Var>,
    Vec<String>,
    Vec<(String, Iv)>,
    Vec<String>,
    Vec<String>,
);

const THRESHOLDS: [f64; 12] = [
    -1.5, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0,
];
/// Largest runtime trip count `n`.
const NMAX: i64 = 6;
/// Values of the selector `m` at test time.
const MMAX: i64 = 7;

impl Cf {
    fn save(&self) -> Save {
        (
            self.g.scope.clone(),
            self.g.taken.clone(),
            self.ints.clone(),
            self.used.clone(),
            self.assigned.clone(),
        )
    }
    fn restore(&mut self, s: Save) {
        (
            self.g.scope,
            self.g.taken,
            self.ints,
            self.used,
            self.assigned,
        ) = s;
    }
    /// Tries `make` until what it builds fits rustfmt's layout at `ind`; the cost
    /// passed to `make` shrinks with the attempts.
    fn retry(
        &mut self,
        ind: usize,
        make: &mut dyn FnMut(&mut Cf, usize) -> Option<Vec<C>>,
    ) -> Vec<C> {
        for attempt in 0..400 {
            let save = self.save();
            let cost = 3usize.saturating_sub(attempt / 6);
            if let Some(cs) = make(self, cost) {
                if cs_fit(&cs, ind) {
                    return cs;
                }
            }
            self.restore(save);
        }
        panic!("nothing fits at indent {ind}")
    }
    /// A straight-line statement that fits at `ind`.
    fn fit(
        &mut self,
        ind: usize,
        cost: usize,
        make: &mut dyn FnMut(&mut Cf, usize) -> Option<St>,
    ) -> St {
        let mut cost = cost;
        for attempt in 0.. {
            let save = self.save();
            if let Some(s) = make(self, cost) {
                if fits(&s, ind) {
                    return s;
                }
            }
            self.restore(save);
            if attempt % 4 == 3 && cost > 0 {
                cost -= 1;
            }
        }
        unreachable!()
    }
    fn find(&self, name: &str) -> usize {
        self.g.scope.iter().rposition(|v| v.name == name).unwrap()
    }
    fn fresh_int(&mut self, pool: &[&str]) -> String {
        for n in pool {
            if !self.g.taken.iter().any(|t| t == n) {
                self.g.taken.push(n.to_string());
                return n.to_string();
            }
        }
        for i in 1.. {
            let n = format!("{}{i}", pool[0]);
            if !self.g.taken.contains(&n) {
                self.g.taken.push(n.clone());
                return n;
            }
        }
        unreachable!()
    }

    // ------------------------------------------------ conditions

    fn threshold(&mut self, iv: Iv) -> f64 {
        let inside: Vec<f64> = THRESHOLDS
            .iter()
            .copied()
            .filter(|&t| iv.lo < t && t < iv.hi)
            .collect();
        if inside.is_empty() {
            self.g.pick(&THRESHOLDS)
        } else {
            self.g.pick(&inside)
        }
    }
    /// A comparison of a differentiated value with a threshold or another value.
    fn fcmp(&mut self, cost: usize) -> Cond {
        let a = self.g.expr(cost, false);
        let a = self.g.active(a);
        let a = self.g.bound(a, 4.0);
        let op = self.g.pick(&[Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge]);
        let b = if !self.g.scope.is_empty() && self.g.chance(30) {
            let i = self.g.below(self.g.scope.len());
            let b = self.g.var(i);
            if self.g.same(&a.e, &b.e) {
                E::Lit(self.threshold(a.iv))
            } else {
                b.e
            }
        } else {
            E::Lit(self.threshold(a.iv))
        };
        self.g.mark(&a.e);
        self.g.mark(&b);
        Cond::F(a.e, op, b)
    }
    /// A float condition, sometimes two comparisons joined by `&&` or `||`.
    fn cond(&mut self, cost: usize) -> Cond {
        let a = self.fcmp(cost);
        if self.g.chance(25) {
            let b = self.fcmp(0);
            let (Cond::F(la, ..), Cond::F(lb, ..)) = (&a, &b) else {
                unreachable!()
            };
            if self.g.same(la, lb) {
                return a;
            }
            if self.g.chance(50) {
                Cond::And(Box::new(a), Box::new(b))
            } else {
                Cond::Or(Box::new(a), Box::new(b))
            }
        } else {
            a
        }
    }
    /// A test of the integer variable `v` in `iv`.
    fn int_test(&mut self, v: &str, iv: Iv) -> Cond {
        self.used.push(v.to_string());
        let (lo, hi) = (iv.lo as i64, iv.hi as i64);
        let t = match self.g.below(4) {
            0 if hi > lo => IntTest::Lt(IntRhs::C(self.g.rng.gen_range(lo + 1..=hi))),
            1 if hi > lo => IntTest::Ge(IntRhs::C(self.g.rng.gen_range(lo + 1..=hi))),
            2 => IntTest::Eq(self.g.rng.gen_range(lo..=hi)),
            _ => {
                let m = self.g.pick(&[2, 3]);
                IntTest::Mod(m, self.g.rng.gen_range(1..m))
            }
        };
        Cond::I(v.to_string(), t)
    }
    /// An index leaf `i as f64`, if an integer variable is in scope.
    fn idx(&mut self) -> Option<X> {
        if self.ints.is_empty() {
            return None;
        }
        let (n, iv) = self.ints[self.g.below(self.ints.len())].clone();
        self.used.push(n.clone());
        Some(x(E::Cast(n), iv))
    }

    // ------------------------------------------------ updates

    /// `rhs` must not be `v op ..` (clippy's `misrefactored_assign_op`).
    fn clean_rhs(&self, name: &str, e: &E) -> bool {
        let target = E::Var(name.to_string());
        if self.g.same(e, &target) {
            return false;
        }
        if let E::Bin(_, a, b) = e {
            if self.g.same(a, &target) || self.g.same(b, &target) {
                return false;
            }
        }
        true
    }
    fn set_assigned(&mut self, name: &str, iv: Option<Iv>) {
        let i = self.find(name);
        let v = &mut self.g.scope[i];
        if let Some(iv) = iv {
            v.iv = iv;
        }
        v.unread = true;
        v.mutated = true;
        self.assigned.push(name.to_string());
    }
    /// A single (not repeated) update of the mutable `name`, reading `extra`.
    fn update_once(&mut self, name: &str, extra: Vec<X>, cost: usize) -> Option<St> {
        let i = self.find(name);
        let cur = self.g.scope[i].iv;
        if self.g.chance(50) {
            let rhs = if extra.is_empty() {
                let e = self.g.expr(cost, true);
                self.g.active(e)
            } else {
                self.g.combine(extra, 0)
            };
            if !self.clean_rhs(name, &rhs.e) {
                return None;
            }
            let op = if cur.mag() > BIG {
                Bin::Mul
            } else {
                self.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div])
            };
            let (rhs, iv) = match op {
                Bin::Add => (rhs.clone(), cur.add(rhs.iv)),
                Bin::Sub => (rhs.clone(), cur.sub(rhs.iv)),
                Bin::Mul => {
                    let r = self.g.bound(rhs, if cur.mag() > BIG { 0.9 } else { 1.5 });
                    let iv = cur.mul(r.iv);
                    (r, iv)
                }
                Bin::Div => {
                    let r = self.g.bound(rhs, 4.0);
                    let r = self.g.positive(r, 0.8);
                    let iv = cur.div(r.iv);
                    (r, iv)
                }
            };
            if iv.mag() > BIG * 2.0 || !self.clean_rhs(name, &rhs.e) {
                return None;
            }
            self.g.mark(&rhs.e);
            self.set_assigned(name, Some(iv));
            Some(St::OpAssign {
                name: name.to_string(),
                op,
                e: rhs.e,
            })
        } else {
            let v = self.g.var(i);
            let mut a = self.g.reads(v, cost);
            if !extra.is_empty() {
                let t = self.g.combine(extra, 0);
                let op = self.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                let out = self.g.binary(op, a, t);
                a = self.g.cap(out);
            }
            self.g.mark(&a.e);
            self.set_assigned(name, Some(a.iv));
            Some(St::Assign {
                name: name.to_string(),
                e: a.e,
            })
        }
    }
    /// A loop update of the carried `c`: its interval stays the invariant.
    fn update_loop(&mut self, c: &Carried, extra: Vec<X>, cost: usize) -> Option<St> {
        let i = self.find(&c.name);
        let name = c.name.clone();
        // a term in [-1, 1] reading `extra` (or something active), sometimes an index
        let term = |cf: &mut Cf, r: f64| -> X {
            let t = if extra.is_empty() {
                let e = cf.g.expr(cost, true);
                cf.g.active(e)
            } else {
                cf.g.combine(extra.clone(), 0)
            };
            let t = match cf.g.chance(25).then(|| cf.idx()).flatten() {
                Some(ix) => {
                    let ix = cf.g.bound(ix, 1.0);
                    let t = cf.g.bound(t, 2.0);
                    cf.g.binary(Bin::Mul, t, ix)
                }
                None => t,
            };
            cf.g.bound(t, r)
        };
        let st = match c.upd {
            Upd::Recur => {
                let v = self.g.var(i);
                let mut a = self.g.reads(v, cost);
                if !extra.is_empty() || self.g.chance(20) {
                    let t = term(self, 1.0);
                    let op = self.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = self.g.binary(op, a, t);
                    a = self.g.cap(out);
                }
                let s = self.g.squash(a);
                let s = if s.iv.mag() > 1.0 {
                    self.g.bound(s, 1.0)
                } else {
                    s
                };
                St::Assign { name, e: s.e }
            }
            Upd::Sum => {
                let t = term(self, 1.0);
                let op = self.g.pick(&[Bin::Add, Bin::Sub]);
                St::OpAssign { name, op, e: t.e }
            }
            Upd::Prod => {
                let t = term(self, 0.2);
                let e = E::Bin(Bin::Add, bx(E::Lit(1.0)), bx(t.e));
                St::OpAssign {
                    name,
                    op: Bin::Mul,
                    e,
                }
            }
            Upd::Decay(a) => {
                let t = term(self, 1.0);
                let v = E::Bin(Bin::Mul, bx(E::Var(name.clone())), bx(E::Lit(a)));
                let e = if self.g.chance(50) {
                    E::Bin(Bin::Add, bx(v), bx(t.e))
                } else {
                    E::Bin(Bin::Add, bx(t.e), bx(v))
                };
                St::Assign { name, e }
            }
        };
        let e = match &st {
            St::Assign { e, .. } | St::OpAssign { e, .. } => e.clone(),
            St::Let { .. } => unreachable!(),
        };
        if matches!(st, St::OpAssign { .. }) && !self.clean_rhs(&c.name, &e) {
            return None;
        }
        self.g.mark(&e);
        self.set_assigned(&c.name, None);
        Some(st)
    }

    // ------------------------------------------------ branches

    /// Runs `make` once per branch from the same state and merges the branches:
    /// intervals are joined (with the state before, if `partial`), names assigned in
    /// some branch need a read afterwards, reads anywhere count.
    fn branches<T>(
        &mut self,
        n: usize,
        partial: bool,
        make: &mut dyn FnMut(&mut Cf, usize) -> T,
    ) -> Vec<T> {
        let before = self.g.scope.clone();
        let from = self.assigned.len();
        let mut ends: Vec<Vec<Var>> = Vec::new();
        let mut out = Vec::new();
        let mut read: Vec<bool> = before.iter().map(|v| !v.unread).collect();
        for k in 0..n {
            let mut s = before.clone();
            for (v, &r) in s.iter_mut().zip(&read) {
                if r {
                    v.unread = false;
                }
            }
            self.g.scope = s;
            out.push(make(self, k));
            let end = self.g.scope.clone();
            for (r, v) in read.iter_mut().zip(&end) {
                *r |= !v.unread;
            }
            ends.push(end);
        }
        if partial {
            ends.push(before.clone());
        }
        let assigned: Vec<String> = self.assigned[from..].to_vec();
        let mut merged = before;
        for (k, v) in merged.iter_mut().enumerate() {
            let lo = ends
                .iter()
                .map(|e| e[k].iv.lo)
                .fold(f64::INFINITY, f64::min);
            let hi = ends
                .iter()
                .map(|e| e[k].iv.hi)
                .fold(f64::NEG_INFINITY, f64::max);
            v.iv = Iv::new(lo, hi);
            if assigned.contains(&v.name) {
                v.unread = true;
                v.mutated = true;
            } else {
                v.unread = !read[k];
            }
        }
        self.g.scope = merged;
        out
    }
    /// Locals for a block at `ind`: zero to `most` `let`s.
    fn locals(&mut self, ind: usize, most: usize) -> Vec<C> {
        let k = self.g.below(most + 1);
        let mut out = Vec::new();
        for _ in 0..k {
            let s = self.fit(ind, 2, &mut |cf, c| {
                let a = cf.g.expr(c, false);
                let a = match cf.g.chance(30).then(|| cf.idx()).flatten() {
                    Some(ix) => {
                        let op = cf.g.pick(&[Bin::Add, Bin::Mul, Bin::Sub]);
                        let out = cf.g.binary(op, a, ix);
                        cf.g.cap(out)
                    }
                    None => a,
                };
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, false))
            });
            out.push(C::S(s));
        }
        out
    }
    /// A branch value at `ind`: an expression, or a block with a local.
    fn val(&mut self, ind: usize, cost: usize) -> Val {
        let from = self.g.scope.len();
        let stmts = if self.g.chance(25) {
            self.locals(ind, 1)
        } else {
            Vec::new()
        };
        let xs = self.g.read_unread(from);
        let e = if xs.is_empty() {
            let e = self.g.expr(cost, true);
            self.g.active(e)
        } else {
            self.g.combine(xs, cost / 2)
        };
        let e = self.g.cap(e);
        self.g.mark(&e.e);
        self.g.scope.truncate(from);
        self.last_iv = e.iv;
        Val { stmts, e: e.e }
    }

    // ------------------------------------------------ segments

    /// `let mut v = ..; if c { v op= ..; } else if .. { .. } else { .. }`
    fn seg_if_stmt(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let mut out = Vec::new();
        let mutables: Vec<usize> = (0..self.g.scope.len())
            .filter(|&i| self.g.scope[i].mutable)
            .collect();
        let target = if !mutables.is_empty() && self.g.chance(40) {
            let i = self.g.pick(&mutables);
            self.g.scope[i].name.clone()
        } else {
            let s = self.fit(ind, cost, &mut |cf, c| {
                let a = cf.g.expr(c, false);
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, true))
            });
            let St::Let { name, .. } = &s else {
                unreachable!()
            };
            let name = name.clone();
            out.push(C::S(s));
            name
        };
        let nconds = self.g.weighted(&[55, 35, 10]) + 1;
        let has_else = nconds > 1 || self.g.chance(60);
        let conds: Vec<Cond> = (0..nconds).map(|_| self.cond(1)).collect();
        let n = nconds + usize::from(has_else);
        let mut bodies = self.branches(n, !has_else, &mut |cf, _| {
            let from = cf.g.scope.len();
            let mut body = cf.locals(ind + 4, 1);
            let xs = cf.g.read_unread(from);
            let target = target.clone();
            let s = cf.fit(ind + 4, cost, &mut |cf, c| {
                cf.update_once(&target, xs.clone(), c)
            });
            body.push(C::S(s));
            cf.g.scope.truncate(from);
            body
        });
        let els = if has_else { bodies.pop() } else { None };
        out.push(C::If(conds.into_iter().zip(bodies).collect(), els));
        out
    }
    /// `let v = if c { a } else if .. { b } else { c };`
    fn seg_if_expr(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let nconds = self.g.weighted(&[70, 30]) + 1;
        let conds: Vec<Cond> = (0..nconds)
            .map(|_| {
                if !self.ints.is_empty() && self.g.chance(30) {
                    let (v, iv) = self.ints[self.g.below(self.ints.len())].clone();
                    self.int_test(&v, iv)
                } else {
                    self.cond(1)
                }
            })
            .collect();
        let mut ivs = Vec::new();
        let mut vals = self.branches(nconds + 1, false, &mut |cf, _| {
            let v = cf.val(ind + 4, cost);
            ivs.push(cf.last_iv);
            v
        });
        let els = vals.pop().unwrap();
        let iv = ivs
            .iter()
            .fold(ivs[0], |a, b| Iv::new(a.lo.min(b.lo), a.hi.max(b.hi)));
        let name = self.g.fresh_name();
        self.g.declare(name.clone(), iv, false);
        vec![C::LetIf {
            name,
            chain: conds.into_iter().zip(vals).collect(),
            els,
        }]
    }
    /// 2 to 4 disjoint patterns over `lo..=hi`, then maybe a guard, then `_`.
    fn patterns(&mut self, lo: i64, hi: i64) -> Vec<Pat> {
        let mut used: Vec<i64> = Vec::new();
        let mut pats = Vec::new();
        let want = 2 + self.g.below(3);
        for _ in 0..40 {
            if pats.len() == want {
                break;
            }
            let free = |v: i64, used: &[i64]| (lo..=hi).contains(&v) && !used.contains(&v);
            let a = self.g.rng.gen_range(lo..=hi);
            if !free(a, &used) {
                continue;
            }
            match self.g.below(3) {
                0 => {
                    let b = a + 2 + self.g.rng.gen_range(0..3i64);
                    if free(b, &used) {
                        used.extend([a, b]);
                        pats.push(Pat::Or(a, b));
                    }
                }
                1 => {
                    let b = a + 1 + self.g.rng.gen_range(0..2i64);
                    if (a..=b).all(|v| free(v, &used)) {
                        used.extend(a..=b);
                        pats.push(Pat::Range(a, b));
                    }
                }
                _ => {
                    used.push(a);
                    pats.push(Pat::Lit(a));
                }
            }
        }
        pats
    }
    /// `let v = match s { .. };` or a `match` statement updating a mutable.
    fn seg_match(&mut self, ind: usize, cost: usize, scrut: String, lo: i64, hi: i64) -> Vec<C> {
        self.used.push(scrut.clone());
        let mut pats = self.patterns(lo, hi);
        let guard_at = if self.g.chance(35) {
            let k = self.g.below(pats.len() + 1);
            if k == pats.len() {
                pats.push(Pat::Wild);
            }
            Some(k)
        } else {
            None
        };
        pats.push(Pat::Wild);
        let guards: Vec<Option<Cond>> = (0..pats.len())
            .map(|k| (Some(k) == guard_at).then(|| self.cond(0)))
            .collect();
        let n = pats.len();
        let heads: Vec<(Pat, Option<Cond>)> = pats.into_iter().zip(guards).collect();
        if self.g.chance(50) {
            let mut ivs = Vec::new();
            let vals = self.branches(n, false, &mut |cf, _| {
                let v = cf.val(ind + 8, cost);
                ivs.push(cf.last_iv);
                v
            });
            let iv = ivs
                .iter()
                .fold(ivs[0], |a, b| Iv::new(a.lo.min(b.lo), a.hi.max(b.hi)));
            let name = self.g.fresh_name();
            self.g.declare(name.clone(), iv, false);
            let arms = heads
                .into_iter()
                .zip(vals)
                .map(|((pat, guard), body)| Arm { pat, guard, body })
                .collect();
            vec![C::LetMatch { name, scrut, arms }]
        } else {
            let mut out = Vec::new();
            let s = self.fit(ind, cost, &mut |cf, c| {
                let a = cf.g.expr(c, false);
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, true))
            });
            let St::Let { name: target, .. } = &s else {
                unreachable!()
            };
            let target = target.clone();
            out.push(C::S(s));
            let bodies = self.branches(n, false, &mut |cf, _| {
                let from = cf.g.scope.len();
                let mut body = cf.locals(ind + 8, 1);
                let xs = cf.g.read_unread(from);
                let target = target.clone();
                let s = cf.fit(ind + 8, cost, &mut |cf, c| {
                    cf.update_once(&target, xs.clone(), c)
                });
                body.push(C::S(s));
                cf.g.scope.truncate(from);
                body
            });
            let arms = heads
                .into_iter()
                .zip(bodies)
                .map(|((pat, guard), body)| Arm { pat, guard, body })
                .collect();
            out.push(C::Match { scrut, arms });
            out
        }
    }
    /// `if c { [let t = ..;] return ..; }` at function level.
    fn seg_return(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let cond = self.cond(1);
        let unread: Vec<bool> = self.g.scope.iter().map(|v| v.unread).collect();
        let from = self.g.scope.len();
        let mut body = self.locals(ind + 4, 1);
        let mut xs = self.g.read_unread(from);
        let i = self.g.below(from);
        xs.push(self.g.var(i));
        let e = self.g.combine(xs, cost);
        let e = self.g.cap(e);
        self.g.mark(&e.e);
        self.g.scope.truncate(from);
        for (v, u) in self.g.scope.iter_mut().zip(unread) {
            v.unread = u;
        }
        body.push(C::Return(e.e));
        vec![C::If(vec![(cond, body)], None)]
    }

    /// A float test of the carried `name` against a threshold inside `iv`.
    fn carried_cmp(&mut self, name: &str) -> Cond {
        let i = self.find(name);
        let v = self.g.var(i);
        let t = self.threshold(v.iv);
        let op = self.g.pick(&[Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge]);
        self.g.mark(&v.e);
        Cond::F(v.e, op, E::Lit(t))
    }
    /// A condition inside a loop: on the index/counter, or on a float value.
    fn loop_cond(&mut self, ivar: &str, idx_iv: Iv, carried: &[Carried]) -> Cond {
        match self.g.below(3) {
            0 => self.int_test(ivar, idx_iv),
            1 => {
                let c = self.g.below(carried.len());
                self.carried_cmp(&carried[c].name)
            }
            _ => self.cond(1),
        }
    }
    /// An update of `c` at `ind`: directly, in an `if`/`else`, or in a `match` on
    /// the index.
    fn loop_update(
        &mut self,
        c: &Carried,
        extra: Vec<X>,
        ind: usize,
        cost: usize,
        (ivar, idx_iv): (&str, Iv),
        carried: &[Carried],
    ) -> Vec<C> {
        let direct = |cf: &mut Cf, ind: usize| -> Vec<C> {
            let extra = extra.clone();
            let s = cf.fit(ind, cost, &mut |cf, k| cf.update_loop(c, extra.clone(), k));
            vec![C::S(s)]
        };
        match self.g.weighted(&[60, 25, 15]) {
            0 => direct(self, ind),
            1 => {
                let cond = self.loop_cond(ivar, idx_iv, carried);
                let has_else = self.g.chance(65);
                let n = 1 + usize::from(has_else);
                let mut bodies = self.branches(n, !has_else, &mut |cf, _| direct(cf, ind + 4));
                let els = if has_else { bodies.pop() } else { None };
                vec![C::If(vec![(cond, bodies.pop().unwrap())], els)]
            }
            _ => {
                self.used.push(ivar.to_string());
                let mut pats = self.patterns(idx_iv.lo as i64, idx_iv.hi as i64);
                pats.push(Pat::Wild);
                let n = pats.len();
                let bodies = self.branches(n, false, &mut |cf, _| direct(cf, ind + 8));
                let arms = pats
                    .into_iter()
                    .zip(bodies)
                    .map(|(pat, body)| Arm {
                        pat,
                        guard: None,
                        body,
                    })
                    .collect();
                vec![C::Match {
                    scrut: ivar.to_string(),
                    arms,
                }]
            }
        }
    }

    /// `ncar` loop-carried accumulators for a loop of at most `total` iterations:
    /// new `let mut` bindings (pushed to `out`) or existing mutables, each with an
    /// update shape and the interval it stays in whatever the trip count.
    fn accumulators(
        &mut self,
        ind: usize,
        cost: usize,
        ncar: usize,
        total: i32,
        out: &mut Vec<C>,
    ) -> (Vec<Carried>, Vec<Iv>) {
        let mut carried: Vec<Carried> = Vec::new();
        let mut invariants = Vec::new();
        for _ in 0..ncar {
            let mutables: Vec<usize> = (0..self.g.scope.len())
                .filter(|&i| {
                    self.g.scope[i].mutable
                        && !carried.iter().any(|c| c.name == self.g.scope[i].name)
                })
                .collect();
            let name = if !mutables.is_empty() && self.g.chance(30) {
                let i = self.g.pick(&mutables);
                self.g.scope[i].name.clone()
            } else {
                let s = self.fit(ind, cost, &mut |cf, c| {
                    let a = if cf.g.chance(30) {
                        cf.g.lit()
                    } else {
                        cf.g.expr(c, false)
                    };
                    let a = cf.g.bound(a, 2.0);
                    let name = cf.g.fresh_name();
                    Some(cf.g.let_stmt(name, a, true))
                });
                let St::Let { name, .. } = &s else {
                    unreachable!()
                };
                let name = name.clone();
                out.push(C::S(s));
                name
            };
            let upd = match self.g.weighted(&[35, 25, 15, 25]) {
                0 => Upd::Recur,
                1 => Upd::Sum,
                2 => Upd::Prod,
                _ => Upd::Decay(self.g.pick(&[0.5, 0.8, 0.9])),
            };
            let i = self.find(&name);
            let init = self.g.scope[i].iv;
            let j = match upd {
                Upd::Recur => Iv::new(init.lo.min(-1.0), init.hi.max(1.0)),
                Upd::Sum => init.add(Iv::new(-f64::from(total), f64::from(total))),
                Upd::Prod => {
                    let m = init.mag() * 1.2f64.powi(total);
                    Iv::new(-m, m)
                }
                Upd::Decay(a) => {
                    let m = init.mag().max(1.0 / (1.0 - a));
                    Iv::new(-m, m)
                }
            };
            self.g.scope[i].iv = j;
            invariants.push(j);
            carried.push(Carried { name, upd });
        }
        (carried, invariants)
    }

    /// A loop (`kind` is one of the loop segments) with its accumulators.
    fn seg_loop(&mut self, kind: Seg, ind: usize, cost: usize) -> Vec<C> {
        let mut out = Vec::new();
        let n = self.n.clone();
        let bi = ind + 4;
        // the head: a range (for), or a counter and its bound (while, loop)
        let (range, trips, ivar, idx_iv, bound) = match kind {
            Seg::ForConst | Seg::ForN => {
                let runtime = kind == Seg::ForN;
                let form = self.g.weighted(&[40, 20, 20, 20]);
                let (lo, hi_c) = if runtime {
                    (i64::from(form == 1), NMAX)
                } else {
                    let lo = self.g.pick(&[0, 0, 1, 2]);
                    (lo, lo + 2 + self.g.rng.gen_range(0..11i64))
                };
                let hi = match &n {
                    Some(n) if runtime => Bound::N(n.clone()),
                    _ => Bound::C(hi_c),
                };
                let r = Range {
                    lo: Bound::C(lo),
                    hi,
                    incl: form == 1,
                    rev: form == 2,
                    step: if form == 3 { 2 } else { 1 },
                };
                let last = if form == 1 { hi_c } else { hi_c - 1 };
                let count = (last - lo + 1).max(0);
                let trips = if r.step > 1 { (count + 1) / 2 } else { count };
                let ivar = self.fresh_int(&["i", "j", "ii", "jj"]);
                let iv = Iv::new(lo as f64, last.max(lo) as f64);
                (Some(r), trips, ivar, iv, IntRhs::C(0))
            }
            _ => {
                let (bound, b) = match &n {
                    Some(n) if self.g.chance(40) => (IntRhs::N(n.clone()), NMAX),
                    _ => {
                        let b = 2 + self.g.rng.gen_range(0..9i64);
                        (IntRhs::C(b), b)
                    }
                };
                let counter = self.fresh_int(&["k", "it", "cnt", "steps"]);
                out.push(C::IntLet(counter.clone()));
                (None, b, counter, Iv::new(0.0, b as f64), bound)
            }
        };
        let is_for = range.is_some();
        let inner =
            (is_for && trips <= 6 && self.g.chance(25)).then(|| 2 + self.g.rng.gen_range(0..3i64));
        let total = (trips.max(1) * (1 + inner.unwrap_or(0))) as i32;
        // the accumulators and their invariant intervals
        let ncar = 1 + usize::from(self.g.chance(35));
        let (carried, invariants) = self.accumulators(ind, cost, ncar, total, &mut out);
        // the body
        let head_cond = match (&range, kind) {
            (None, Seg::While) => {
                let c = Cond::I(ivar.clone(), IntTest::Lt(bound.clone()));
                if self.g.chance(30) {
                    let f = self.carried_cmp(&carried[0].name.clone());
                    Some(Cond::And(Box::new(c), Box::new(f)))
                } else {
                    Some(c)
                }
            }
            _ => None,
        };
        self.ints.push((ivar.clone(), idx_iv));
        let scope_from = self.g.scope.len();
        let mut body = Vec::new();
        let counter_top = kind == Seg::While && self.g.chance(40);
        if counter_top {
            body.push(C::IntInc(ivar.clone()));
        }
        if (is_for || counter_top) && self.g.chance(30) {
            let c = self.loop_cond(&ivar, idx_iv, &carried);
            body.push(C::If(vec![(c, vec![C::Continue])], None));
        }
        body.extend(self.locals(bi, 2));
        if self.g.chance(15) {
            body.extend(self.retry(bi, &mut |cf, c| Some(cf.seg_if_expr(bi, c))));
        }
        let mut extra = self.g.read_unread(scope_from);
        for c in carried.clone() {
            let e = std::mem::take(&mut extra);
            let ivar2 = ivar.clone();
            let car = carried.clone();
            body.extend(self.retry(bi, &mut |cf, k| {
                Some(cf.loop_update(&c, e.clone(), bi, k, (&ivar2, idx_iv), &car))
            }));
        }
        if let Some(t2) = inner {
            let jvar = self.fresh_int(&["j", "jj", "l"]);
            self.ints
                .push((jvar.clone(), Iv::new(0.0, (t2 - 1) as f64)));
            let c = carried[self.g.below(carried.len())].clone();
            let mut ib = Vec::new();
            if self.g.chance(30) {
                self.used.push(jvar.clone());
                let m = self.g.pick(&[2, 3]);
                let t = IntTest::Mod(m, self.g.rng.gen_range(1..m));
                ib.push(C::If(
                    vec![(Cond::I(jvar.clone(), t), vec![C::Continue])],
                    None,
                ));
            }
            let s = self.fit(bi + 4, cost, &mut |cf, k| cf.update_loop(&c, Vec::new(), k));
            ib.push(C::S(s));
            self.ints.pop();
            let var = if self.used.contains(&jvar) {
                jvar
            } else {
                "_".into()
            };
            let range = Range {
                lo: Bound::C(0),
                hi: Bound::C(t2),
                incl: false,
                rev: false,
                step: 1,
            };
            body.push(C::For {
                var,
                range,
                body: ib,
            });
        }
        if kind != Seg::While && self.g.chance(25) {
            let c = carried[self.g.below(carried.len())].name.clone();
            let cond = self.carried_cmp(&c);
            body.push(C::If(vec![(cond, vec![C::Break])], None));
        }
        if kind == Seg::While && !counter_top {
            body.push(C::IntInc(ivar.clone()));
        }
        if kind == Seg::Loop {
            body.push(C::IntInc(ivar.clone()));
            let c = Cond::I(ivar.clone(), IntTest::Ge(bound.clone()));
            let c = if self.g.chance(30) {
                let f = self.carried_cmp(&carried[0].name.clone());
                Cond::Or(Box::new(c), Box::new(f))
            } else {
                c
            };
            body.push(C::If(vec![(c, vec![C::Break])], None));
        }
        self.g.scope.truncate(scope_from);
        self.ints.pop();
        for (c, j) in carried.iter().zip(invariants) {
            self.set_assigned(&c.name, Some(j));
        }
        out.push(match (range, head_cond) {
            (Some(range), _) => {
                let var = if self.used.contains(&ivar) {
                    ivar
                } else {
                    "_".into()
                };
                C::For { var, range, body }
            }
            (None, Some(c)) => C::While(c, body),
            (None, None) => C::Loop(body),
        });
        out
    }

    // ------------------------------------------------ programs

    fn program(&mut self, name: String) -> CfProg {
        let g = &mut self.g;
        g.f32 = false;
        g.scope.clear();
        g.taken.clear();
        g.int = None;
        self.ints.clear();
        self.used.clear();
        self.assigned.clear();
        let nf = [1, 2, 2, 3, 3, 4][self.g.below(6)];
        let mut params = Vec::new();
        // the integer names are never locals
        self.g.taken.extend(["m".to_string(), "n".to_string()]);
        while params.len() < nf {
            let n = if self.g.chance(85) {
                PARAM_NAMES[self.g.below(12)]
            } else {
                self.g.pick(&PARAM_NAMES)
            };
            if !self.g.taken.iter().any(|t| t == n) {
                self.g.taken.push(n.to_string());
                let mutable = self.g.chance(5);
                params.push(Param {
                    name: n.to_string(),
                    kind: Kind::Float,
                    mutable,
                });
            }
        }
        for p in &params {
            self.g.scope.push(Var {
                name: p.name.clone(),
                iv: Iv::new(-1.9, 1.9),
                unread: true,
                mutable: p.mutable,
                mutated: false,
            });
        }
        self.m = self.g.chance(35).then(|| "m".to_string());
        self.n = self.g.chance(45).then(|| "n".to_string());
        for (name, kind) in [("m", Kind::I32(0)), ("n", Kind::Usize(0))] {
            let on = if name == "m" { &self.m } else { &self.n };
            if on.is_some() {
                let at = self.g.below(params.len() + 1);
                params.insert(
                    at,
                    Param {
                        name: name.to_string(),
                        kind,
                        mutable: false,
                    },
                );
            }
        }
        let wrt = if nf >= 2 && self.g.chance(10) {
            let mut w: Vec<usize> = (0..nf).filter(|_| self.g.chance(50)).collect();
            if w.is_empty() || w.len() == nf {
                w = vec![self.g.below(nf)];
            }
            Some(w)
        } else {
            None
        };
        // the segments, using `m` and `n` if present
        let nseg = 2 + self.g.below(3);
        let mut segs: Vec<Seg> = (0..nseg)
            .map(|_| {
                let k = self.g.weighted(&[
                    14,
                    14,
                    if self.m.is_some() { 10 } else { 3 },
                    22,
                    if self.n.is_some() { 14 } else { 0 },
                    10,
                    10,
                    6,
                ]);
                [
                    Seg::IfStmt,
                    Seg::IfExpr,
                    Seg::Match,
                    Seg::ForConst,
                    Seg::ForN,
                    Seg::While,
                    Seg::Loop,
                    Seg::Return,
                ][k]
            })
            .collect();
        if self.m.is_some() && !segs.contains(&Seg::Match) {
            let at = self.g.below(segs.len() + 1);
            segs.insert(at, Seg::Match);
        }
        if self.n.is_some() && !segs.contains(&Seg::ForN) {
            let at = self.g.below(segs.len() + 1);
            segs.insert(at, Seg::ForN);
        }
        let mut body: Vec<C> = Vec::new();
        for seg in segs {
            for _ in 0..self.g.below(3) {
                let want = 1 + self.g.below(4);
                let s = self.fit(4, want, &mut |cf, c| cf.g.statement(c));
                body.push(C::S(s));
            }
            let m = self.m.clone();
            let n = self.n.clone();
            let cs = self.retry(4, &mut |cf, cost| {
                Some(match seg {
                    Seg::IfStmt => cf.seg_if_stmt(4, cost),
                    Seg::IfExpr => cf.seg_if_expr(4, cost),
                    Seg::Match => match (&m, &n) {
                        (Some(m), _) => cf.seg_match(4, cost, m.clone(), 0, MMAX),
                        (None, Some(n)) => cf.seg_match(4, cost, n.clone(), 0, NMAX),
                        (None, None) => cf.seg_if_expr(4, cost),
                    },
                    Seg::Return => cf.seg_return(4, cost),
                    _ => cf.seg_loop(seg, 4, cost),
                })
            });
            body.extend(cs);
        }
        // every `mut` binding is mutated at least once
        for i in 0..self.g.scope.len() {
            if self.g.scope[i].mutable && !self.g.scope[i].mutated {
                let name = self.g.scope[i].name.clone();
                let s = self.fit(4, 1, &mut |cf, c| cf.update_once(&name, Vec::new(), c));
                body.push(C::S(s));
            }
        }
        // fold unread values until the tail can read them all on one line
        loop {
            let unread: Vec<usize> = (0..self.g.scope.len())
                .filter(|&i| self.g.scope[i].unread)
                .collect();
            if unread.len() <= 3 {
                break;
            }
            let s = self.fit(4, 0, &mut |cf, _| {
                let xs = vec![cf.g.var(unread[0]), cf.g.var(unread[1])];
                let a = cf.g.combine(xs, 0);
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, false))
            });
            body.push(C::S(s));
        }
        let ret = self.g.chance(10);
        let tail = self.fit(4, 1, &mut |cf, c| {
            let xs = cf.g.read_unread(0);
            let t = cf.g.combine(xs, c);
            Some(St::Assign {
                name: if ret { "return".into() } else { "tail".into() },
                e: t.e,
            })
        });
        let St::Assign { e: tail, .. } = tail else {
            unreachable!()
        };
        CfProg {
            name,
            params,
            wrt,
            body,
            tail,
            ret,
            points: Vec::new(),
            fd: false,
            fb_scaled: self.g.chance(50),
        }
    }
}

// ---------------------------------------------------------------- evaluation

enum Flow {
    Next,
    Break,
    Continue,
    Return(f64),
}

/// Evaluates a program in f64 (with [`Eval`] for its expressions), tracking the
/// smallest distance to a kink or to the boundary of an evaluated comparison.
struct Run {
    env: Vec<(String, f64)>,
    ints: Vec<(String, f64)>,
    margin: f64,
    ok: bool,
    steps: usize,
}

impl Run {
    fn e(&mut self, e: &E) -> f64 {
        let mut ev = Eval {
            env: std::mem::take(&mut self.env),
            ints: &self.ints,
            margin: self.margin,
            ok: self.ok,
        };
        let v = ev.e(e);
        (self.margin, self.ok, self.env) = (ev.margin, ev.ok, ev.env);
        v
    }
    fn s(&mut self, s: &St) {
        let mut ev = Eval {
            env: std::mem::take(&mut self.env),
            ints: &self.ints,
            margin: self.margin,
            ok: self.ok,
        };
        ev.s(s);
        (self.margin, self.ok, self.env) = (ev.margin, ev.ok, ev.env);
    }
    fn int(&self, n: &str) -> i64 {
        self.ints.iter().rev().find(|(m, _)| m == n).unwrap().1 as i64
    }
    fn set_int(&mut self, n: &str, v: i64) {
        self.ints.iter_mut().rev().find(|(m, _)| m == n).unwrap().1 = v as f64;
    }
    fn cond(&mut self, c: &Cond) -> bool {
        match c {
            Cond::F(a, op, b) => {
                let (a, b) = (self.e(a), self.e(b));
                let s = a.abs().max(b.abs()).max(1.0);
                self.margin = self.margin.min((a - b).abs() / s);
                op.eval(a, b)
            }
            Cond::I(v, t) => {
                let v = self.int(v);
                let rhs = |r: &IntRhs, run: &Run| match r {
                    IntRhs::C(k) => *k,
                    IntRhs::N(n) => run.int(n),
                };
                match t {
                    IntTest::Lt(r) => v < rhs(r, self),
                    IntTest::Ge(r) => v >= rhs(r, self),
                    IntTest::Eq(k) => v == *k,
                    IntTest::Mod(m, r) => v % m == *r,
                }
            }
            Cond::And(a, b) => self.cond(a) && self.cond(b),
            Cond::Or(a, b) => self.cond(a) || self.cond(b),
        }
    }
    fn matches(&mut self, scrut: &str, pat: &Pat, guard: &Option<Cond>) -> bool {
        let v = self.int(scrut);
        let hit = match pat {
            Pat::Lit(a) => v == *a,
            Pat::Or(a, b) => v == *a || v == *b,
            Pat::Range(a, b) => (*a..=*b).contains(&v),
            Pat::Wild => true,
        };
        match guard {
            Some(g) if hit => self.cond(g),
            _ => hit,
        }
    }
    fn block(&mut self, body: &[C]) -> Flow {
        let (n, ni) = (self.env.len(), self.ints.len());
        let mut flow = Flow::Next;
        for c in body {
            flow = self.c(c);
            if !matches!(flow, Flow::Next) || !self.ok {
                break;
            }
        }
        self.env.truncate(n);
        self.ints.truncate(ni);
        flow
    }
    fn val(&mut self, v: &Val) -> f64 {
        let n = self.env.len();
        let _ = self.block_keep(&v.stmts);
        let r = self.e(&v.e);
        self.env.truncate(n);
        r
    }
    /// Runs `body` without dropping its bindings (the caller does).
    fn block_keep(&mut self, body: &[C]) -> Flow {
        for c in body {
            let f = self.c(c);
            if !matches!(f, Flow::Next) {
                return f;
            }
        }
        Flow::Next
    }
    fn range(&self, r: &Range) -> Vec<i64> {
        let b = |b: &Bound| match b {
            Bound::C(k) => *k,
            Bound::N(n) => self.int(n),
            Bound::Len(_, len) => *len,
        };
        let (lo, hi) = (b(&r.lo), b(&r.hi));
        let mut v: Vec<i64> = if r.incl {
            (lo..=hi).collect()
        } else {
            (lo..hi).collect()
        };
        if r.rev {
            v.reverse();
        }
        v.into_iter().step_by(r.step as usize).collect()
    }
    fn tick(&mut self) {
        self.steps += 1;
        if self.steps > 100_000 {
            self.ok = false;
        }
    }
    fn c(&mut self, c: &C) -> Flow {
        if !self.ok {
            return Flow::Next;
        }
        match c {
            C::S(s) => self.s(s),
            C::IntLet(n) => self.ints.push((n.clone(), 0.0)),
            C::IntInc(n) => {
                let v = self.int(n);
                self.set_int(n, v + 1);
            }
            C::If(chain, els) => {
                for (cond, body) in chain {
                    if self.cond(cond) {
                        return self.block(body);
                    }
                }
                if let Some(body) = els {
                    return self.block(body);
                }
            }
            C::LetIf { name, chain, els } => {
                let mut v = None;
                for (cond, val) in chain {
                    if self.cond(cond) {
                        v = Some(self.val(val));
                        break;
                    }
                }
                let v = match v {
                    Some(v) => v,
                    None => self.val(els),
                };
                self.env.push((name.clone(), v));
            }
            C::Match { scrut, arms } => {
                for a in arms {
                    if self.matches(scrut, &a.pat, &a.guard) {
                        return self.block(&a.body);
                    }
                }
            }
            C::LetMatch { name, scrut, arms } => {
                for a in arms {
                    if self.matches(scrut, &a.pat, &a.guard) {
                        let v = self.val(&a.body);
                        self.env.push((name.clone(), v));
                        break;
                    }
                }
            }
            C::For { var, range, body } => {
                for i in self.range(range) {
                    self.tick();
                    self.ints.push((var.clone(), i as f64));
                    let f = self.block(body);
                    self.ints.pop();
                    match f {
                        Flow::Break => break,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Next | Flow::Continue => {}
                    }
                    if !self.ok {
                        break;
                    }
                }
            }
            C::While(cond, body) => {
                while self.ok && self.cond(cond) {
                    self.tick();
                    match self.block(body) {
                        Flow::Break => break,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Next | Flow::Continue => {}
                    }
                }
            }
            C::Loop(body) => {
                while self.ok {
                    self.tick();
                    match self.block(body) {
                        Flow::Break => break,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Next | Flow::Continue => {}
                    }
                }
            }
            C::Break => return Flow::Break,
            C::Continue => return Flow::Continue,
            C::Return(e) => return Flow::Return(self.e(e)),
            C::Arr(a) => return arrays::run(self, a),
        }
        Flow::Next
    }
}

/// The program's value and margin at floats `p` and integers `k`; NaN if any
/// intermediate is not finite or huge.
fn run_cf(prog: &CfProg, p: &[f64], k: &[i32]) -> (f64, f64) {
    let mut run = Run {
        env: Vec::new(),
        ints: Vec::new(),
        margin: f64::INFINITY,
        ok: true,
        steps: 0,
    };
    let (mut fi, mut ki) = (0, 0);
    for par in &prog.params {
        if matches!(par.kind, Kind::Float) {
            run.env.push((par.name.clone(), p[fi]));
            fi += 1;
        } else {
            run.ints.push((par.name.clone(), f64::from(k[ki])));
            ki += 1;
        }
    }
    let v = match run.block_keep(&prog.body) {
        Flow::Return(v) => v,
        _ => run.e(&prog.tail),
    };
    if run.ok && v.is_finite() && v.abs() <= 1e4 {
        (v, run.margin)
    } else {
        (f64::NAN, 0.0)
    }
}

// ---------------------------------------------------------------- the file

fn write_cf(out: &mut String, prog: &CfProg) {
    let n = &prog.name;
    let floats = prog.floats();
    let wrt = prog.wrt();
    let has_ints = prog.params.len() > floats.len();
    let sig = |cx: Cx| -> String {
        let ps: Vec<String> = prog
            .params
            .iter()
            .map(|p| {
                let m = if p.mutable { "mut " } else { "" };
                let ty = match p.kind {
                    Kind::Float => cx.ty(),
                    Kind::I32(_) => "i32",
                    Kind::Usize(_) => "usize",
                };
                format!("{m}{}: {ty}", p.name)
            })
            .collect();
        ps.join(", ")
    };
    let body = |out: &mut String, cx: Cx| {
        print_body(cx, out, &prog.body, 4);
        if prog.ret {
            let _ = writeln!(out, "    return {};", cx.expr(&prog.tail));
        } else {
            let _ = writeln!(out, "    {}", cx.expr(&prog.tail));
        }
    };
    let args = |slice: &str| -> String {
        let (mut fi, mut ki) = (0, 0);
        let a: Vec<String> = prog
            .params
            .iter()
            .map(|p| match p.kind {
                Kind::Float => {
                    fi += 1;
                    format!("{slice}[{}]", fi - 1)
                }
                Kind::I32(_) => {
                    ki += 1;
                    format!("k[{}]", ki - 1)
                }
                Kind::Usize(_) => {
                    ki += 1;
                    format!("k[{}] as usize", ki - 1)
                }
            })
            .collect();
        a.join(", ")
    };
    let kparam = if has_ints { "k" } else { "_" };
    let grads = |scale: &str| -> String {
        let g: Vec<String> = wrt
            .iter()
            .map(|&i| format!("{scale}g.{}", floats[i].name))
            .collect();
        g.join(", ")
    };
    let prog_cx = Cx {
        twin: false,
        f32: false,
    };
    let twin_cx = Cx {
        twin: true,
        f32: false,
    };
    let _ = writeln!(out);
    match &prog.wrt {
        None => {
            let _ = writeln!(out, "#[differentiate]");
        }
        Some(w) => {
            let names: Vec<&str> = w.iter().map(|&i| floats[i].name.as_str()).collect();
            let _ = writeln!(out, "#[differentiate(wrt({}))]", names.join(", "));
        }
    }
    let _ = writeln!(out, "pub fn {n}({}) -> f64 {{", sig(prog_cx));
    body(out, prog_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_nd({}) -> D {{", sig(twin_cx));
    body(out, twin_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_f(p: &[f64], {kparam}: &[i32]) -> f64 {{");
    let _ = writeln!(out, "    {n}({})", args("p"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "fn {n}_ad(p: &[f64], {kparam}: &[i32]) -> (f64, Vec<f64>) {{"
    );
    let _ = writeln!(out, "    let (v, g) = {n}_grad({});", args("p"));
    let _ = writeln!(out, "    (v, vec![{}])", grads(""));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "fn {n}_fb(p: &[f64], {kparam}: &[i32]) -> (f64, Vec<f64>) {{"
    );
    let _ = writeln!(out, "    let (v, cache) = {n}_forward({});", args("p"));
    if prog.fb_scaled {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 0.5);");
        let _ = writeln!(out, "    (v, vec![{}])", grads("2.0 * "));
    } else {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 1.0);");
        let _ = writeln!(out, "    (v, vec![{}])", grads(""));
    }
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_tw(d: &[D], {kparam}: &[i32]) -> D {{");
    let _ = writeln!(out, "    {n}_nd({})", args("d"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "#[test]");
    let _ = writeln!(out, "fn {n}_check() {{");
    let _ = writeln!(out, "    let t = Prog {{");
    let _ = writeln!(out, "        f: {n}_f,");
    let _ = writeln!(out, "        ad: {n}_ad,");
    let _ = writeln!(out, "        fb: {n}_fb,");
    let _ = writeln!(out, "        tw: {n}_tw,");
    let w: Vec<String> = wrt.iter().map(|i| i.to_string()).collect();
    let _ = writeln!(out, "        wrt: &[{}],", w.join(", "));
    let _ = writeln!(out, "        fd: {},", prog.fd);
    let _ = writeln!(out, "    }};");
    for (p, k) in &prog.points {
        let cs: Vec<String> = p.iter().map(|v| format!("{v:?}")).collect();
        let ks: Vec<String> = k.iter().map(|v| v.to_string()).collect();
        let _ = writeln!(
            out,
            "    t.check(&[{}], &[{}]);",
            cs.join(", "),
            ks.join(", ")
        );
    }
    let _ = writeln!(out, "}}");
}

/// Whether the signature, adapters and test lines stay on one line under rustfmt.
fn cf_fits(prog: &CfProg) -> bool {
    let mut out = String::new();
    write_cf(&mut out, prog);
    out.lines().all(|l| {
        let t = l.trim_start();
        let call_like = t.starts_with("(v, vec![") || t.starts_with("t.check(");
        let fn_line = t.starts_with("fn ") && t.contains("(p: &[f64]");
        l.len() <= 96 && (!call_like || t.len() <= 58) && (!fn_line || l.len() <= 92)
    })
}

/// The full text of `tests/random_control_flow.rs`.
pub fn generate() -> String {
    let mut cf = Cf {
        g: Gen {
            rng: ChaCha8Rng::seed_from_u64(SEED_CF),
            f32: false,
            scope: Vec::new(),
            int: None,
            taken: Vec::new(),
            calls: Calls::default(),
            leaves: Vec::new(),
        },
        ints: Vec::new(),
        used: Vec::new(),
        assigned: Vec::new(),
        m: None,
        n: None,
        last_iv: Iv::pt(0.0),
    };
    let mut progs = Vec::new();
    for i in 0..NCF {
        let name = format!("c{i:03}");
        'retry: loop {
            let mut prog = cf.program(name.clone());
            let size = prog.gates();
            if !(5..=60).contains(&size) || !cf_fits(&prog) {
                continue;
            }
            let nints = prog.params.len() - prog.nfloats();
            let mut fd = true;
            let mut live: f64 = 0.0;
            for _ in 0..300 {
                if prog.points.len() == POINTS {
                    break;
                }
                let p: Vec<f64> = (0..prog.nfloats()).map(|_| cf.g.coordinate()).collect();
                let k: Vec<i32> = prog
                    .params
                    .iter()
                    .filter_map(|par| match par.kind {
                        Kind::Float => None,
                        Kind::I32(_) => Some(cf.g.rng.gen_range(0..=MMAX as i32)),
                        _ => Some(cf.g.pick(&[0, 1, 2, 3, 3, 4, 4, 5, 6])),
                    })
                    .collect();
                debug_assert_eq!(k.len(), nints);
                let run = |q: &[f64]| run_cf(&prog, q, &k);
                if let Some((ok, size)) = judge_with(&run, &p, &prog.wrt(), false) {
                    fd &= ok;
                    live = live.max(size);
                    prog.points.push((p, k));
                }
            }
            if prog.points.len() < POINTS || live < 1e-3 {
                continue 'retry;
            }
            prog.fd = fd;
            if cf_fits(&prog) {
                progs.push(prog);
                break;
            }
        }
    }

    let mut programs = String::new();
    for p in &progs {
        write_cf(&mut programs, p);
    }
    let total: usize = progs.iter().map(CfProg::gates).sum();
    let fd = progs.iter().filter(|p| p.fd).count();
    let count = |pat: &str| {
        progs
            .iter()
            .filter(|p| {
                let mut s = String::new();
                write_cf(&mut s, p);
                s.contains(pat)
            })
            .count()
    };
    let features = [
        ("`if`", "    if "),
        ("`else if`", "} else if "),
        ("`let v = if`", " = if "),
        ("`match`", "match "),
        ("`for`", "for "),
        ("`..=`", "..="),
        ("`.rev()`", ".rev()"),
        ("`.step_by(2)`", ".step_by(2)"),
        ("`while`", "while "),
        ("`loop`", "loop {"),
        ("`break`", "break;"),
        ("`continue`", "continue;"),
        ("`&&`", " && "),
        ("`||`", " || "),
        ("runtime trip counts", ": usize"),
    ];
    let mut list: Vec<String> = features
        .iter()
        .map(|(what, pat)| format!("{what} {}", count(pat)))
        .collect();
    let returns = progs
        .iter()
        .filter(|p| p.body.iter().any(|c| matches!(c, C::If(ch, _) if ch.iter().any(|(_, b)| b.iter().any(|c| matches!(c, C::Return(_)))))))
        .count();
    list.push(format!("early `return` {returns}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by tools/gen-programs (seed {SEED_CF:#x}); do not edit by hand.
// Regenerate with `cargo run -p gen-programs`; tests/random_programs_fresh.rs fails
// when this file differs from what the generator writes.
//
// {NCF} random programs over f64 with control flow, {total} gates in all, each
// differentiated by `#[differentiate]` and compared at {POINTS} points (float and integer
// arguments) with a twin evaluated by num-dual (forward mode), value and every gradient
// component; {fd} of them also against central finite differences. Programs using:
{}

// the programs exercise the `return e;` form on purpose; not every twin method is used
#![allow(clippy::needless_return, dead_code)]
",
        wrap_list(&list)
    );
    out.push_str(INCLUDE_COMMON);
    out.push_str("include!(\"../tools/gen-programs/src/preamble_cf.rs\");\n");
    out.push('\n');
    for k in &KONSTS {
        let name = k.path64;
        let read = [" ", "(", "-"]
            .iter()
            .any(|pre| programs.contains(&format!("{pre}{name}")));
        if !name.contains("::") && read {
            let _ = writeln!(out, "const {name}: f64 = {:?};", k.value);
        }
    }
    out.push_str(&programs);
    out
}

/// `items` as `// a, b, c` comment lines of at most 90 columns, ending with `.`.
fn wrap_list(items: &[String]) -> String {
    let mut lines: Vec<String> = vec!["//".into()];
    for (k, item) in items.iter().enumerate() {
        let sep = if k + 1 == items.len() { "." } else { "," };
        let word = format!(" {item}{sep}");
        if lines.last().unwrap().len() + word.len() > 90 {
            lines.push("//".into());
        }
        lines.last_mut().unwrap().push_str(&word);
    }
    lines.join("\n")
}
