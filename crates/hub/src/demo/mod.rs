//! Deterministic demo data: a plausible supplier with 2,000+ products, three customer tiers and
//! 60 customers with 12-digit codes, some ordering in tobacco-style cycles with allocations, stock on
//! part of the catalogue, and announcements. Used by `restock-hub demo-data`, the demo command and
//! tests.

mod names;
mod people;
mod supply;

pub use people::{SECOND_USER, STAFF};
pub use supply::{CYCLE_CUSTOMER, TUESDAY_CUSTOMER};

use crate::accounts::password;
use crate::db::{now_ms, Db};
use names::{CATEGORIES, DISTRICTS, SHOP_KINDS, SURNAMES};

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

pub async fn seed(db: &Db, size: DemoSize) -> Result<DemoSummary, sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers").fetch_one(&db.pool).await?;
    if existing > 0 {
        let products: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(&db.pool).await?;
        return Ok(DemoSummary { products: products as usize, customers: existing as usize, already_there: true });
    }
    let summary = db.write(move |tx| Box::pin(async move { Ok(write_demo(tx, size).await?) })).await.map_err(|e| match e {
        crate::error::HubError::Database(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    })?;
    tracing::info!(products = summary.products, customers = size.customers, "demo data seeded");
    Ok(summary)
}

async fn write_demo(tx: &mut crate::db::Tx, size: DemoSize) -> Result<DemoSummary, sqlx::Error> {
    let mut dice = Dice(20261123);
    let now = now_ms();

    let mut products = 0usize;
    'outer: for category in CATEGORIES {
        for (brand, origin) in category.brands {
            for item in category.items {
                for (spec, unit, pack) in category.specs {
                    if products >= size.products {
                        break 'outer;
                    }
                    products += 1;
                    let (low, high) = category.price_range_fen;
                    // Prices in whole jiao, as suppliers list them.
                    let mut base = (low + dice.below((high - low) as u64) as i64) / 10 * 10;
                    if products == 1 {
                        base = 25_000; // the domain brief's worked example: 250.00, tier B pays 230.00
                    }
                    let code = format!("{}", 100000 + products);
                    let status = if products.is_multiple_of(97) { "delisted" } else { "on_sale" };
                    let max = (category.name == "卷烟").then_some(50i64);
                    sqlx::query(
                        "INSERT INTO products (code, barcode, name, brand, category, origin, specification, unit,
                            pack_multiple, min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, updated_at,
                            tax_rate_bp, description)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
                    )
                    .bind(&code)
                    .bind(barcode(products as u64 * 7919))
                    .bind(format!("{brand}{item} {spec}"))
                    .bind(*brand)
                    .bind(category.name)
                    .bind(*origin)
                    .bind(*spec)
                    .bind(*unit)
                    .bind(i64::from(*pack))
                    .bind(i64::from(*pack))
                    .bind(max)
                    .bind(base)
                    .bind(base * 6 / 5 / 10 * 10)
                    .bind(status)
                    .bind(i64::from(products.is_multiple_of(50)))
                    .bind(now)
                    .bind(1300i64) // 增值税 13%, the rate for most goods
                    .bind(format!("{brand}{item}，{spec}，产自{origin}。每{unit}起订 {pack}。"))
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
    }

    // Tier A pays 90% of base, tier B 92%, tier C the base price.
    for (tier, rate) in [("A", "0.90"), ("B", "0.92")] {
        sqlx::query("INSERT INTO price_rules (tier, kind, rate) VALUES ($1, 'rate', $2)").bind(tier).bind(rate).execute(&mut **tx).await?;
    }

    // One salted hash for every demo user: hashing 60 times would only slow the demo down.
    let hash = password::hash(DEMO_PASSWORD);
    for n in 1..=size.customers {
        let code = format!("3301{:08}", n);
        let tier = ["A", "B", "C"][n % 3]; // customer 1 is tier B, 2 is C, 3 is A…
        let name = format!(
            "杭州市{}{}记{}",
            DISTRICTS[dice.below(DISTRICTS.len() as u64) as usize],
            SURNAMES[dice.below(SURNAMES.len() as u64) as usize],
            SHOP_KINDS[dice.below(SHOP_KINDS.len() as u64) as usize]
        );
        // Prepaid 100,000.00 each; tier A also has 50,000.00 of credit.
        let credit = (tier == "A").then_some(5_000_000i64);
        let customer_id: i64 = sqlx::query_scalar(
            "INSERT INTO customers (code, name, tier, prepaid_balance_fen, credit_limit_fen) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&code)
        .bind(&name)
        .bind(tier)
        .bind(10_000_000i64)
        .bind(credit)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO users (username, password_hash, customer_id, role, created_at) VALUES ($1, $2, $3, 'buyer', $4)")
            .bind(&code)
            .bind(&hash)
            .bind(customer_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }

    // The first customer (tier B) has its own fixed price (一口价) on the first product, for a month.
    let today = crate::calendar::Calendar::default().today();
    sqlx::query(
        "INSERT INTO price_rules (customer_id, product_code, kind, fixed_price_fen, valid_from, valid_to)
         SELECT id, '100001', 'fixed', 22800, $1, $2 FROM customers WHERE code = $3",
    )
    .bind((today - chrono::Days::new(15)).to_string())
    .bind((today + chrono::Days::new(15)).to_string())
    .bind(DEMO_USERNAME)
    .execute(&mut **tx)
    .await?;

    supply::seed(tx, &mut dice, products, size.customers, today, now).await?;
    people::seed(tx, &hash, size.customers, now).await?;
    // Orders over ¥20,000 of a branch's customer: reviewed by the branch, then by headquarters.
    sqlx::query("UPDATE review_rule SET hq_review_over_fen = $1 WHERE id = 1").bind(DEMO_HQ_REVIEW_OVER_FEN).execute(&mut **tx).await?;

    Ok(DemoSummary { products, customers: size.customers, already_there: false })
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
