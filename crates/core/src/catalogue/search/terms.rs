//! What one term of a query matches: products whose code or barcode starts with it, and those
//! whose text (name, brand, pinyin keys) holds it.

use super::grams::intersect;
use super::SearchIndex;
use std::ops::Range;

pub(super) struct TermMatch<'q> {
    pub term: &'q str,
    /// Ids whose code starts with the term: one range, ids being in code order.
    pub codes: Range<u32>,
    /// The start of `codes` whose code is the term itself.
    pub exact_codes: Range<u32>,
    /// Ids, ascending, whose barcode starts with the term.
    pub barcodes: Vec<u32>,
    /// Ids, ascending, whose barcode as stored is the term itself.
    pub exact_barcodes: Vec<u32>,
    /// Ids, ascending, whose text holds the term, or may (see `text_sure`).
    pub text: Vec<u32>,
    /// Whether every id in `text` surely holds the term; if not, [`TermMatch::holds`] checks.
    pub text_sure: bool,
}

impl SearchIndex {
    pub(super) fn term_match<'q>(&self, term: &'q str) -> TermMatch<'q> {
        let start = self.codes.partition_point(|c| c.as_str() < term);
        let end = start + self.codes[start..].partition_point(|c| c.starts_with(term));
        let exact_end = start + self.codes[start..end].partition_point(|c| c == term);
        let first = self.barcodes.partition_point(|(b, _)| b.as_str() < term);
        let prefixed = &self.barcodes[first..first + self.barcodes[first..].partition_point(|(b, _)| b.starts_with(term))];
        let mut barcodes: Vec<u32> = prefixed.iter().map(|&(_, id)| id).collect();
        barcodes.sort_unstable();
        // Equal barcodes sort first among those the term prefixes; ranking compares them unnormalised.
        let mut exact_barcodes: Vec<u32> = prefixed
            .iter()
            .take_while(|(b, _)| b == term)
            .map(|&(_, id)| id)
            .filter(|&id| self.products[id as usize].barcode == term)
            .collect();
        exact_barcodes.sort_unstable();
        let (text, text_sure) = self.grams.narrow(term);
        TermMatch {
            term,
            codes: start as u32..end as u32,
            exact_codes: start as u32..exact_end as u32,
            barcodes,
            exact_barcodes,
            text,
            text_sure,
        }
    }
}

impl TermMatch<'_> {
    /// Every id the term may match, ascending: the text's ids with the code range spliced in, and
    /// the barcodes' merged.
    pub(super) fn candidates(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.text.len() + self.codes.len() + self.barcodes.len());
        let split = self.text.partition_point(|&id| id < self.codes.start);
        ids.extend_from_slice(&self.text[..split]);
        ids.extend(self.codes.clone());
        ids.extend(self.text[split..].iter().filter(|&&id| id >= self.codes.end));
        if !self.barcodes.is_empty() {
            ids.extend_from_slice(&self.barcodes);
            ids.sort_unstable();
            ids.dedup();
        }
        ids
    }

    /// Whether product `id`, one of [`TermMatch::candidates`], really matches.
    pub(super) fn holds(&self, index: &SearchIndex, id: u32) -> bool {
        self.text_sure || self.codes.contains(&id) || self.barcodes.binary_search(&id).is_ok() || index.texts.get(id).contains(self.term)
    }
}

/// The ids every term may match, ascending; `None` for a query without terms (everything matches).
pub(super) fn candidates(terms: &[TermMatch]) -> Option<Vec<u32>> {
    let mut each: Vec<Vec<u32>> = terms.iter().map(TermMatch::candidates).collect();
    each.sort_by_key(Vec::len);
    let mut lists = each.into_iter();
    let first = lists.next()?;
    Some(lists.fold(first, |acc, l| intersect(&acc, &l)))
}
