//! The id tables: each candidate and post id turned into a dense index as it
//! is read, the hot spot of reading a large instance.

use super::Id;

/// One side's ids: every id seen, defined or only used so far, numbered in
/// order of first appearance by the table, plus each defined id's number in
/// input order.
#[derive(Default)]
pub(super) struct Party<'de> {
    pub(super) ids: IdTable<'de>,
    /// Per table index: position among the definitions (input order), or
    /// `NOT_YET` while the id has only been used in a list.
    pub(super) number: Vec<u32>,
    /// Table indices in input order.
    pub(super) defined: Vec<u32>,
}

pub(super) const NOT_YET: u32 = u32::MAX;

impl<'de> Party<'de> {
    /// Records the definition of `id`; false if it was defined before.
    pub(super) fn define(&mut self, id: Id<'de>) -> bool {
        let (index, new) = self.ids.intern(id);
        if new {
            self.number.push(NOT_YET);
        }
        let number = &mut self.number[index as usize];
        if *number != NOT_YET {
            return false;
        }
        *number = self.defined.len() as u32;
        self.defined.push(index);
        true
    }

    /// The defined ids in input order.
    pub(super) fn into_input_order(mut self) -> Vec<Id<'de>> {
        self.defined
            .iter()
            .map(|&i| std::mem::take(&mut self.ids.ids[i as usize]))
            .collect()
    }
}

/// Interns ids: string to dense index, in order of first appearance.
///
/// An open-addressing table whose slots hold ids of up to 15 bytes inline,
/// so that a lookup usually touches one slot and nothing else; a `HashMap`
/// keyed by `&str` also reads the stored key from wherever it lies in the
/// input, a second cache miss that dominated `reorg match` on large inputs.
/// Longer ids are compared against the stored string.
pub(super) struct IdTable<'de> {
    ids: Vec<Id<'de>>,
    slots: Vec<Slot>,
    /// Random per process, so that a crafted input cannot aim at collisions.
    /// Indices, and so the output, do not depend on it.
    seed: u64,
}

#[derive(Clone, Copy)]
struct Slot {
    /// Up to 15 bytes of the id and, in the top byte, its length (0xFF when
    /// longer than 15 bytes).
    inline: [u64; 2],
    hash: u32,
    /// `NOT_YET` for an empty slot.
    index: u32,
}

const EMPTY_SLOT: Slot = Slot {
    inline: [0; 2],
    hash: 0,
    index: NOT_YET,
};

impl Default for IdTable<'_> {
    fn default() -> Self {
        use std::hash::BuildHasher;
        IdTable {
            ids: Vec::new(),
            slots: vec![EMPTY_SLOT; 16],
            seed: std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64),
        }
    }
}

impl<'de> IdTable<'de> {
    pub(super) fn get(&self, index: u32) -> &str {
        &self.ids[index as usize]
    }

    /// The index of `id`, and whether it is new.
    fn intern(&mut self, id: Id<'de>) -> (u32, bool) {
        self.reserve(1);
        let hash = self.hash(id.as_bytes());
        self.intern_hashed(id, hash)
    }

    /// Makes room for `more` new ids. At most three quarters of the slots
    /// are used: linear probing stays short, and 10 million ids fit in 2^24
    /// slots.
    pub(super) fn reserve(&mut self, more: usize) {
        while (self.ids.len() + more) * 4 > self.slots.len() * 3 {
            self.grow();
        }
    }

    /// Loads the slots where these hashes start probing, so that the lookups
    /// that follow find them in the cache.
    pub(super) fn touch(&self, hashes: &[u32]) {
        let mask = self.slots.len() - 1;
        let sum = hashes.iter().fold(0u32, |sum, &hash| {
            sum.wrapping_add(self.slots[hash as usize & mask].index)
        });
        std::hint::black_box(sum);
    }

    /// [`intern`](Self::intern) with the hash computed and room reserved.
    pub(super) fn intern_hashed(&mut self, id: Id<'de>, hash: u32) -> (u32, bool) {
        let bytes = id.as_bytes();
        let inline = pack(bytes);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.index == NOT_YET {
                let index = self.ids.len() as u32;
                self.slots[at] = Slot {
                    inline,
                    hash,
                    index,
                };
                self.ids.push(id);
                return (index, true);
            }
            if slot.hash == hash
                && slot.inline == inline
                && (bytes.len() <= 15 || *self.ids[slot.index as usize] == *id)
            {
                return (slot.index, false);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mask = size - 1;
        let mut slots = vec![EMPTY_SLOT; size];
        for slot in self.slots.iter().filter(|s| s.index != NOT_YET) {
            let mut at = slot.hash as usize & mask;
            while slots[at].index != NOT_YET {
                at = (at + 1) & mask;
            }
            slots[at] = *slot;
        }
        self.slots = slots;
    }

    /// A fast multiplicative hash over 8-byte words (FxHash-like), seeded.
    pub(super) fn hash(&self, bytes: &[u8]) -> u32 {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.seed ^ bytes.len() as u64;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        // Fold the well-mixed high bits down, since the low bits index the table.
        ((h >> 32) ^ h) as u32
    }
}

/// The inline form of an id: up to 15 bytes and the length.
fn pack(bytes: &[u8]) -> [u64; 2] {
    let mut buf = [0u8; 16];
    let n = bytes.len().min(15);
    buf[..n].copy_from_slice(&bytes[..n]);
    buf[15] = if bytes.len() <= 15 {
        bytes.len() as u8
    } else {
        0xFF
    };
    let (lo, hi) = buf.split_at(8);
    [
        u64::from_le_bytes(lo.try_into().expect("8 bytes")),
        u64::from_le_bytes(hi.try_into().expect("8 bytes")),
    ]
}
