//! Deterministic demo data: a plausible supplier with 2,000+ products, three customer tiers and
//! 60 customers with 12-digit codes, some ordering in tobacco-style cycles with allocations, stock on
//! part of the catalogue, and announcements. Used by `restock-hub demo-data`, the demo command and
//! tests.

mod names;
mod people;
mod review;
mod supply;

pub use people::{SECOND_USER, STAFF};
pub use supply::{CYCLE_CUSTOMER, TUESDAY_CUSTOMER};

use crate::accounts::password;
use crate::accounts::store::NewUser;
use crate::db::{now_ms, Db, Tx};
use crate::error::HubResult;
use names::{CATEGORIES, DISTRICTS, SHOP_KINDS, SURNAMES};
use restock_protocol::accounts::UserRole;
use restock_protocol::catalogue::{ProductRecord, ProductStatus};
use restock_protocol::money::from_fen;
use restock_protocol::pricing::PriceRuleRecord;
use rust_decimal::Decimal;

pub const DEMO_PASSWORD: &str = "restock-demo";
/// The first demo customer; its user name is its customer code.
pub const DEMO_USERNAME: &str = "330100000001";

#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// At most this many products (the word lists give 2,154).
    pub products: usize,
    pub customers: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize { products: usize::MAX, customers: 60 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub products: usize,
    pub customers: usize,
    pub already_there: bool,
}

/// SplitMix64: a tiny deterministic generator, so the same demo comes out on every machine.
pub(crate) struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// EAN-13 with a Chinese (69x) prefix and a correct check digit.
fn barcode(serial: u64) -> String {
    let body = format!("69{:010}", serial);
    let sum: u32 = body.chars().enumerate().map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 }).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Seeds the demo once; a database that already has customers is left alone.
/// The demo's review rule: orders above ¥20,000.00 of a branch's customer get two reviews.
pub const DEMO_HQ_REVIEW_OVER_FEN: i64 = 2_000_000;

pub async fn seed(db: &Db, size: DemoSize) -> HubResult<DemoSummary> {
    let mut conn = db.pool.acquire().await?;
    let existing = crate::customers::store::count(&mut conn).await?;
    if existing > 0 {
        let products = crate::catalogue::store::count(&mut conn).await?;
        return Ok(DemoSummary { products: products as usize, customers: existing as usize, already_there: true });
    }
    drop(conn);
    // One salted hash for every demo user: hashing 60 times would only slow the demo down.
    let hash = password::hash(DEMO_PASSWORD);
    // The supplier's clock, for the orders the demo places as its customers would.
    let state = crate::AppState::new(db.clone());
    let summary = db.write(move |tx| Box::pin(async move { write_demo(tx, &state, size, &hash).await })).await?;
    tracing::info!(products = summary.products, customers = size.customers, "demo data seeded");
    Ok(summary)
}

/// The demo's products, from the word lists: prices in whole jiao, as suppliers list them.
fn products(dice: &mut Dice, most: usize) -> Vec<ProductRecord> {
    let mut products = Vec::new();
    'outer: for category in CATEGORIES {
        for (brand, origin) in category.brands {
            for item in category.items {
                for (spec, unit, pack) in category.specs {
                    if products.len() >= most {
                        break 'outer;
                    }
                    let n = products.len() + 1;
                    let (low, high) = category.price_range_fen;
                    let mut base = (low + dice.below((high - low) as u64) as i64) / 10 * 10;
                    if n == 1 {
                        base = 25_000; // the domain brief's worked example: 250.00, tier B pays 230.00
                    }
                    products.push(ProductRecord {
                        code: format!("{}", 100000 + n),
                        barcode: barcode(n as u64 * 7919),
                        name: format!("{brand}{item} {spec}"),
                        brand: (*brand).to_owned(),
                        category: category.name.to_owned(),
                        origin: (*origin).to_owned(),
                        specification: (*spec).to_owned(),
                        unit: (*unit).to_owned(),
                        pack_multiple: *pack,
                        min_per_order: *pack,
                        max_per_order: (category.name == "卷烟").then_some(50),
                        base_price: from_fen(base),
                        retail_price: Some(from_fen(base * 6 / 5 / 10 * 10)),
                        status: if n.is_multiple_of(97) { ProductStatus::Delisted } else { ProductStatus::OnSale },
                        is_new: n.is_multiple_of(50),
                        tax_rate: Some(Decimal::new(13, 0)), // 增值税 13%, the rate for most goods
                        description: format!("{brand}{item}，{spec}，产自{origin}。每{unit}起订 {pack}。"),
                    });
                }
            }
        }
    }
    products
}

async fn write_demo(tx: &mut Tx, state: &crate::AppState, size: DemoSize, hash: &str) -> HubResult<DemoSummary> {
    let mut dice = Dice(20261123);
    let now = now_ms();
    let catalogue = products(&mut dice, size.products);
    crate::catalogue::store::upsert(tx, &catalogue, now).await?;

    // Tier A pays 90% of base, tier B 92%, tier C the base price.
    for (tier, rate) in [("A", Decimal::new(90, 2)), ("B", Decimal::new(92, 2))] {
        let rule = PriceRuleRecord { tier: Some(tier.into()), rate: Some(rate), ..PriceRuleRecord::default() };
        crate::pricing::store::insert(tx, &rule, None, "rate").await?;
    }

    for n in 1..=size.customers {
        let code = format!("3301{:08}", n);
        let tier = ["A", "B", "C"][n % 3]; // customer 1 is tier B, 2 is C, 3 is A…
        let name = format!(
            "杭州市{}{}记{}",
            DISTRICTS[dice.below(DISTRICTS.len() as u64) as usize],
            SURNAMES[dice.below(SURNAMES.len() as u64) as usize],
            SHOP_KINDS[dice.below(SHOP_KINDS.len() as u64) as usize]
        );
        let customer_id = crate::customers::store::insert(tx, &code, &name, tier, None, "active").await?.expect("a fresh database");
        // Prepaid 100,000.00 each; tier A also has 50,000.00 of credit.
        let credit = (tier == "A").then(|| from_fen(5_000_000));
        crate::customers::store::set_balance(tx, customer_id, Some(from_fen(10_000_000)), credit).await?;
        let user = NewUser::of_customer(&code, hash, customer_id, UserRole::Buyer, false, now);
        crate::accounts::store::insert_user(tx, &user).await?;
    }

    // The first customer (tier B) has its own fixed price (一口价) on the first product, for a month.
    let today = crate::calendar::Calendar::default().today();
    if let Some(first) = crate::customers::store::visible_id(tx, None, DEMO_USERNAME).await? {
        let rule = PriceRuleRecord {
            customer_code: Some(DEMO_USERNAME.into()),
            product_code: Some("100001".into()),
            fixed_price: Some(from_fen(22_800)),
            valid_from: Some(today - chrono::Days::new(15)),
            valid_to: Some(today + chrono::Days::new(15)),
            ..PriceRuleRecord::default()
        };
        crate::pricing::store::insert(tx, &rule, Some(first), "fixed").await?;
    }

    supply::seed(tx, &mut dice, catalogue.len(), size.customers, today, now).await?;
    people::seed(tx, hash, size.customers, now).await?;
    // Orders over ¥20,000 of a branch's customer: reviewed by the branch, then by headquarters.
    crate::review::store::set_hq_review_over(tx, Some(crate::db::Fen(DEMO_HQ_REVIEW_OVER_FEN))).await?;
    // Orders waiting for review at each level, in the current cycle.
    review::seed(tx, state, &catalogue, size.customers, now).await?;
    Ok(DemoSummary { products: catalogue.len(), customers: size.customers, already_there: false })
}

#[cfg(test)]
mod tests {
    #[test]
    fn barcodes_have_valid_check_digits() {
        // 6901234567892 is a valid EAN-13.
        let code = super::barcode(1234567);
        assert_eq!(code.len(), 13);
        assert!(code.starts_with("69"));
    }
}
