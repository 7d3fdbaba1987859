//! The customer's usual products (常用), one bit per product. Pinning flips a bit in place, so the
//! index (postings, pinyin) is not rebuilt for it; ranking reads the bit for each hit.

use std::sync::atomic::{AtomicU64, Ordering};

pub(super) struct Pins(Vec<AtomicU64>);

impl Pins {
    pub(super) fn new(products: usize) -> Pins {
        Pins((0..products.div_ceil(64)).map(|_| AtomicU64::new(0)).collect())
    }

    pub(super) fn set(&self, id: u32, pinned: bool) {
        let (word, bit) = (id as usize / 64, 1u64 << (id % 64));
        // Relaxed: each bit stands alone; a search running meanwhile sees either state, both fine.
        if pinned {
            self.0[word].fetch_or(bit, Ordering::Relaxed);
        } else {
            self.0[word].fetch_and(!bit, Ordering::Relaxed);
        }
    }

    pub(super) fn get(&self, id: u32) -> bool {
        self.0[id as usize / 64].load(Ordering::Relaxed) & (1u64 << (id % 64)) != 0
    }
}
