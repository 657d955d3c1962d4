//! Tests of the matching engine (being written).
