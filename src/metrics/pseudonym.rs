//! Pseudonyms for `reorg run --anonymize`: stable, keyed replacements of
//! names and ids, so anonymised results can still be joined.

use std::collections::HashMap;

use super::RunReport;

/// What [`RunReport::anonymize`] replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnonymizeMode {
    /// Names become pseudonyms; ids stay, so rows still join with the roster.
    Names,
    /// Names and ids (also the summary's youngest head) become the same pseudonym.
    Ids,
}

impl RunReport {
    /// Replaces every person's name, and with [`AnonymizeMode::Ids`] their id,
    /// by a stable pseudonym: the same id and key give the same pseudonym in
    /// every run and every format, so anonymised results can still be joined.
    ///
    /// The pseudonym is `P-` and the first 12 hex digits of HMAC-SHA-256 of
    /// the id under `key` (an empty key without one). Without a secret key
    /// anyone who holds the roster can compute every pseudonym and so undo
    /// them; with one, only holders of the key can. Two ids of one report
    /// whose 12 digits agree (about 1 in 10^7 for a roster of 2,000 people)
    /// both get all 64, so a pseudonym never stands for two people.
    ///
    /// This is pseudonymisation, not anonymisation: birth years, units and
    /// levels stay, and may single a person out.
    pub fn anonymize(&mut self, mode: AnonymizeMode, key: Option<&str>) {
        let full: Vec<String> = self
            .people
            .iter()
            .map(|p| hex(&hmac_sha256(key.unwrap_or("").as_bytes(), p.id.as_bytes())))
            .collect();
        let mut short_count: HashMap<&str, usize> = HashMap::new();
        for digest in &full {
            *short_count.entry(&digest[..12]).or_default() += 1;
        }
        let pseudonyms: Vec<String> = full
            .iter()
            .map(|digest| {
                let short = &digest[..12];
                if short_count[short] > 1 {
                    format!("P-{digest}")
                } else {
                    format!("P-{short}")
                }
            })
            .collect();
        let by_id: HashMap<String, String> = self
            .people
            .iter()
            .zip(&pseudonyms)
            .map(|(p, pseudonym)| (p.id.clone(), pseudonym.clone()))
            .collect();
        for (person, pseudonym) in self.people.iter_mut().zip(pseudonyms) {
            if mode == AnonymizeMode::Ids {
                person.id = pseudonym.clone();
            }
            person.name = pseudonym;
        }
        if mode == AnonymizeMode::Ids
            && let Some(id) = &mut self.summary.youngest_head
        {
            *id = by_id
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| pseudonym(id, key));
        }
    }
}

/// The pseudonym [`RunReport::anonymize`] gives a person id (before any
/// lengthening for a clash): `P-` and 12 hex digits of HMAC-SHA-256(key, id).
pub fn pseudonym(id: &str, key: Option<&str>) -> String {
    let digest = hex(&hmac_sha256(key.unwrap_or("").as_bytes(), id.as_bytes()));
    format!("P-{}", &digest[..12])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC (RFC 2104) with SHA-256, from a small dependency-free crate; the
/// tests pin its output to RFC 4231 and to pseudonyms computed by Python, so a
/// change of crate cannot change a pseudonym unnoticed.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    hmac_sha256::HMAC::mac(message, key)
}

#[cfg(test)]
mod pseudonym_tests {
    use super::{hex, hmac_sha256, pseudonym};

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than a block.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn pseudonyms_are_pinned() {
        // Values from Python: hmac.new(key, id, hashlib.sha256).hexdigest()[:12].
        assert_eq!(pseudonym("BH0001", None), "P-b28870bd6a9b");
        assert_eq!(pseudonym("BH0001", Some("")), "P-b28870bd6a9b");
        assert_eq!(pseudonym("BH0001", Some("secret")), "P-50210bdcddaf");
        assert_eq!(pseudonym("王伟", None), "P-38f7be76ed15");
    }
}
