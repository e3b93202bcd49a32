//! pymig: migrate Python 2 code to Python 3 with exact, reviewable rewrites.
//!
//! Data flow: [`walk`] discovers files → [`source`] decodes them → [`parse`] builds a
//! syntax tree → codemods ([`codemods`]) propose [`edit::Fix`]es → [`engine`] merges,
//! applies and verifies them into a [`engine::Change`] per file → a sink ([`sink`])
//! prints a diff, writes files, or hands changes to the git batcher.

pub mod analysis;
pub mod cli;
pub mod codemod;
pub mod codemods;
pub mod commands;
pub mod config;
pub mod docs;
pub mod doctest;
pub mod edit;
pub mod engine;
pub mod git;
pub mod imports;
pub mod memory;
pub mod parse;
pub mod prefilter;
pub mod registry;
pub mod report;
pub mod rules;
pub mod schedule;
pub mod semantics;
pub mod sink;
pub mod source;
pub mod syntax;
pub mod verify;
pub mod walk;
