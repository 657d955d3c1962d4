//! The rules of the re-appointment and its rounds (filled in by the engine work).

use serde::Serialize;

/// The rules of the re-appointment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Policy {}

/// One appointment round.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// Identifier used in the file.
    pub id: String,
}
