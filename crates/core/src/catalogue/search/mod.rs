//! Search as you type over the local catalogue, in memory.
//!
//! Codes and barcodes are matched by prefix, with a binary search over sorted lists. Names, brands
//! and their pinyin keys form one searchable text per product: a posting list per character and per
//! pair of adjacent characters narrows a term to the few products holding all its pairs, which are
//! then checked for the whole term. This finds one- and two-character Chinese substrings too, which
//! a trigram full-text index cannot. Every term of a query must match.

mod text;

use restock_protocol::catalogue::Product;
use restock_protocol::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
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

struct Entry {
    product: Product,
    text: String,
    code: String,
}

pub struct SearchIndex {
    /// In code order, so the products whose code starts with a prefix are one contiguous range.
    entries: Vec<Entry>,
    barcodes: Vec<(String, u32)>,
    postings: HashMap<u64, Vec<u32>>,
    usual: HashSet<String>,
}

fn gram_key(a: char, b: Option<char>) -> u64 {
    (u64::from(u32::from(a)) << 32) | u64::from(b.map_or(0x11_0000, u32::from))
}

impl SearchIndex {
    /// `usual`: the codes of the customer's usual products (常用), ranked before the rest.
    pub fn build(mut products: Vec<Product>, usual: HashSet<String>) -> SearchIndex {
        products.sort_by_cached_key(|p| normalize(&p.code));
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut entries = Vec::with_capacity(products.len());
        let mut barcodes = Vec::with_capacity(products.len());
        for (id, product) in products.into_iter().enumerate() {
            let (full, letters, consonants) = pinyin_keys(&product.name);
            let text = normalize(&[product.name.as_str(), &product.brand, &full, &letters, &consonants].join(&FIELD_BREAK.to_string()));
            let chars: Vec<char> = text.chars().collect();
            let mut seen = HashSet::new();
            for (i, &c) in chars.iter().enumerate() {
                if c == FIELD_BREAK {
                    continue;
                }
                seen.insert(gram_key(c, None));
                if let Some(&next) = chars.get(i + 1).filter(|&&n| n != FIELD_BREAK) {
                    seen.insert(gram_key(c, Some(next)));
                }
            }
            for key in seen {
                postings.entry(key).or_default().push(id as u32);
            }
            barcodes.push((normalize(&product.barcode), id as u32));
            entries.push(Entry { code: normalize(&product.code), text, product });
        }
        barcodes.sort();
        SearchIndex { entries, barcodes, postings, usual }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn search(&self, query: &SearchQuery) -> Vec<Product> {
        let terms: Vec<String> = normalize(&query.text).split_whitespace().map(str::to_owned).collect();
        let candidates: Box<dyn Iterator<Item = u32>> = match terms.split_first() {
            None => Box::new(0..self.entries.len() as u32),
            Some((first, rest)) => {
                let mut ids = self.matching(first);
                for term in rest {
                    let more = self.matching(term);
                    ids.retain(|id| more.binary_search(id).is_ok());
                }
                Box::new(ids.into_iter())
            }
        };
        let mut hits: Vec<(u8, &Entry)> = candidates
            .map(|id| &self.entries[id as usize])
            .filter(|e| self.passes_filters(e, query))
            .map(|e| (self.rank(e, &terms), e))
            .collect();
        let order = |(ra, a): &(u8, &Entry), (rb, b): &(u8, &Entry)| {
            let primary = match query.sort {
                SortOrder::Relevance => ra.cmp(rb).then_with(|| b.product.sales.cmp(&a.product.sales)),
                SortOrder::Sales => b.product.sales.cmp(&a.product.sales),
                SortOrder::PriceAscending => a.product.price.cmp(&b.product.price),
                SortOrder::PriceDescending => b.product.price.cmp(&a.product.price),
                SortOrder::Code => std::cmp::Ordering::Equal,
            };
            primary.then_with(|| a.code.cmp(&b.code))
        };
        let limit = if query.limit == 0 { 200 } else { query.limit as usize };
        // Only the first `limit` need sorting: select them first, so a broad query stays cheap.
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit, order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);
        hits.into_iter().take(limit).map(|(_, e)| e.product.clone()).collect()
    }

    /// The ids, ascending, of products whose code or barcode starts with `term` or whose text holds it.
    fn matching(&self, term: &str) -> Vec<u32> {
        let by_code = {
            let start = self.entries.partition_point(|e| e.code.as_str() < term);
            let end = start + self.entries[start..].partition_point(|e| e.code.starts_with(term));
            start as u32..end as u32
        };
        let start = self.barcodes.partition_point(|(b, _)| b.as_str() < term);
        let by_barcode = self.barcodes[start..].iter().take_while(|(b, _)| b.starts_with(term)).map(|(_, id)| *id);
        // A term of one or two characters is exactly its posting list; longer ones must be checked whole.
        let exact = term.chars().count() <= 2;
        let by_text = self.narrow(term).into_iter().filter(|&id| exact || self.entries[id as usize].text.contains(term));
        let mut ids: Vec<u32> = by_code.chain(by_barcode).chain(by_text).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Products holding every character pair of `term` (or its only character).
    fn narrow(&self, term: &str) -> Vec<u32> {
        let chars: Vec<char> = term.chars().collect();
        let mut lists: Vec<&[u32]> = if chars.len() == 1 {
            vec![self.postings.get(&gram_key(chars[0], None)).map_or(&[], Vec::as_slice)]
        } else {
            chars.windows(2).map(|pair| self.postings.get(&gram_key(pair[0], Some(pair[1]))).map_or(&[][..], Vec::as_slice)).collect()
        };
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else { return Vec::new() };
        rest.iter().fold(first.to_vec(), |acc, list| intersect(&acc, list))
    }

    fn rank(&self, e: &Entry, terms: &[String]) -> u8 {
        match terms {
            [only] if e.code == *only || e.product.barcode == *only => 0,
            [only] if e.code.starts_with(only.as_str()) => 1,
            _ if self.usual.contains(&e.product.code) => 2,
            _ => 3,
        }
    }

    fn passes_filters(&self, e: &Entry, q: &SearchQuery) -> bool {
        let p = &e.product;
        q.category.as_ref().is_none_or(|c| &p.category == c)
            && q.brand.as_ref().is_none_or(|b| &p.brand == b)
            && q.origin.as_ref().is_none_or(|o| &p.origin == o)
            && q.min_price.is_none_or(|m| p.price >= m)
            && q.max_price.is_none_or(|m| p.price <= m)
    }
}

/// Ids in both ascending lists: a merge when the lists are of like size, a binary search of the
/// longer one when it dwarfs the shorter.
fn intersect(short: &[u32], long: &[u32]) -> Vec<u32> {
    if long.len() > short.len() * 16 {
        return short.iter().copied().filter(|id| long.binary_search(id).is_ok()).collect();
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(short.len()));
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

#[cfg(test)]
mod tests;
