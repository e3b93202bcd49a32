//! Where changes go: a diff printer, the file writer, (and the git batcher).

pub mod diff;
pub mod write;
