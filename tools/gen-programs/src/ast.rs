//! The syntax of the generated programs, and walks over it.

use crate::calls::Target;
use crate::ops::{ArrOp, Bin, Form, Op, U};
use std::rc::Rc;

#[derive(Clone)]
pub enum E {
    Var(String),
    /// A non-negative float literal.
    Lit(f64),
    /// One of [`crate::ops::KONSTS`].
    Konst(usize),
    /// `n as f64` of an integer variable.
    Cast(String),
    /// An integer operand (`powi`'s exponent, a call's integer argument): a literal or
    /// an integer variable.
    Int(String),
    Neg(Box<E>),
    Bin(Bin, Box<E>, Box<E>),
    /// A float method or gate, the receiver first.
    Op(Op, Form, Vec<E>),
    /// `{ stmts; tail }`, only as the right side of a `let`.
    Block(Vec<C>, Box<E>),
    /// A call of another generated function, by its path from the caller.
    Call(Rc<Target>, Vec<E>),
    /// An element of an array: `w[2]`, `w[i]`, `m[i][j]`.
    Elem(String, Vec<Ix>),
    /// A gate over whole arrays of length `.2`: `dot(a, b)`, `a.iter().sum::<f64>()`, ...
    Arr(ArrOp, Vec<String>, usize),
}

pub fn bin(op: Bin, a: E, b: E) -> E {
    E::Bin(op, Box::new(a), Box::new(b))
}

pub fn un(u: U, form: Form, a: E) -> E {
    E::Op(Op::Un(u), form, vec![a])
}

/// An array index: a constant or an integer (loop) variable.
#[derive(Clone, PartialEq)]
pub enum Ix {
    C(usize),
    V(String),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    Scalar,
    Vector(usize),
    /// `[[f64; cols]; rows]`
    Matrix(usize, usize),
}

impl Shape {
    pub fn size(self) -> usize {
        match self {
            Shape::Scalar => 1,
            Shape::Vector(n) => n,
            Shape::Matrix(r, n) => r * n,
        }
    }
    /// The keys (`[1]`, `[0][2]`) of every element.
    pub fn keys(self) -> Vec<String> {
        match self {
            Shape::Scalar => vec![String::new()],
            Shape::Vector(n) => (0..n).map(|k| format!("[{k}]")).collect(),
            Shape::Matrix(r, n) => {
                (0..r).flat_map(|i| (0..n).map(move |j| format!("[{i}][{j}]"))).collect()
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

pub const CMPS: [Cmp; 4] = [Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge];

impl Cmp {
    pub fn sym(self) -> &'static str {
        ["<", "<=", ">", ">="][self as usize]
    }
    pub fn eval(self, a: f64, b: f64) -> bool {
        [a < b, a <= b, a > b, a >= b][self as usize]
    }
}

/// A test of an integer variable; a right side `Err(n)` is the trip-count parameter.
#[derive(Clone)]
pub enum IntTest {
    Lt(Result<i64, String>),
    Ge(Result<i64, String>),
    Eq(i64),
    /// `v % m == r` (r > 0: clippy prefers `is_multiple_of` for `== 0`).
    Mod(i64, i64),
}

#[derive(Clone)]
pub enum Cond {
    /// A float comparison; a literal side is an `E::Lit` (maybe negative).
    F(E, Cmp, E),
    I(String, IntTest),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone)]
pub enum Pat {
    Lit(i64),
    Or(i64, i64),
    Range(i64, i64),
    Wild,
}

/// A branch: statements, then (in a `let v = if ..` or `match`) its value.
#[derive(Clone)]
pub struct Val {
    pub stmts: Vec<C>,
    pub e: Option<E>,
}

pub fn val(stmts: Vec<C>) -> Val {
    Val { stmts, e: None }
}

#[derive(Clone)]
pub struct Arm {
    pub pat: Pat,
    pub guard: Option<Cond>,
    pub body: Val,
}

#[derive(Clone)]
pub enum Bound {
    C(i64),
    /// The trip-count parameter.
    N(String),
    /// `a.len()` of an array of that length.
    Len(String, i64),
}

#[derive(Clone)]
pub struct Range {
    pub lo: Bound,
    pub hi: Bound,
    pub incl: bool,
    pub rev: bool,
    pub step: i64,
}

/// An element bound by a loop: `&v` (the value) or `v` (a reference to it).
#[derive(Clone)]
pub struct Bind {
    pub name: String,
    pub by_ref: bool,
}

/// What a loop over array elements iterates.
#[derive(Clone)]
pub enum Head {
    /// `for v in xs.iter()` (`iter`) or `for v in &xs`
    Elems { bind: Bind, xs: String, iter: bool },
    /// `for (i, v) in xs.iter().enumerate()`
    Enumerate { idx: String, bind: Bind, xs: String },
    /// `for (a, b) in xs.iter().zip(ys.iter())`
    Zip { a: Bind, xs: String, b: Bind, ys: String },
}

impl Head {
    pub fn binds(&self) -> Vec<&Bind> {
        match self {
            Head::Elems { bind, .. } | Head::Enumerate { bind, .. } => vec![bind],
            Head::Zip { a, b, .. } => vec![a, b],
        }
    }
    pub fn arrays(&self) -> Vec<&String> {
        match self {
            Head::Elems { xs, .. } | Head::Enumerate { xs, .. } => vec![xs],
            Head::Zip { xs, ys, .. } => vec![xs, ys],
        }
    }
}

/// The initial value of a local array assigned by element.
#[derive(Clone)]
pub enum Init {
    /// `[v; N]`, `[[v; N]; M]`
    Fill(f64, Shape),
    /// `[e0, e1, ..]`
    Vals(Vec<E>),
    /// `w`, a copy of an array parameter of that shape
    Copy(String, Shape),
    /// `[e; N]`, a vector filled with a value
    Splat(E, usize),
}

/// A statement.
#[derive(Clone)]
pub enum C {
    Let {
        name: String,
        mutable: bool,
        annot: bool,
        e: E,
    },
    /// `name[ix] op= e;` (`op` None: `=`; no `ix`: a variable)
    Set {
        name: String,
        ix: Vec<Ix>,
        op: Option<Bin>,
        e: E,
    },
    /// `let mut k = 0;` (an integer counter)
    IntLet(String),
    /// `k += 1;`
    IntInc(String),
    /// `if c { .. } else if .. { .. } else { .. }`, or with a `name`, `let name = if ..;`
    If {
        name: Option<String>,
        chain: Vec<(Cond, Val)>,
        els: Option<Val>,
    },
    /// `match scrut { .. }`, or with a `name`, `let name = match scrut { .. };`
    Match {
        name: Option<String>,
        scrut: String,
        arms: Vec<Arm>,
    },
    /// `[label:] for var in range { body }`
    For {
        label: Option<String>,
        var: String,
        range: Range,
        body: Vec<C>,
    },
    /// `for <head> { body }`, `len` iterations
    ForEach {
        head: Head,
        len: usize,
        body: Vec<C>,
    },
    While(Cond, Vec<C>),
    Loop(Vec<C>),
    /// `break [label];`
    Break(Option<String>),
    /// `continue [label];`
    Continue(Option<String>),
    Return(E),
    /// `let name = [e0, e1, ..];` (`vec`: `let name = vec![e0, e1, ..];`, a `Vec`
    /// local, only in the function body: `#[differentiate]` allocates its adjoint once)
    LetArr {
        name: String,
        elems: Vec<E>,
        vec: bool,
    },
    /// `let mut name = <init>;`, a local array assigned by element
    LetMut {
        name: String,
        init: Init,
    },
    /// `name = from;`: a local array replaced whole by another array of its shape
    Replace {
        name: String,
        from: String,
        shape: Shape,
    },
}

/// `if cond { then } [else { els }]`
pub fn when(cond: Cond, then: Vec<C>, els: Option<Vec<C>>) -> C {
    C::If { name: None, chain: vec![(cond, val(then))], els: els.map(val) }
}

pub use crate::walk::*;
