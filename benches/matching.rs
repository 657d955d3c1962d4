//! Benchmarks of the matching engine (being written).

fn main() {}
