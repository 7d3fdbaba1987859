//! Posting lists: for every character and every pair of adjacent characters in the products'
//! texts, the ascending ids of the products holding it. A term of one or two characters is exactly
//! one list; a longer term is narrowed to the products holding all its pairs, which may still not
//! hold the term itself (`ab…bc` holds `ab` and `bc` but not `abc`), so those are checked later.

use super::FIELD_BREAK;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(super) struct Grams {
    lists: HashMap<u64, Vec<u32>, BuildHasherDefault<GramHasher>>,
}

fn key(a: char, b: Option<char>) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(b.map_or(0x11_0000, u32::from))
}

impl Grams {
    pub(super) fn new() -> Grams {
        Grams { lists: HashMap::default() }
    }

    /// Adds product `id`'s text; ids must come in ascending order.
    pub(super) fn add(&mut self, id: u32, text: &str, scratch: &mut Vec<u64>) {
        scratch.clear();
        let mut previous: Option<char> = None;
        for c in text.chars() {
            if c == FIELD_BREAK {
                previous = None;
                continue;
            }
            scratch.push(key(c, None));
            if let Some(p) = previous {
                scratch.push(key(p, Some(c)));
            }
            previous = Some(c);
        }
        scratch.sort_unstable();
        scratch.dedup();
        for &k in scratch.iter() {
            self.lists.entry(k).or_default().push(id);
        }
    }

    pub(super) fn shrink(&mut self) {
        self.lists.values_mut().for_each(Vec::shrink_to_fit);
    }

    /// The ids, ascending, of products that may hold `term`, and whether they all surely do.
    pub(super) fn narrow(&self, term: &str) -> (Vec<u32>, bool) {
        let chars: Vec<char> = term.chars().collect();
        let list = |k| self.lists.get(&k).map_or(&[][..], Vec::as_slice);
        let mut lists: Vec<&[u32]> = match chars.as_slice() {
            [] => return (Vec::new(), true),
            [only] => vec![list(key(*only, None))],
            _ => chars.windows(2).map(|pair| list(key(pair[0], Some(pair[1])))).collect(),
        };
        lists.sort_by_key(|l| l.len());
        let ids = lists[1..].iter().fold(lists[0].to_vec(), |acc, l| intersect(&acc, l));
        (ids, chars.len() <= 2)
    }
}

/// Ids in both ascending lists: a merge when the lists are of like size, a binary search of the
/// longer one when it dwarfs the shorter.
pub(super) fn intersect(short: &[u32], long: &[u32]) -> Vec<u32> {
    if long.len() > short.len() * 16 {
        return short.iter().copied().filter(|id| long.binary_search(id).is_ok()).collect();
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(short.len().min(long.len())));
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(short[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The keys are our own catalogue's characters, not an attacker's: a fast mix (splitmix64's
/// finaliser) instead of SipHash, which was most of the build's hashing time.
#[derive(Default)]
pub(super) struct GramHasher(u64);

impl Hasher for GramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let mut z = (self.0 ^ n).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.0 = z ^ (z >> 31);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
