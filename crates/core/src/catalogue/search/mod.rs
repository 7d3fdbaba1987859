//! Search as you type over the local catalogue, in memory.
//!
//! Codes and barcodes are matched by prefix, with a binary search over sorted lists. Names, brands
//! and their pinyin keys form one searchable text per product: a posting list per character and per
//! pair of adjacent characters narrows a term to the products holding all its pairs (`grams`).
//! This finds one- and two-character Chinese substrings too, which a trigram full-text index
//! cannot. Every term of a query must match.
//!
//! Products are numbered in code order, and hits are ranked as integer keys (`order`) over compact
//! per-product facts (`facts`); only the page returned is cloned out. A longer term's candidates are
//! checked for the whole term only as they come up in ranked order, until the page is full.

mod facts;
mod grams;
mod order;
mod pins;
mod terms;
mod text;

use facts::Facts;
use grams::Grams;
use pins::Pins;
use restock_protocol::catalogue::Product;
use restock_protocol::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use text::Texts;
use ts_rs::TS;

pub use text::{normalize, pinyin_keys};

/// Separates fields in the searchable text, so a query never matches across two fields.
const FIELD_BREAK: char = '\u{1}';

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortOrder {
    /// Exact code, then code prefix, then usual products, then best sellers, then by code.
    #[default]
    Relevance,
    /// 销量: best sellers of the last 30 days first.
    Sales,
    PriceAscending,
    PriceDescending,
    Code,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SearchQuery {
    pub text: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub origin: Option<String>,
    /// 价位: inclusive bounds on this customer's price.
    #[ts(type = "string | null")]
    pub min_price: Option<Money>,
    #[ts(type = "string | null")]
    pub max_price: Option<Money>,
    pub sort: SortOrder,
    pub limit: u32,
}

pub struct SearchIndex {
    /// In code order (normalised): a code prefix is one contiguous range of ids, and a smaller id
    /// is a smaller code, which is how every ranking breaks ties.
    products: Vec<Product>,
    /// Normalised codes, by id.
    codes: Vec<String>,
    /// (normalised barcode, id), sorted, for barcode prefixes.
    barcodes: Vec<(String, u32)>,
    texts: Texts,
    grams: Grams,
    facts: Facts,
    pins: Pins,
}

impl SearchIndex {
    /// `usual`: the codes of the customer's usual products (常用), ranked before the rest; later
    /// changes go through [`SearchIndex::set_usual`].
    pub fn build(mut products: Vec<Product>, usual: HashSet<String>) -> SearchIndex {
        assert!(products.len() < 1 << order::ID_BITS, "ids must fit a sort key");
        products.sort_by_cached_key(|p| normalize(&p.code));
        let codes: Vec<String> = products.iter().map(|p| normalize(&p.code)).collect();
        let mut barcodes: Vec<(String, u32)> = products.iter().enumerate().map(|(id, p)| (normalize(&p.barcode), id as u32)).collect();
        barcodes.sort_unstable();
        let (mut texts, mut grams, mut scratch) = (Texts::default(), Grams::new(), Vec::new());
        for (id, p) in products.iter().enumerate() {
            let text = text::searchable(&p.name, &p.brand);
            grams.add(id as u32, &text, &mut scratch);
            texts.push(&text);
        }
        grams.shrink();
        texts.shrink();
        let facts = Facts::build(&products);
        let pins = Pins::new(products.len());
        let index = SearchIndex { products, codes, barcodes, texts, grams, facts, pins };
        for code in &usual {
            index.set_usual(code, true);
        }
        index
    }

    /// Pins or unpins a usual product in place. False if no product has that code.
    pub fn set_usual(&self, code: &str, usual: bool) -> bool {
        let key = normalize(code);
        let start = self.codes.partition_point(|c| *c < key);
        let found = (start..self.codes.len()).take_while(|&id| self.codes[id] == key).find(|&id| self.products[id].code == code);
        found.inspect(|&id| self.pins.set(id as u32, usual)).is_some()
    }

    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    pub fn search(&self, query: &SearchQuery) -> Vec<Product> {
        let limit = if query.limit == 0 { 200 } else { query.limit as usize };
        let Some(filter) = self.facts.filter(query) else { return Vec::new() };
        let text = normalize(&query.text);
        let terms: Vec<terms::TermMatch> = text.split_whitespace().map(|t| self.term_match(t)).collect();
        let ranker = order::Ranker::new(query.sort, &self.pins, &terms);
        let key = |id: u32| filter.passes(&self.facts, id).then(|| ranker.key(id, &self.facts));
        let keys: Vec<u64> = match terms::candidates(&terms) {
            None => (0..self.products.len() as u32).filter_map(key).collect(),
            Some(ids) => ids.into_iter().filter_map(key).collect(),
        };
        let check = terms.iter().any(|t| !t.text_sure);
        let page = order::top(keys, limit, check, |id| terms.iter().all(|t| t.holds(self, id)));
        page.into_iter().map(|id| self.products[id as usize].clone()).collect()
    }
}

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod tests;
