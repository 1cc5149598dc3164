//! The hash table behind `set`, laid out exactly as CPython's
//! `Objects/setobject.c`, so that a set iterates (and prints) in the same
//! order as under CPython: `{3, 1, 2}` shows `{1, 2, 3}`.
//!
//! Open addressing: a key's first slot is `hash & mask`; a collision tries
//! the next nine slots (LINEAR_PROBES), then jumps by the perturbation
//! recurrence `i = i * 5 + 1 + perturb`. A removed key leaves a dummy so
//! later probes go on past it. The table grows (to the next power of two
//! above four times the entries) once it is 60% full, counting dummies.

use super::compare::{compares_by_python, hash, keys_equal};
use super::{PyResult, Value};

const MINIMUM_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The slots a search for a hash visits, a window at a time: the home
/// slot and the nine after it (when they fit), then a jump.
struct Probe {
    start: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Probe {
        Probe {
            start: (hash as u64 as usize) & mask,
            perturb: hash as u64,
            mask,
        }
    }

    /// The slots to look at before the next jump.
    fn window(&self) -> std::ops::RangeInclusive<usize> {
        let probes = if self.start + LINEAR_PROBES <= self.mask {
            LINEAR_PROBES
        } else {
            0
        };
        self.start..=self.start + probes
    }

    /// CPython's recurrence: `i = i * 5 + 1 + perturb`, perturb shifting down.
    fn advance(&mut self) {
        self.perturb >>= PERTURB_SHIFT;
        let next = self
            .start
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(self.perturb as usize);
        self.start = next & self.mask;
    }
}

/// One slot of the table.
#[derive(Clone, Debug)]
enum Slot {
    Empty,
    /// A removed key: probes continue past it.
    Dummy,
    Full {
        hash: i64,
        key: Value,
    },
}

/// A set's table.
#[derive(Clone, Debug)]
pub struct SetTable {
    slots: Vec<Slot>,
    /// Live keys.
    used: usize,
    /// Live keys plus dummies.
    fill: usize,
    /// Where `pop` starts looking (CPython's `finger`).
    finger: usize,
    /// Set once an element that compares by Python code (an instance) is
    /// added: the VM then matches elements with `==` (`vm/keys.rs`).
    python_keys: bool,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable {
            slots: vec![Slot::Empty; MINIMUM_SIZE],
            used: 0,
            fill: 0,
            finger: 0,
            python_keys: false,
        }
    }
}

impl SetTable {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.used
    }

    /// True for an empty set.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The elements, in table order (the order iteration shows).
    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Full { key, .. } => Some(key),
            _ => None,
        })
    }

    /// The elements with their hashes, in table order.
    fn entries(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Full { hash, key } => Some((*hash, key)),
            _ => None,
        })
    }

    /// The slot holding `key`, if it is present.
    fn find(&self, key: &Value, hash: i64) -> Option<usize> {
        let mut probe = Probe::new(hash, self.mask());
        loop {
            for j in probe.window() {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Full { hash: h, key: k } if *h == hash && keys_equal(k, key) => {
                        return Some(j)
                    }
                    _ => {}
                }
            }
            probe.advance();
        }
    }

    /// True when `key` is an element (TypeError if it is unhashable).
    pub fn contains(&self, key: &Value) -> PyResult<bool> {
        Ok(self.find(key, hash(key)?).is_some())
    }

    /// Adds `key` (hashing it first).
    pub fn add(&mut self, key: Value) -> PyResult<()> {
        let hash = hash(&key)?;
        self.add_hashed(key, hash);
        Ok(())
    }

    /// CPython's `set_add_entry`: the first empty slot on the probe path,
    /// or the first dummy passed on the way to it.
    fn add_hashed(&mut self, key: Value, hash: i64) {
        let mask = self.mask();
        let mut probe = Probe::new(hash, mask);
        let mut free_slot = None;
        let empty = loop {
            let mut found = None;
            for j in probe.window() {
                match &self.slots[j] {
                    Slot::Empty => {
                        found = Some(j);
                        break;
                    }
                    Slot::Full { hash: h, key: k } if *h == hash && keys_equal(k, &key) => return,
                    Slot::Dummy if free_slot.is_none() => free_slot = Some(j),
                    _ => {}
                }
            }
            if let Some(j) = found {
                break j;
            }
            probe.advance();
        };
        self.used += 1;
        self.python_keys |= compares_by_python(&key);
        if let Some(free) = free_slot {
            self.slots[free] = Slot::Full { hash, key };
            return;
        }
        self.fill += 1;
        self.slots[empty] = Slot::Full { hash, key };
        if self.fill * 5 >= mask * 3 {
            let minimum = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minimum);
        }
    }

    /// CPython's `set_table_resize`: a new table of the next power of two
    /// above `minimum`, keys re-inserted in old table order, dummies dropped.
    fn resize(&mut self, minimum: usize) {
        let mut size = MINIMUM_SIZE;
        while size <= minimum {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        self.fill = self.used;
        for slot in old {
            if let Slot::Full { hash, key } = slot {
                self.insert_clean(key, hash);
            }
        }
    }

    /// CPython's `set_insert_clean`: into a table known to hold neither the
    /// key nor dummies.
    fn insert_clean(&mut self, key: Value, hash: i64) {
        let mut probe = Probe::new(hash, self.mask());
        loop {
            if let Some(j) = probe
                .window()
                .find(|&j| matches!(self.slots[j], Slot::Empty))
            {
                self.slots[j] = Slot::Full { hash, key };
                return;
            }
            probe.advance();
        }
    }

    /// Removes `key`; returns whether it was there.
    pub fn discard(&mut self, key: &Value) -> PyResult<bool> {
        Ok(self.discard_hashed(key, hash(key)?))
    }

    /// Removes `key`, whose hash is known; returns whether it was there.
    pub fn discard_hashed(&mut self, key: &Value, hash: i64) -> bool {
        match self.find(key, hash) {
            Some(slot) => {
                self.slots[slot] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// True once an element that compares by Python code has been added.
    pub fn holds_python_keys(&self) -> bool {
        self.python_keys
    }

    /// The elements whose hash is `hash`, found along its probe path: the
    /// candidates the VM compares with `==`.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        let mut found = Vec::new();
        let mut probe = Probe::new(hash, self.mask());
        loop {
            for j in probe.window() {
                match &self.slots[j] {
                    Slot::Empty => return found,
                    Slot::Full { hash: h, key } if *h == hash => found.push(key.clone()),
                    _ => {}
                }
            }
            probe.advance();
        }
    }

    /// Removes and returns an element, scanning on from where the last
    /// `pop` stopped, as CPython does.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let size = self.slots.len();
        let mut at = self.finger & self.mask();
        while !matches!(self.slots[at], Slot::Full { .. }) {
            at = (at + 1) % size;
        }
        let Slot::Full { key, .. } = std::mem::replace(&mut self.slots[at], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        self.finger = at + 1;
        Some(key)
    }

    /// Removes every element.
    pub fn clear(&mut self) {
        *self = SetTable::default();
    }

    /// CPython's `set_merge`: adds every element of `other`, copying its
    /// layout when this table is empty and the same size.
    pub fn merge(&mut self, other: &SetTable) {
        if other.used == 0 {
            return;
        }
        self.python_keys |= other.python_keys;
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for (hash, key) in other.entries() {
                self.insert_clean(key.clone(), hash);
            }
            return;
        }
        for (hash, key) in other.entries() {
            self.add_hashed(key.clone(), hash);
        }
    }

    /// True when `key` (already hashed) is present.
    pub fn contains_hashed(&self, key: &Value, hash: i64) -> bool {
        self.find(key, hash).is_some()
    }

    /// The elements and their hashes, for set algebra.
    pub fn hashed_keys(&self) -> Vec<(i64, Value)> {
        self.entries()
            .map(|(hash, key)| (hash, key.clone()))
            .collect()
    }

    /// Adds an element whose hash is known.
    pub fn add_with_hash(&mut self, key: Value, hash: i64) {
        self.add_hashed(key, hash);
    }

    /// CPython's `frozenset_hash`: each element's hash shuffled and XORed
    /// in, so the result does not depend on the order of the elements.
    pub fn frozenset_hash(&self) -> i64 {
        fn shuffle(hash: u64) -> u64 {
            ((hash ^ 89869747) ^ (hash << 16)).wrapping_mul(3644798167)
        }
        let mut hash: u64 = 0;
        for (element, _) in self.entries() {
            hash ^= shuffle(element as u64);
        }
        hash ^= (self.used as u64 + 1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        if hash == u64::MAX {
            hash = 590923713;
        }
        hash as i64
    }
}
