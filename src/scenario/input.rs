//! Where a scenario's text and the files it names come from: a folder on
//! disk, files compiled into the binary, or bytes in memory.
//!
//! It is its own module, below the loader, so that the roster reader and the
//! built-in scenario can name these types without importing the loader that
//! imports them.

use std::path::PathBuf;

/// Where a scenario's text and the files it names come from.
#[derive(Debug, Clone)]
pub struct Input {
    /// How diagnostics name the scenario (its path as the user wrote it).
    pub name: String,
    /// The scenario text.
    pub text: String,
    /// Where `[roster] file` is looked up.
    pub files: Files,
}

/// Where the files a scenario names (its roster) are found.
#[derive(Debug, Clone)]
pub enum Files {
    /// On disk, relative to this folder (the scenario file's folder).
    Dir(PathBuf),
    /// Compiled into the binary: (file name, text) pairs.
    Embedded(&'static [(&'static str, &'static str)]),
    /// In memory: (file name, bytes) pairs, for tests, fuzzing and programs
    /// that hold a roster without a file.
    Memory(Vec<(String, Vec<u8>)>),
}
