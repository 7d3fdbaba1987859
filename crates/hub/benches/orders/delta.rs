//! delta: a catalogue of 100,000 products, 1% changed, pulled as a delta and in full.

use restock_hub::db::{Backend, Db};
use restock_hub::demo::{self, DemoSize};
use restock_protocol::catalogue::CatalogueChanges;
use restock_protocol::routes;
use std::time::Instant;
use tokio::runtime::Handle;

use super::common::*;
use super::Options;

// Catalogue delta

pub(crate) const BRANDS: &[&str] =
    &["中华", "玉溪", "农夫山泉", "康师傅", "娃哈哈", "青岛啤酒", "伊利", "旺旺", "海天", "金龙鱼", "蓝月亮", "心相印"];
pub(crate) const ITEMS: &[&str] =
    &["软", "硬", "饮用天然水", "冰红茶", "纯生", "纯牛奶", "雪饼", "生抽", "大豆油", "洗衣液", "抽纸", "典藏"];

pub(crate) async fn seed_products(db: &Db, count: usize) {
    let mut tx = db.pool.begin().await.unwrap();
    const BATCH: usize = 500;
    for first in (0..count).step_by(BATCH) {
        let rows: Vec<String> = (first..(first + BATCH).min(count))
            .map(|n| {
                let (brand, item) = (BRANDS[n % BRANDS.len()], ITEMS[(n / BRANDS.len()) % ITEMS.len()]);
                format!(
                    "('{}', '69{:011}', '{brand}{item}{}号 550ml×24瓶', '{brand}', '综合', '浙江杭州', '550ml×24瓶', '箱', 1, 1, NULL, {}, NULL, 'on_sale', 0, 0)",
                    1_000_000 + n,
                    n as u64 * 104_729 % 100_000_000_000,
                    n / 144,
                    500 + (n as i64 * 7919) % 90_000
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO products (code, barcode, name, brand, category, origin, specification, unit, pack_multiple,
                min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new, updated_at) VALUES {}",
            rows.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// One pull as the wire carries it (gzip, not decoded): milliseconds to the last byte, and bytes.
pub(crate) async fn pull_raw(raw: &reqwest::Client, url: &str, token: &str, since: Option<&str>) -> (f64, usize) {
    let mut request = raw.get(format!("{url}{}", routes::CATALOGUE_CHANGES)).bearer_auth(token).header("accept-encoding", "gzip");
    if let Some(cursor) = since {
        request = request.query(&[("since", cursor)]);
    }
    let t = Instant::now();
    let response = request.send().await.unwrap();
    assert_eq!(response.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let bytes = response.bytes().await.unwrap();
    (t.elapsed().as_secs_f64() * 1000.0, bytes.len())
}

pub(crate) async fn pull_decoded(http: &reqwest::Client, url: &str, token: &str, since: Option<&str>) -> CatalogueChanges {
    let mut request = http.get(format!("{url}{}", routes::CATALOGUE_CHANGES)).bearer_auth(token);
    if let Some(cursor) = since {
        request = request.query(&[("since", cursor)]);
    }
    request.send().await.unwrap().json().await.unwrap()
}

pub(crate) async fn delta(opts: &Options, hub_rt: &Handle, backend: Backend) {
    let count = if opts.quick { 10_000 } else { 100_000 };
    let runs = if opts.quick { 2 } else { 5 };
    println!("\n== catalogue delta on {}: {count} products, 1% changed, {runs} runs ==", backend_name(backend));
    let target = Target::create(backend, &opts.pg_admin, "delta").await;
    let setup = connect_setup(&target.url()).await;
    let t = Instant::now();
    demo::seed(&setup, DemoSize { products: 0, customers: 3 }).await.unwrap();
    seed_products(&setup, count).await;
    analyze(&setup).await;
    println!("  seeded in {:.1} s", t.elapsed().as_secs_f64());
    let hub = start_hub(hub_rt, &target.url()).await;
    let http = http_client(true);
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let token = login(&http, &hub.url, demo::DEMO_USERNAME).await;
    let plain_bytes = {
        let response = raw.get(format!("{}{}", hub.url, routes::CATALOGUE_CHANGES)).bearer_auth(&token).send().await.unwrap();
        response.bytes().await.unwrap().len()
    };
    let (mut full, mut deltas, mut repeats) = (Vec::new(), Vec::new(), Vec::new());
    let (mut full_bytes, mut delta_bytes) = (0, 0);
    for run in 0..runs {
        let (ms, bytes) = pull_raw(&raw, &hub.url, &token, None).await;
        full.push(ms);
        full_bytes = bytes;
        let cursor = pull_decoded(&http, &hub.url, &token, None).await.cursor;
        let changed = sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 10 WHERE id % 100 = $1")
            .bind(run as i64)
            .execute(&setup.pool)
            .await
            .unwrap()
            .rows_affected();
        let (ms, bytes) = pull_raw(&raw, &hub.url, &token, Some(&cursor)).await;
        deltas.push(ms);
        delta_bytes = bytes;
        // The same delta once more, nothing written in between: what the first pull after a
        // write pays beyond it (caches).
        repeats.push(pull_raw(&raw, &hub.url, &token, Some(&cursor)).await.0);
        let check = pull_decoded(&http, &hub.url, &token, Some(&cursor)).await;
        assert!(!check.full && check.products.len() as u64 == changed, "a delta of {changed} changes");
    }
    full.sort_by(f64::total_cmp);
    deltas.sort_by(f64::total_cmp);
    repeats.sort_by(f64::total_cmp);
    println!(
        "  full pull:  median {:>7.1} ms, max {:>7.1} ms, {:>9} bytes gzip ({} bytes of JSON)",
        full[runs / 2],
        full[runs - 1],
        full_bytes,
        plain_bytes
    );
    println!(
        "  delta (1%): median {:>7.1} ms, max {:>7.1} ms, {:>9} bytes gzip = {:.2}% of the full pull's bytes, {:.1}% of its time",
        deltas[runs / 2],
        deltas[runs - 1],
        delta_bytes,
        100.0 * delta_bytes as f64 / full_bytes as f64,
        100.0 * deltas[runs / 2] / full[runs / 2]
    );
    println!("  the same delta pulled again at once: median {:.1} ms", repeats[runs / 2]);
    println!(
        "  RESULT delta {}: {count} products; full {:.0} ms / {} B; delta {:.1} ms / {} B",
        backend_name(backend),
        full[runs / 2],
        full_bytes,
        deltas[runs / 2],
        delta_bytes
    );
    drop(http);
    hub.stop().await;
    setup.pool.close().await;
    target.finish().await;
}
