//! Catalogue sync over loopback: the first pull of 100,000 products into the desk's store, then a
//! delta after 1% of them changed, timed through `Desk::sync_catalogue` and weighed on the wire
//! (gzip, as the desk receives it). `cargo bench -p restock-core --bench sync`

use restock_core::accounts::credentials::MemoryOnly;
use restock_core::Desk;
use restock_hub::demo::{self, DemoSize};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PRODUCTS: usize = 100_000;
const RUNS: usize = 5;

const BRANDS: &[&str] = &["中华", "玉溪", "农夫山泉", "康师傅", "娃哈哈", "青岛啤酒", "伊利", "旺旺", "海天", "金龙鱼", "蓝月亮", "心相印"];
const ITEMS: &[&str] = &["软", "硬", "饮用天然水", "冰红茶", "纯生", "纯牛奶", "雪饼", "生抽", "大豆油", "洗衣液", "抽纸", "典藏"];

/// Bytes of one pull as sent (gzip), and its cursor.
async fn weigh(url: &str, token: &str, since: Option<&str>) -> (usize, String) {
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let mut request = raw.get(format!("{url}/api/v1/catalogue/changes")).bearer_auth(token).header("accept-encoding", "gzip");
    if let Some(cursor) = since {
        request = request.query(&[("since", cursor)]);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    let bytes = response.bytes().await.unwrap();
    let plain = reqwest::Client::new();
    let mut request = plain.get(format!("{url}/api/v1/catalogue/changes")).bearer_auth(token);
    if let Some(cursor) = since {
        request = request.query(&[("since", cursor)]);
    }
    let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
    (bytes.len(), body["cursor"].as_str().unwrap().to_owned())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let hub = restock_testkit::start_sqlite(DemoSize { products: 0, customers: 3 }).await;
    let db = hub.db.clone();
    let mut tx = db.pool.begin().await.unwrap();
    for n in 0..PRODUCTS {
        let (brand, item) = (BRANDS[n % BRANDS.len()], ITEMS[(n / BRANDS.len()) % ITEMS.len()]);
        sqlx::query(
            "INSERT INTO products (code, barcode, name, brand, category, origin, specification, unit, pack_multiple,
                min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, updated_at)
             VALUES ($1, $2, $3, $4, '综合', '浙江杭州', '550ml×24瓶', '箱', 1, 1, NULL, $5, NULL, 'on_sale', 0, 0)",
        )
        .bind(format!("{}", 1_000_000 + n))
        .bind(format!("69{:011}", n as u64 * 104_729 % 100_000_000_000))
        .bind(format!("{brand}{item}{}号 550ml×24瓶", n / 144))
        .bind(brand)
        .bind(500 + (n as i64 * 7919) % 90_000)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let url = hub.url.clone();

    let (mut initial, mut delta) = (Vec::new(), Vec::new());
    let (mut full_bytes, mut delta_bytes) = (0, 0);
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path(), Arc::new(MemoryOnly::default())).await.unwrap();
        desk.login(&url, demo::DEMO_USERNAME, demo::DEMO_PASSWORD).await.unwrap();
        let raw_token = reqwest::Client::new()
            .post(format!("{url}/api/v1/login"))
            .json(&serde_json::json!({"username": demo::DEMO_USERNAME, "password": demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();

        let t = Instant::now();
        let report = desk.sync_catalogue().await.unwrap();
        initial.push(t.elapsed());
        assert_eq!((report.products as usize, report.full), (PRODUCTS, true));
        let t = Instant::now();
        let (bytes, cursor) = weigh(&url, &raw_token, None).await;
        if run == 0 {
            println!("(the hub alone: two full pulls fetched and parsed as JSON in {:.0} ms)", ms(t.elapsed()));
        }
        full_bytes = bytes;

        // 1% of the products change at the hub (a different 1% each run).
        sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 10 WHERE id % 100 = $1")
            .bind(run as i64)
            .execute(&db.pool)
            .await
            .unwrap();
        let t = Instant::now();
        let report = desk.sync_catalogue().await.unwrap();
        delta.push(t.elapsed());
        assert_eq!((report.changed as usize, report.full), (PRODUCTS / 100, false));
        delta_bytes = weigh(&url, &raw_token, Some(&cursor)).await.0;
    }
    initial.sort();
    delta.sort();
    println!("{PRODUCTS} products, {RUNS} runs, SQLite hub in-process on loopback, a fresh desk store each run");
    println!("initial sync: median {:.0} ms, max {:.0} ms, {} bytes gzip", ms(initial[RUNS / 2]), ms(initial[RUNS - 1]), full_bytes);
    println!(
        "delta (1% changed): median {:.1} ms, max {:.1} ms, {} bytes gzip = {:.2}% of the full pull",
        ms(delta[RUNS / 2]),
        ms(delta[RUNS - 1]),
        delta_bytes,
        100.0 * delta_bytes as f64 / full_bytes as f64
    );
}
