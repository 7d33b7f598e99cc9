//! The names of the forward-mode pass (`f_jvp`): the tangent `t_<var>` of every
//! variable that varies with a differentiated parameter.

use crate::ir::names::{plain, Namer};
use crate::ir::Tape;
use proc_macro2::Ident;

/// Which variables carry a tangent in `f_jvp`, and its name.
pub(crate) struct Tangents {
    /// Whether each variable has a tangent: exactly those with an adjoint (they vary
    /// with a differentiated parameter and reach the value through a derivative).
    pub(crate) live: Vec<bool>,
    /// The tangent of each such variable (`t_q` for `q`) and of each differentiated
    /// parameter; `None` otherwise.
    pub(crate) names: Vec<Option<Ident>>,
}

/// Names the tangents, avoiding every other name; parameters first, so that theirs
/// are the plain `t_<param>` that `f_jvp`'s signature shows.
pub(crate) fn name(tape: &Tape, live: Vec<bool>, namer: &mut Namer) -> Tangents {
    let mut names: Vec<Option<Ident>> = vec![None; tape.vars.len()];
    let order = tape
        .params
        .iter()
        .copied()
        .chain((0..tape.vars.len()).filter(|var| !tape.params.contains(var)));
    for var in order {
        // A differentiated parameter has a tangent argument even if the value does not
        // depend on it.
        let differentiated = tape.vars[var].active && tape.params.contains(&var);
        if live[var] || differentiated {
            names[var] = Some(namer.fresh(&format!("t_{}", plain(&tape.vars[var].name))));
        }
    }
    Tangents { live, names }
}
