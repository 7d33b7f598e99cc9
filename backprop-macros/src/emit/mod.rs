//! Emit: the generated items.

pub(crate) mod arrays;
pub(crate) mod backward;
pub(crate) mod fallback;
pub(crate) mod forward;
pub(crate) mod items;
pub(crate) mod render;
