//! A faster hash for the front end's lookup tables (places, node addresses, names) than the
//! standard maps' SipHash, which was about a third of lowering GitHub's spec.
//!
//! Each word of the key is mixed in by a folded multiply (the 128-bit product's halves
//! xor-ed, as foldhash and wyhash do). [`FastMap`] and [`FastSet`] start from a seed drawn
//! once per process from the standard library's random keys, so that a spec cannot be
//! written to make their keys collide (which would cost time, never change a result):
//! their order then varies between runs, so they are only ever looked up, never iterated
//! into anything the output depends on. [`FastHasher::fixed`] is the same hash from a
//! constant seed, for hashes that must be the same in every run.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// A hash map with [`FastState`]: look up only, never iterate into output.
pub type FastMap<K, V> = HashMap<K, V, FastState>;

/// A hash set with [`FastState`]: look up only, never iterate into output.
pub type FastSet<K> = HashSet<K, FastState>;

/// The multiplier of every step: the odd 64-bit constant of the golden ratio.
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The 64-bit halves of `a * b`, xor-ed.
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Builds [`FastHasher`]s from the process's seed.
#[derive(Debug, Clone, Copy)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> Self {
        static SEED: OnceLock<u64> = OnceLock::new();
        let seed = *SEED.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64));
        FastState { seed }
    }
}

impl BuildHasher for FastState {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher { state: self.seed }
    }
}

/// The hasher itself.
#[derive(Debug, Clone, Copy)]
pub struct FastHasher {
    state: u64,
}

impl FastHasher {
    /// A hasher from a constant seed: the same hash in every run.
    pub fn fixed() -> Self {
        FastHasher { state: 0x243f_6a88_85a3_08d3 }
    }

    fn mix(&mut self, word: u64) {
        self.state = folded_multiply(self.state ^ word, MULTIPLIER);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        // The length first: bytes that differ only in trailing zeros differ in it.
        self.mix(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }

    fn finish(&self) -> u64 {
        // One more round, so that the last word is mixed into every bit too.
        folded_multiply(self.state, MULTIPLIER ^ 0xa076_1d64_78bd_642f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn fixed_hash<T: Hash + ?Sized>(value: &T) -> u64 {
        let mut h = FastHasher::fixed();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn fixed_hashes_are_the_same_each_time_and_tell_keys_apart() {
        assert_eq!(fixed_hash("a"), fixed_hash("a"));
        let keys = ["", "a", "a\0", "ab", "ba", "abcdefgh", "abcdefgh\0", "abcdefghi", "/paths/~1repos", "/paths/~1repot"];
        let hashes: HashSet<u64> = keys.iter().map(|k| fixed_hash(*k)).collect();
        assert_eq!(hashes.len(), keys.len());
        let numbers: HashSet<u64> = (0u64..10_000).map(|i| fixed_hash(&i)).collect();
        assert_eq!(numbers.len(), 10_000);
    }

    #[test]
    fn maps_find_what_was_put_in() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            map.insert(format!("/components/schemas/s{i}"), i);
        }
        assert!((0..1000).all(|i| map.get(&format!("/components/schemas/s{i}")) == Some(&i)));
        assert_eq!(map.get("/components/schemas/s1000"), None);
    }
}
