//! Many-to-one deferred acceptance (being written).
