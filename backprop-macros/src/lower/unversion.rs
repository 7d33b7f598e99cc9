//! The last step of lowering: a temporary named after a version of a user's variable
//! (`sigmoid_y_times_z_4`, `x_1_plus_a`) takes the name without the version numbers
//! (`sigmoid_y_times_z`) when no other name is spelled so. The cache fields and
//! locals of the generated code carry these names.

use crate::ir::names::{plain, unversioned, Namer};
use crate::ir::{GateOp, Tape};
use std::collections::HashSet;

/// Renames the tape's versioned temporaries, avoiding every name `namer` knows.
pub(crate) fn unversion_temporaries(tape: &mut Tape, namer: &mut Namer) {
    let user_names: HashSet<String> = tape
        .vars
        .iter()
        .filter(|var| var.user_named)
        .flat_map(|var| {
            let name = plain(&var.name);
            let trimmed = name
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '_')
                .to_owned();
            [trimmed, name]
        })
        .collect();
    // Constant code keeps its variables' names in its tokens: those stay as they are.
    let mut in_tokens = vec![false; tape.vars.len()];
    for gate in &tape.gates {
        if let GateOp::Passive(_, reads) | GateOp::Effect(_, reads) = &gate.op {
            for &read in reads {
                in_tokens[read] = true;
            }
            in_tokens[gate.out] = true;
        }
    }
    for (id, var) in tape.vars.iter_mut().enumerate() {
        if var.user_named || in_tokens[id] || tape.params.contains(&id) {
            continue;
        }
        let old = plain(&var.name);
        let Some(new) = unversioned(&old, |part| user_names.contains(part)) else {
            continue;
        };
        if namer.free(&new) != new.as_str() {
            continue;
        }
        namer.release(&old);
        var.name = namer.fresh(&new);
    }
}
