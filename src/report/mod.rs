//! Renderers: turn computed values into bytes (text tables, JSON, DOT,
//! Mermaid). They look values up but never compute figures.

pub mod batch;
pub mod check;
pub mod graph;
pub mod roster;
pub mod run;
pub mod table;
