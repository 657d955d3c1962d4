//! A batch's fingerprint: a hash of everything its rows depend on, written
//! in every row so that `batch merge` refuses parts of different batches.

use crate::metrics::VERSION;
use crate::scenario;

/// Hashes a batch's inputs into its fingerprint ([`Batch::fingerprint`]).
/// Each text is hashed after its length, so that no two different inputs
/// run together into the same bytes; the people are hashed as JSON.
pub(super) struct Fingerprint(hmac_sha256::Hash);

impl Fingerprint {
    pub(super) fn new(text: &str, base: &[String]) -> Fingerprint {
        let mut hash = Fingerprint(hmac_sha256::Hash::new());
        hash.field(b"reorg batch fingerprint 1");
        hash.field(VERSION.as_bytes());
        hash.field(text.as_bytes());
        hash.field(&(base.len() as u64).to_le_bytes());
        for setting in base {
            hash.field(setting.as_bytes());
        }
        hash
    }

    fn field(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// Adds the people of one grid point (a JSON array: self-delimiting).
    pub(super) fn people(&mut self, people: &[scenario::Person]) {
        serde_json::to_writer(&mut *self, people).expect("people serialise to JSON in memory");
    }

    pub(super) fn finish(self) -> String {
        self.0.finalize()[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
