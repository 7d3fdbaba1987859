//! Ranking as integers: each hit gets one `u64` key, its sort order's criterion in the high bits
//! and its id (code order, which breaks ties) in the low ones. Only the first page is then picked
//! out and sorted; no product is touched until the page is known.

use super::facts::Facts;
use super::pins::Pins;
use super::terms::TermMatch;
use super::SortOrder;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

pub(super) const ID_BITS: u32 = 30;

pub(super) struct Ranker<'a> {
    sort: SortOrder,
    pins: &'a Pins,
    /// For a one-term query: the ids whose code or barcode is the term, and whose code starts with it.
    exact_codes: Range<u32>,
    exact_barcodes: Vec<u32>,
    prefix: Range<u32>,
}

impl<'a> Ranker<'a> {
    pub(super) fn new(sort: SortOrder, pins: &'a Pins, terms: &[TermMatch]) -> Ranker<'a> {
        let (exact_codes, exact_barcodes, prefix) = match terms {
            [only] => (only.exact_codes.clone(), only.exact_barcodes.clone(), only.codes.clone()),
            _ => (0..0, Vec::new(), 0..0),
        };
        Ranker { sort, pins, exact_codes, exact_barcodes, prefix }
    }

    pub(super) fn key(&self, id: u32, facts: &Facts) -> u64 {
        let (sales, price) = (|| facts.sales[id as usize], || facts.price[id as usize]);
        let primary = match self.sort {
            SortOrder::Relevance => (u64::from(self.relevance(id)) << 32) | u64::from(!sales()),
            SortOrder::Sales => u64::from(!sales()),
            SortOrder::PriceAscending => u64::from(price()),
            SortOrder::PriceDescending => u64::from(!price()),
            SortOrder::Code => 0,
        };
        (primary << ID_BITS) | u64::from(id)
    }

    /// 0 exact code or barcode, 1 code prefix, 2 usual product, 3 the rest.
    fn relevance(&self, id: u32) -> u8 {
        if self.exact_codes.contains(&id) || self.exact_barcodes.binary_search(&id).is_ok() {
            0
        } else if self.prefix.contains(&id) {
            1
        } else if self.pins.get(id) {
            2
        } else {
            3
        }
    }
}

/// The ids of the `limit` smallest keys, in order, that `holds` accepts. Unless `check`, every key
/// is accepted and a selection does it; otherwise keys come off a heap in order and are checked
/// one by one until the page is full, so a broad term is checked only for the hits shown.
pub(super) fn top(mut keys: Vec<u64>, limit: usize, check: bool, mut holds: impl FnMut(u32) -> bool) -> Vec<u32> {
    let id = |key: u64| (key & ((1 << ID_BITS) - 1)) as u32;
    if !check {
        if keys.len() > limit {
            keys.select_nth_unstable(limit);
            keys.truncate(limit);
        }
        keys.sort_unstable();
        return keys.into_iter().map(id).collect();
    }
    let mut heap: BinaryHeap<Reverse<u64>> = keys.into_iter().map(Reverse).collect();
    let mut page = Vec::with_capacity(limit.min(heap.len()));
    while page.len() < limit {
        let Some(Reverse(key)) = heap.pop() else { break };
        if holds(id(key)) {
            page.push(id(key));
        }
    }
    page
}
