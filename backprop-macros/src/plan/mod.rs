//! Plan: passes over the tape, in sequence.

pub(crate) mod adjoints;
pub(crate) mod cse;
pub(crate) mod layout;
pub(crate) mod liveness;
pub(crate) mod reuse;
pub(crate) mod saving;
