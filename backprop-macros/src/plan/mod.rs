//! Plan: passes over the tape, in sequence, each reading what the previous ones
//! returned. Nothing here emits code; emission reads the [`Plan`].
//!
//! ```text
//! activity  which variables vary with a differentiated parameter
//! liveness  which adjoints exist, each gate's contributions, where they happen
//! reuse     local gradients that recompute a forward stage read it instead
//! cse       subexpressions common to local gradients computed once
//! saving    what the cache holds, what is recomputed, which stages are needed
//! adjoints  the names of adjoints, parts and buffers
//! layout    how each cached value is stored: a field, or an array per loop
//! ```

pub(crate) mod activity;
pub(crate) mod adjoints;
pub(crate) mod const_bound;
pub(crate) mod cse;
pub(crate) mod indexing;
pub(crate) mod layout;
pub(crate) mod liveness;
pub(crate) mod reuse;
pub(crate) mod saving;
pub(crate) mod tangents;

use crate::ir::flow::Block;
use crate::ir::names::Namer;
use crate::ir::{Tape, VarId};
use crate::parse::signature::Signature;
use adjoints::BackwardNames;
use cse::Shared;
use layout::Field;
use liveness::{Liveness, Pullbacks};

/// What the backward pass does and needs, and how the cache is laid out.
pub(crate) struct Plan {
    /// Whether each variable has an adjoint.
    pub(crate) live: Vec<bool>,
    /// For each live gate, what each of its inputs' adjoints gains, in input order.
    pub(crate) pullbacks: Pullbacks,
    /// How many contributions each adjoint receives.
    pub(crate) contributions: Vec<usize>,
    /// Adjoints declared `let mut d_v = 0.0;` at the top of their block's reversal,
    /// because a contribution comes from a nested block (or the variable is a slot).
    pub(crate) hoisted: Vec<bool>,
    /// Variables the backward reads, in definition order: the cache.
    pub(crate) cache: Vec<VarId>,
    /// Whether the forward pass must compute each variable.
    pub(crate) needed: Vec<bool>,
    /// For a function returning a tuple: each value's variable (if it has an
    /// adjoint), and whether that adjoint is the seed's part itself.
    pub(crate) outputs: Vec<Option<(VarId, bool)>>,
    /// Values inside loops and branches that the backward pass recomputes from other
    /// saved values instead of saving them (cheap arithmetic, as a hand-written
    /// reverse sweep would).
    pub(crate) remat: Vec<bool>,
    /// Local-gradient subexpressions computed once (`cse.rs`), read as `Sym::Shared`.
    pub(crate) shared: Vec<Shared>,
    /// The names of adjoints, parts and buffers.
    pub(crate) names: BackwardNames,
    /// The cache's fields, in definition order.
    pub(crate) fields: Vec<Field>,
    /// By block: the position of its run in the runs its values are saved in.
    pub(crate) at: Vec<Option<indexing::At>>,
    /// The tangents of `f_jvp`, when the function asks for `jvp`.
    pub(crate) tangents: Option<tangents::Tangents>,
}

/// Runs the passes on `tape`; `namer` gives the names that avoid the user's.
pub(crate) fn plan(tape: &Tape, sig: &Signature, namer: &mut Namer) -> Plan {
    let varies = activity::varies(tape);
    let mut liveness = liveness::adjoints(tape, &varies);
    let pullbacks = reuse::reuse(tape, std::mem::take(&mut liveness.pullbacks));
    let sharing = cse::share(tape, pullbacks);
    let saving = saving::saving(tape, &liveness, &sharing);
    let names = adjoints::name(tape, sig, &liveness, &sharing, namer);
    let consts: Vec<_> = sig
        .generics
        .const_params()
        .map(|param| param.ident.clone())
        .collect();
    let (fields, at) = layout::layout(tape, &sig.float.ident(), &consts, &saving, namer);
    let tangents = sig
        .jvp
        .then(|| tangents::name(tape, liveness.live.clone(), namer));
    let Liveness {
        live,
        contributions,
        hoisted,
        outputs,
        ..
    } = liveness;
    Plan {
        live,
        pullbacks: sharing.pullbacks,
        contributions,
        hoisted,
        cache: saving.cache,
        needed: saving.needed,
        outputs,
        remat: saving.remat,
        shared: sharing.shared,
        names,
        fields,
        at,
        tangents,
    }
}

impl Plan {
    /// Whether reversing `block` does anything.
    pub(crate) fn has_work(&self, tape: &Tape, block: &Block) -> bool {
        liveness::has_work(&self.live, tape, block)
    }
}
