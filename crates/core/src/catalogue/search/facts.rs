//! What filters and sorts read for each hit, packed small and kept apart (a column each): category,
//! brand and origin as numbers (a filter compares integers, not strings), the price as its rank
//! among the catalogue's prices (a price band becomes a range of ranks), and sales. A query reads
//! only the columns its filters and sort need, so a broad search touches as little memory as it can.

use super::SearchQuery;
use restock_protocol::catalogue::Product;
use restock_protocol::money::Money;
use std::collections::HashMap;
use std::ops::Range;

pub(super) struct Facts {
    pub sales: Vec<u32>,
    /// Position of each price among the catalogue's distinct prices, ascending: equal prices, equal ranks.
    pub price: Vec<u32>,
    prices: Vec<Money>,
    category: Column,
    brand: Column,
    origin: Column,
}

/// A text attribute as small numbers, by id, with the numbers' names.
struct Column {
    of: Vec<u32>,
    names: HashMap<String, u32>,
}

/// A query's filters in the facts' terms. `None` filters nothing.
pub(super) struct Filter {
    category: Option<u32>,
    brand: Option<u32>,
    origin: Option<u32>,
    prices: Option<Range<u32>>,
}

impl Column {
    fn build<'p>(values: impl Iterator<Item = &'p str>) -> Column {
        let mut names: HashMap<String, u32> = HashMap::new();
        let of = values
            .map(|v| match names.get(v) {
                Some(&n) => n,
                None => {
                    let n = names.len() as u32;
                    names.insert(v.to_owned(), n);
                    n
                }
            })
            .collect();
        Column { of, names }
    }

    /// `Some(None)` filters nothing; `None`: a value no product has, so nothing can pass.
    fn wanted(&self, value: &Option<String>) -> Option<Option<u32>> {
        match value {
            None => Some(None),
            Some(name) => self.names.get(name).map(|&n| Some(n)),
        }
    }
}

impl Facts {
    /// `products` in id order.
    pub(super) fn build(products: &[Product]) -> Facts {
        let mut prices: Vec<Money> = products.iter().map(|p| p.price).collect();
        prices.sort_unstable();
        prices.dedup();
        Facts {
            sales: products.iter().map(|p| p.sales).collect(),
            price: products.iter().map(|p| prices.partition_point(|&x| x < p.price) as u32).collect(),
            category: Column::build(products.iter().map(|p| p.category.as_str())),
            brand: Column::build(products.iter().map(|p| p.brand.as_str())),
            origin: Column::build(products.iter().map(|p| p.origin.as_str())),
            prices,
        }
    }

    /// `None` when a filter names a category, brand or origin no product has: nothing can pass.
    pub(super) fn filter(&self, q: &SearchQuery) -> Option<Filter> {
        let prices = (q.min_price.is_some() || q.max_price.is_some()).then(|| {
            let low = q.min_price.map_or(0, |m| self.prices.partition_point(|&p| p < m));
            let high = q.max_price.map_or(self.prices.len(), |m| self.prices.partition_point(|&p| p <= m));
            low as u32..high as u32
        });
        Some(Filter {
            category: self.category.wanted(&q.category)?,
            brand: self.brand.wanted(&q.brand)?,
            origin: self.origin.wanted(&q.origin)?,
            prices,
        })
    }
}

impl Filter {
    pub(super) fn passes(&self, facts: &Facts, id: u32) -> bool {
        let id = id as usize;
        self.category.is_none_or(|c| c == facts.category.of[id])
            && self.brand.is_none_or(|b| b == facts.brand.of[id])
            && self.origin.is_none_or(|o| o == facts.origin.of[id])
            && self.prices.as_ref().is_none_or(|r| r.contains(&facts.price[id]))
    }
}
