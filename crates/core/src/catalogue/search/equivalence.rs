//! The index against a naive search written straight from the rules (every field scanned, every
//! hit sorted), over random small catalogues and random queries: the same products, in the same
//! order. A seeded generator rather than proptest keeps core's dependencies as they are; a failing
//! seed is printed and reruns the same case.

use super::*;
use rust_decimal::Decimal;
use std::cmp::Reverse;

/// xorshift64*: small, deterministic, good enough to pick test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T: ?Sized>(&mut self, from: &[&'a T]) -> &'a T {
        from[self.below(from.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

// Few, overlapping pieces, so that random queries often hit, half-hit and cross fields.
const NAME_PARTS: &[&str] = &[
    "中华",
    "华润",
    "软",
    "硬",
    "中",
    "可口可乐",
    "可乐",
    "怡宝",
    "水",
    "生抽",
    "ab",
    "Ab",
    "ｂｃ",
    "550ml",
    "50ml",
    "×24瓶",
    " ",
    "1号",
    "支",
];
const BRANDS: &[&str] = &["中华", "华润", "可口可乐", "海天", "AB"];
const CATEGORIES: &[&str] = &["卷烟", "饮料", "调味品"];
const ORIGINS: &[&str] = &["上海", "杭州"];
const QUERY_CHARS: &[&str] =
    &["中", "华", "软", "可", "乐", "水", "z", "h", "k", "l", "a", "b", "c", "5", "0", "m", "1", "6", "9", "ｚ", "H"];

fn catalogue(rng: &mut Rng) -> Vec<Product> {
    let count = 1 + rng.below(40);
    let mut codes: Vec<String> = Vec::new();
    while codes.len() < count {
        // Codes of two to four digits, often sharing a prefix, some a prefix of others.
        let span = if rng.chance(50) { 60 } else { 9000 };
        let number = 10 + rng.below(span);
        // Some codes have letters, found lower-case (`a1` finds A12).
        let code = if rng.chance(10) { format!("A{number}") } else { number.to_string() };
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let name: String = (0..1 + rng.below(4)).map(|_| rng.pick(NAME_PARTS)).collect();
            let price = Decimal::new(100 * (1 + rng.below(8)) as i64, 2);
            Product {
                barcode: match rng.below(10) {
                    0 | 1 => code.clone(),
                    // Found by `ab…`, but as typed it is not the stored barcode: no exact-barcode rank.
                    2 => format!("AB{code}"),
                    _ => format!("69{}{}", rng.below(100), code),
                },
                brand: rng.pick(BRANDS).into(),
                category: rng.pick(CATEGORIES).into(),
                origin: rng.pick(ORIGINS).into(),
                sales: rng.below(4) as u32 * 10,
                ..Product::on_sale(code, name, "箱", price)
            }
        })
        .collect()
}

/// A piece of what a product can be found by, or random characters.
fn query_text(rng: &mut Rng, products: &[Product]) -> String {
    let p = &products[rng.below(products.len())];
    let (full, letters, consonants) = pinyin_keys(&p.name);
    let source: String = match rng.below(7) {
        0 => p.code.clone(),
        1 => p.barcode.clone(),
        2 => p.name.clone(),
        3 => full,
        4 => letters,
        5 => consonants,
        _ => (0..1 + rng.below(5)).map(|_| rng.pick(QUERY_CHARS)).collect(),
    };
    let chars: Vec<char> = source.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let start = rng.below(chars.len());
    let len = 1 + rng.below((chars.len() - start).min(6));
    chars[start..start + len].iter().collect()
}

fn query(rng: &mut Rng, products: &[Product]) -> SearchQuery {
    let mut text = query_text(rng, products);
    if rng.chance(25) {
        text = format!("{text} {}", query_text(rng, products));
    }
    if rng.chance(10) {
        text.clear();
    }
    SearchQuery {
        text,
        category: rng.chance(15).then(|| rng.pick(CATEGORIES).into()),
        brand: rng.chance(10).then(|| rng.pick(&[BRANDS, &["无此品牌"]].concat()).into()),
        origin: rng.chance(10).then(|| rng.pick(ORIGINS).into()),
        min_price: rng.chance(15).then(|| Decimal::new(100 * rng.below(9) as i64, 2)),
        max_price: rng.chance(15).then(|| Decimal::new(100 * rng.below(9) as i64, 2)),
        sort: [SortOrder::Relevance, SortOrder::Sales, SortOrder::PriceAscending, SortOrder::PriceDescending, SortOrder::Code]
            [rng.below(5)],
        limit: if rng.chance(30) { 0 } else { 1 + rng.below(12) as u32 },
    }
}

/// The rules, scanned: what the index must return.
fn naive(products: &[Product], usual: &HashSet<String>, q: &SearchQuery) -> Vec<String> {
    let text = normalize(&q.text);
    let terms: Vec<&str> = text.split_whitespace().collect();
    let matches = |p: &Product, term: &str| {
        let (full, letters, consonants) = pinyin_keys(&p.name);
        normalize(&p.code).starts_with(term)
            || normalize(&p.barcode).starts_with(term)
            || [&p.name, &p.brand, &full, &letters, &consonants].iter().any(|field| normalize(field).contains(term))
    };
    let mut hits: Vec<&Product> = products
        .iter()
        .filter(|p| terms.iter().all(|t| matches(p, t)))
        .filter(|p| q.category.as_ref().is_none_or(|c| &p.category == c))
        .filter(|p| q.brand.as_ref().is_none_or(|b| &p.brand == b))
        .filter(|p| q.origin.as_ref().is_none_or(|o| &p.origin == o))
        .filter(|p| q.min_price.is_none_or(|m| p.price >= m) && q.max_price.is_none_or(|m| p.price <= m))
        .collect();
    let relevance = |p: &Product| match terms.as_slice() {
        [only] if normalize(&p.code) == *only || p.barcode == *only => 0,
        [only] if normalize(&p.code).starts_with(only) => 1,
        _ if usual.contains(&p.code) => 2,
        _ => 3,
    };
    hits.sort_by(|a, b| {
        let primary = match q.sort {
            SortOrder::Relevance => (relevance(a), Reverse(a.sales)).cmp(&(relevance(b), Reverse(b.sales))),
            SortOrder::Sales => b.sales.cmp(&a.sales),
            SortOrder::PriceAscending => a.price.cmp(&b.price),
            SortOrder::PriceDescending => b.price.cmp(&a.price),
            SortOrder::Code => std::cmp::Ordering::Equal,
        };
        primary.then_with(|| normalize(&a.code).cmp(&normalize(&b.code)))
    });
    let limit = if q.limit == 0 { 200 } else { q.limit as usize };
    hits.into_iter().take(limit).map(|p| p.code.clone()).collect()
}

#[test]
fn the_index_finds_what_a_scan_of_the_rules_finds() {
    for seed in 1..=300u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let products = catalogue(&mut rng);
        let mut usual: HashSet<String> = products.iter().filter(|_| rng.chance(20)).map(|p| p.code.clone()).collect();
        let index = SearchIndex::build(products.clone(), usual.clone());
        for round in 0..40 {
            // Pins change between queries, as the buyer pins and unpins.
            if rng.chance(20) {
                let code = products[rng.below(products.len())].code.clone();
                let pinned = !usual.remove(&code);
                if pinned {
                    usual.insert(code.clone());
                }
                assert!(index.set_usual(&code, pinned));
            }
            let q = query(&mut rng, &products);
            let found: Vec<String> = index.search(&q).into_iter().map(|p| p.code).collect();
            assert_eq!(found, naive(&products, &usual, &q), "seed {seed}, round {round}, query {q:?}");
        }
    }
}

#[test]
fn a_long_term_is_checked_whole_and_the_page_still_fills() {
    // Every product holds the pairs of `abc` ("ab" and "bc") but only some hold `abc` itself; those
    // that don't come first in code order, so the page must skip them and go on.
    let mut products = Vec::new();
    for n in 0..30 {
        let name = if n < 20 { "ab bc" } else { "xabcx" };
        let mut p = catalogue(&mut Rng(7)).remove(0);
        p.code = format!("{}", 5000 + n);
        p.barcode = format!("69{n}");
        p.name = name.into();
        p.brand = "AB".into();
        products.push(p);
    }
    let index = SearchIndex::build(products, HashSet::new());
    let q = SearchQuery { text: "abc".into(), sort: SortOrder::Code, limit: 5, ..Default::default() };
    let found: Vec<String> = index.search(&q).into_iter().map(|p| p.code).collect();
    assert_eq!(found, ["5020", "5021", "5022", "5023", "5024"]);
    assert!(!index.set_usual("no such code", true));
}
