//! Straight-line statements: `let` (with a type, `mut`), shadowing, assignment,
//! compound assignment, block expressions; and the retry loops that keep what is
//! built readable and valid.

use crate::ast::{typed, C, E};
use crate::gen::{x, BIG, G, LITS, X};
use crate::iv::Iv;
use crate::ops::Bin;
use crate::print::PROG;

/// The widest line a statement may print to (at indentation 0).
const WIDTH: usize = 92;

impl G {
    /// Whether `cs` is narrow enough to read, uses references only where they
    /// compile, has no `if` with identical branches, and no shape the macro mishandles.
    pub fn valid(&self, cs: &[C]) -> bool {
        let mut out = String::new();
        PROG.body(&mut out, cs, 0);
        out.lines().all(|l| l.len() <= WIDTH)
            && crate::checks::refs_ok(cs, &self.refs)
            && !crate::checks::same_branches(cs)
    }
    /// Tries `make` (`tries` times, the cost passed shrinking) until what it builds is
    /// [`G::valid`]; the state is restored after each failure.
    pub fn attempt(
        &mut self,
        tries: usize,
        make: &mut dyn FnMut(&mut G, usize) -> Option<Vec<C>>,
    ) -> Option<Vec<C>> {
        for k in 0..tries {
            let save = self.clone();
            match make(self, 3usize.saturating_sub(k / 6)) {
                Some(cs) if self.valid(&cs) => return Some(cs),
                _ => self.restore(save),
            }
        }
        None
    }
    /// [`G::attempt`] that must succeed.
    pub fn retry(&mut self, make: &mut dyn FnMut(&mut G, usize) -> Option<Vec<C>>) -> Vec<C> {
        self.attempt(400, make).expect("a segment fits")
    }
    /// One statement from `make` at about `cost`, the cost shrinking every 4 tries.
    pub fn try_fit(
        &mut self,
        cost: usize,
        tries: usize,
        make: &mut dyn FnMut(&mut G, usize) -> Option<C>,
    ) -> Option<C> {
        let mut one = |g: &mut G, k: usize| make(g, cost.saturating_sub(k)).map(|s| vec![s]);
        let mut k = 0;
        let s = self.attempt(tries, &mut |g, _| {
            k += 1;
            one(g, (k - 1) / 4)
        });
        s.map(|mut s| s.remove(0))
    }
    pub fn fit(&mut self, cost: usize, make: &mut dyn FnMut(&mut G, usize) -> Option<C>) -> C {
        self.try_fit(cost, 1000, make).expect("a statement fits")
    }

    pub fn let_stmt(&mut self, name: String, a: X, mutable: bool) -> C {
        self.mark(&a.e);
        let annot = !typed(&a.e) || self.chance(15);
        self.declare(name.clone(), a.iv, mutable);
        C::Let { name, mutable, annot, e: a.e }
    }
    /// `let <fresh> = make(..);`
    pub fn let_new(&mut self, a: X, mutable: bool) -> C {
        let name = self.fresh_name();
        self.let_stmt(name, a, mutable)
    }
    /// `rhs` must not be `v` nor `v op ..` (clippy's `misrefactored_assign_op`).
    pub fn clean_rhs(&self, name: &str, e: &E) -> bool {
        let v = E::Var(name.to_string());
        match e {
            E::Bin(_, a, b) => !self.same(a, &v) && !self.same(b, &v),
            _ => !self.same(e, &v),
        }
    }
    pub fn set_assigned(&mut self, name: &str, iv: Option<Iv>) {
        let i = self.find(name);
        let v = &mut self.scope[i];
        if let Some(iv) = iv {
            v.iv = iv;
        }
        v.unread = true;
        v.mutated = true;
        self.assigned.push(name.to_string());
    }
    /// `v op= rhs` for the mutable `name`, the right side reading `extra` if given.
    pub fn op_assign(&mut self, name: &str, extra: Vec<X>, cost: usize) -> Option<C> {
        let cur = self.scope[self.find(name)].iv;
        let rhs = if extra.is_empty() { self.operand(cost) } else { self.combine(extra, 0) };
        let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div, Bin::Add]);
        // a big accumulator only shrinks
        let op = if cur.mag() > BIG { Bin::Mul } else { op };
        let rhs = match op {
            Bin::Mul => self.bound(rhs, if cur.mag() > BIG { 0.9 } else { 1.5 }),
            Bin::Div => {
                let r = self.bound(rhs, 4.0);
                self.positive(r, 0.8)
            }
            _ => rhs,
        };
        let iv =
            [cur.plus(rhs.iv), cur.minus(rhs.iv), cur.times(rhs.iv), cur.over(rhs.iv)][op as usize];
        if iv.mag() > BIG * 2.0 || !self.clean_rhs(name, &rhs.e) {
            return None;
        }
        self.mark(&rhs.e);
        self.set_assigned(name, Some(iv));
        Some(set(name, Some(op), rhs.e))
    }
    /// `v = f(v, ..)` for the mutable `name`, combined with `extra` if given.
    pub fn reassign(&mut self, name: &str, extra: Vec<X>, cost: usize) -> Option<C> {
        let v = self.var(self.find(name));
        let mut a = self.reads(v, cost);
        if !extra.is_empty() {
            let t = self.combine(extra, 0);
            let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
            let out = self.binary(op, a, t);
            a = self.cap(out);
        }
        self.mark(&a.e);
        self.set_assigned(name, Some(a.iv));
        Some(set(name, None, a.e))
    }
    /// A single (not repeated) update of the mutable `name`, reading `extra`.
    pub fn update_once(&mut self, name: &str, extra: Vec<X>, cost: usize) -> Option<C> {
        if self.chance(50) {
            self.op_assign(name, extra, cost)
        } else {
            self.reassign(name, extra, cost)
        }
    }
    /// `k` straight-line statements of 1 to `most` gates each.
    pub fn statements(&mut self, k: usize, most: usize) -> Vec<C> {
        (0..k)
            .map(|_| {
                let want = 1 + self.below(most);
                self.fit(want, &mut |g, c| g.statement(c))
            })
            .collect()
    }
    /// A straight-line statement of about `cost` gates.
    pub fn statement(&mut self, cost: usize) -> Option<C> {
        let muts: Vec<String> =
            self.scope.iter().filter(|v| v.mutable).map(|v| v.name.clone()).collect();
        let m = if muts.is_empty() { 0 } else { 1 };
        match self.weighted(&[42, 10, 10, 16 * m, 5 * m, 9, 3]) {
            k @ (0 | 2) => {
                let a = self.expr(cost, false);
                Some(self.let_new(a, k == 2))
            }
            1 => {
                // shadowing: `let v = f(v, ..);` (never hiding an unmutated `mut`)
                let ok: Vec<usize> = (0..self.scope.len())
                    .filter(|&i| !self.scope[i].mutable || self.scope[i].mutated)
                    .collect();
                if ok.is_empty() {
                    return None;
                }
                let i = self.pick(&ok);
                let name = self.scope[i].name.clone();
                let v = self.var(i);
                let a = self.reads(v, cost);
                self.mark(&a.e);
                self.scope.remove(i);
                Some(self.let_stmt(name, a, false))
            }
            3 => {
                let name = self.pick(&muts);
                self.op_assign(&name, Vec::new(), cost.saturating_sub(1))
            }
            4 => {
                let name = self.pick(&muts);
                self.reassign(&name, Vec::new(), cost)
            }
            5 => Some(self.block(cost)),
            _ => {
                let v = self.pick(&LITS);
                Some(self.let_new(x(E::Lit(v), Iv::pt(v)), false))
            }
        }
    }
    /// `let name = { let t = ..; [let mut u = ..; u op= ..;] tail };`
    fn block(&mut self, cost: usize) -> C {
        let outer = self.scope.len();
        let a = self.expr(cost / 3, false);
        let mut body = vec![self.let_new(a, false)];
        if self.chance(50) {
            let a = self.expr(cost / 4, false);
            body.push(self.let_new(a, true));
            let name = self.scope.last().unwrap().name.clone();
            let s = (0..20).find_map(|_| {
                let save = self.clone();
                let s = self.op_assign(&name, Vec::new(), cost / 4);
                if s.is_none() {
                    self.restore(save);
                }
                s
            });
            body.push(s.unwrap_or_else(|| {
                self.set_assigned(&name, None);
                let rhs = self.lit();
                set(&name, Some(Bin::Add), rhs.e)
            }));
        }
        let inner = self.read_unread(outer);
        let tail = self.combine(inner, cost / 4);
        self.mark(&tail.e);
        self.scope.truncate(outer);
        self.let_new(x(E::Block(body, Box::new(tail.e)), tail.iv), false)
    }
}

/// `name op= e;`
pub fn set(name: &str, op: Option<Bin>, e: E) -> C {
    C::Set { name: name.to_string(), ix: Vec::new(), op, e }
}
