//! rush: 50,000 cycle customers save and confirm before a cutoff.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use restock_hub::db::{self, Backend, Db};
use restock_hub::demo::{self, DemoSize};
use restock_protocol::orders::{CreateOrder, OrderLineInput};
use restock_protocol::routes;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;

use super::common::*;
use super::{Options, PLENTY};

// Cutoff rush

#[derive(Default)]
pub(crate) struct RushOutcome {
    pub(crate) save_latencies: Vec<u64>,
    pub(crate) confirm_latencies: Vec<u64>,
    pub(crate) errors: BTreeMap<String, usize>,
}

/// Inserts `count` cycle customers (every day, cutoff 23:00) with a user, a session each (token
/// `bench-rush-<code>`), a prepaid balance and a standing allocation of 30 on one cigarette.
pub(crate) async fn seed_rush_customers(db: &Db, count: usize) {
    let now = db::now_ms();
    let hash = restock_hub::accounts::password::hash(demo::DEMO_PASSWORD);
    const BATCH: usize = 1000;
    let mut tx = db.pool.begin().await.unwrap();
    for first in (1..=count).step_by(BATCH) {
        let last = (first + BATCH - 1).min(count);
        let rows: Vec<String> = (first..=last)
            .map(|n| format!("('3399{n:08}', '压测客户{n}号便利店', '{}', 10000000, 0, 1380)", ["A", "B", "C"][n % 3]))
            .collect();
        sqlx::query(&format!(
            "INSERT INTO customers (code, name, tier, prepaid_balance_fen, ordering_days, cutoff_minute) VALUES {}",
            rows.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO users (username, password_hash, customer_id, role, created_at) SELECT code, $1, id, 'buyer', $2 FROM customers WHERE code LIKE '3399%'")
        .bind(&hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .unwrap();
    for first in (1..=count).step_by(BATCH) {
        let last = (first + BATCH - 1).min(count);
        let rows: Vec<String> = (first..=last)
            .map(|n| {
                let code = format!("3399{n:08}");
                let token_hash = hex::encode(Sha256::digest(rush_token(&code).as_bytes()));
                format!("('{token_hash}', (SELECT id FROM users WHERE username = '{code}'), {now}, {})", now + 30 * 24 * 3_600_000)
            })
            .collect();
        sqlx::query(&format!("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES {}", rows.join(", ")))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    sqlx::query(
        "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity)
         SELECT id, CAST(100001 + CAST(SUBSTR(code, 5) AS BIGINT) % 20 AS TEXT), '', 30 FROM customers WHERE code LIKE '3399%'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Yesterday's cycle for every rush customer: one confirmed 3-line order each, with its event and
/// what it took of the allocation, as a supplier with 50,000 customers has history. Without it,
/// the orders tables are empty when statistics are taken and the first half-minute of the rush
/// runs on plans made for empty tables (seen: a backlog of 1,100 customers, p99 1.9 s).
pub(crate) async fn seed_rush_history(db: &Db, yesterday: &str, at_ms: i64) {
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date)
         SELECT '00000000-0000-7000-8000-' || c.code, c.id, u.id, 'SO-H-' || c.code, 'history', 'submitted', 36000, $1, $2
         FROM customers c JOIN users u ON u.customer_id = c.id WHERE c.code LIKE '3399%'",
    )
    .bind(at_ms)
    .bind(yesterday)
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
         SELECT o.order_id, n.line_no,
                CASE n.line_no WHEN 1 THEN CAST(100001 + CAST(SUBSTR(c.code, 5) AS BIGINT) % 20 AS TEXT) WHEN 2 THEN '100401' ELSE '100402' END,
                '历史订单商品', '条', 10, 10, 1200, 12000
         FROM orders o JOIN customers c ON c.id = o.customer_id
         CROSS JOIN (SELECT 1 AS line_no UNION ALL SELECT 2 UNION ALL SELECT 3) n
         WHERE o.request_hash = 'history'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO order_events (order_id, status, at, by_user, note)
         SELECT order_id, 'submitted', created_at, user_id, 'confirmed (决定购买)' FROM orders WHERE request_hash = 'history'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO allocation_use (customer_id, product_code, cycle_date, used)
         SELECT c.id, CAST(100001 + CAST(SUBSTR(c.code, 5) AS BIGINT) % 20 AS TEXT), $1, 10 FROM customers c WHERE c.code LIKE '3399%'",
    )
    .bind(yesterday)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

pub(crate) fn rush_token(code: &str) -> String {
    format!("bench-rush-{code}")
}

/// The rush customer `n`'s small order: 10 of its allocated cigarette, one stock-tracked product,
/// one plain product.
pub(crate) fn rush_order(n: usize, products: &Products, rng: &mut StdRng) -> CreateOrder {
    let cigarette = format!("{}", 100_001 + n % 20);
    let stocked = products.stocked.choose(rng).unwrap();
    let plain = products.plain.choose(rng).unwrap();
    CreateOrder {
        order_id: uuid::Uuid::now_v7(),
        lines: vec![
            OrderLineInput { product_code: cigarette, quantity: 10, demand: None },
            OrderLineInput { product_code: stocked.code.clone(), quantity: stocked.quantity(rng), demand: None },
            OrderLineInput { product_code: plain.code.clone(), quantity: plain.quantity(rng), demand: None },
        ],
        expected_total: None,
    }
}

pub(crate) async fn post_json(
    http: &reqwest::Client, url: &str, token: &str, body: Option<&CreateOrder>,
) -> Result<(u16, serde_json::Value), String> {
    let mut request = http.post(url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            if status >= 400 {
                return Err(error_key(response).await);
            }
            match response.json::<serde_json::Value>().await {
                Ok(body) => Ok((status, body)),
                Err(e) => Err(transport_key(&e)),
            }
        }
        Err(e) => Err(transport_key(&e)),
    }
}

pub(crate) async fn rush(opts: &Options, hub_rt: &Handle, backend: Backend) {
    let count = opts.rush_customers;
    let window = Duration::from_secs(opts.rush_window);
    println!(
        "\n== cutoff rush on {}: {count} cycle customers each save a 3-line order and confirm it, arriving evenly over {} s ==",
        backend_name(backend),
        window.as_secs()
    );
    let target = Target::create(backend, &opts.pg_admin, "rush").await;
    let setup = connect_setup(&target.url()).await;
    let t = Instant::now();
    demo::seed(&setup, DemoSize { products: 2_000, customers: 12 }).await.unwrap();
    seed_rush_customers(&setup, count).await;
    let yesterday_day = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive().pred_opt().unwrap();
    seed_rush_history(&setup, &yesterday_day.to_string(), db::now_ms() - 24 * 3_600_000).await;
    sqlx::query(&format!("UPDATE stock SET on_hand = {PLENTY}, available = {PLENTY}")).execute(&setup.pool).await.unwrap();
    analyze(&setup).await;
    println!(
        "  seeded {count} customers with sessions, allocations and yesterday's orders in {:.1} s (bulk SQL; no logins)",
        t.elapsed().as_secs_f64()
    );
    if backend == Backend::Postgres {
        println!(
            "  {}",
            if opts.autoanalyze {
                "ANALYZE every 30 s meanwhile (autovacuum is off on this server)"
            } else {
                "no ANALYZE meanwhile (--no-analyze)"
            }
        );
    }

    let hub = start_hub(hub_rt, &target.url()).await;
    // The supplier's clock: 22:40 today, twenty minutes before the 23:00 cutoff.
    let zone = hub.calendar.zone();
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    let pretend = today.and_hms_opt(22, 40, 0).unwrap().and_local_timezone(zone).single().unwrap().with_timezone(&chrono::Utc);
    hub.calendar.pretend_now(pretend);
    let http = http_client(opts.gzip);
    let products = Arc::new(products(&http, &hub.url, &rush_token("339900000001")).await);

    let outcome = Arc::new(Mutex::new(RushOutcome::default()));
    let (in_flight, finished, max_in_flight) =
        (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    // At most this many customers at once on this one client machine (file descriptors); arrivals
    // beyond it wait, and that wait counts in their save latency.
    let permits = Arc::new(tokio::sync::Semaphore::new(3_000));
    let _autoanalyze = autoanalyze(&setup, opts.autoanalyze);
    let stats = table_stats(&setup).await;
    let start = Instant::now() + Duration::from_millis(200);
    let before = cpu_snapshot();
    let progress = {
        let (finished, in_flight) = (finished.clone(), in_flight.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(15)).await;
                println!(
                    "  … {:>4.0} s: {} customers done, {} in flight",
                    start.elapsed().as_secs_f64(),
                    finished.load(Ordering::Relaxed),
                    in_flight.load(Ordering::Relaxed)
                );
            }
        })
    };
    let mut tasks = Vec::with_capacity(count);
    for n in 1..=count {
        let arrival = start + window.mul_f64((n - 1) as f64 / count as f64);
        let (http, url, products, outcome) = (http.clone(), hub.url.clone(), products.clone(), outcome.clone());
        let (in_flight, finished, max_in_flight, permits) = (in_flight.clone(), finished.clone(), max_in_flight.clone(), permits.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(arrival.into()).await;
            let _permit = permits.acquire().await.unwrap();
            let now_in_flight = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            max_in_flight.fetch_max(now_in_flight, Ordering::Relaxed);
            let code = format!("3399{n:08}");
            let token = rush_token(&code);
            let mut rng = StdRng::seed_from_u64(n as u64);
            let order = rush_order(n, &products, &mut rng);
            let mut saves = Vec::new();
            let mut confirms = Vec::new();
            let mut errors = Vec::new();
            let orders_url = format!("{url}{}", routes::ORDERS);
            // Save: latency from the customer's arrival.
            match post_json(&http, &orders_url, &token, Some(&order)).await {
                Ok((201, body)) if body["status"] == "saved" => saves.push(arrival.elapsed().as_micros() as u64),
                Ok((status, body)) => errors.push(format!("save answered {status} {}", body["status"])),
                Err(e) => errors.push(format!("save: {e}")),
            }
            // One in twenty sends the save again, as a client does when an answer was lost.
            if n % 20 == 0 {
                let sent = Instant::now();
                match post_json(&http, &orders_url, &token, Some(&order)).await {
                    Ok((200, body)) if body["orderId"] == order.order_id.to_string() => saves.push(sent.elapsed().as_micros() as u64),
                    Ok((status, _)) => errors.push(format!("repeated save answered {status}, not 200")),
                    Err(e) => errors.push(format!("repeated save: {e}")),
                }
            }
            // Confirm; one in ten double-clicks (two confirms at once).
            let confirm_url = format!("{url}{}", routes::path(routes::ORDER_CONFIRM, &[&order.order_id.to_string()]));
            let clicks = if n % 10 == 3 { 2 } else { 1 };
            let attempts = (0..clicks).map(|_| async {
                let sent = Instant::now();
                let result = post_json(&http, &confirm_url, &token, None).await;
                (sent.elapsed().as_micros() as u64, result)
            });
            for (micros, result) in futures::future::join_all(attempts).await {
                match result {
                    Ok((200, body)) if body["status"] == "submitted" => confirms.push(micros),
                    Ok((status, body)) => errors.push(format!("confirm answered {status} {}", body["status"])),
                    Err(e) => errors.push(format!("confirm: {e}")),
                }
            }
            in_flight.fetch_sub(1, Ordering::Relaxed);
            finished.fetch_add(1, Ordering::Relaxed);
            let mut outcome = outcome.lock().unwrap();
            outcome.save_latencies.extend(saves);
            outcome.confirm_latencies.extend(confirms);
            for e in errors {
                note_error(&mut outcome.errors, e);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = start.elapsed();
    let after = cpu_snapshot();
    progress.abort();
    let cpu = before.until(&after);
    let mut outcome = std::mem::take(&mut *outcome.lock().unwrap());
    outcome.save_latencies.sort_unstable();
    outcome.confirm_latencies.sort_unstable();
    let clock = hub.calendar.now().with_timezone(&zone);

    // Duplicates: each rush customer has exactly one order, submitted, with one confirmation
    // event, and took its allocation and stock once.
    let pool = setup.pool.clone();
    let scalar = |sql: String| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(&sql).fetch_one(&pool).await.unwrap() }
    };
    let orders = scalar(
        "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.code LIKE '3399%' AND o.request_hash <> 'history'"
            .to_owned(),
    )
    .await;
    let not_one = scalar("SELECT COUNT(*) FROM customers c WHERE c.code LIKE '3399%' AND (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.request_hash <> 'history') <> 1".to_owned()).await;
    let submitted = scalar("SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.code LIKE '3399%' AND o.status = 'submitted' AND o.request_hash <> 'history'".to_owned()).await;
    let confirm_events = scalar(
        "SELECT COUNT(*) FROM order_events e JOIN orders o ON o.order_id = e.order_id JOIN customers c ON c.id = o.customer_id
         WHERE c.code LIKE '3399%' AND e.status = 'submitted' AND o.request_hash <> 'history'"
            .to_owned(),
    )
    .await;
    let allocation_rows = scalar(format!(
        "SELECT COUNT(*) FROM allocation_use u JOIN customers c ON c.id = u.customer_id WHERE c.code LIKE '3399%' AND u.cycle_date = '{today}'"
    ))
    .await;
    let allocation_wrong = scalar(format!(
        "SELECT COUNT(*) FROM allocation_use u JOIN customers c ON c.id = u.customer_id WHERE c.code LIKE '3399%' AND u.cycle_date = '{today}' AND u.used <> 10"
    ))
    .await;
    let stock_taken = scalar(format!("SELECT CAST(COALESCE(SUM({PLENTY} - available), 0) AS BIGINT) FROM stock")).await;
    let stock_ordered = scalar("SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM order_lines l JOIN orders o ON o.order_id = l.order_id JOIN customers c ON c.id = o.customer_id
         WHERE c.code LIKE '3399%' AND o.status = 'submitted' AND o.request_hash <> 'history' AND l.product_code IN (SELECT product_code FROM stock)".to_owned())
    .await;
    let duplicates = not_one + (confirm_events - submitted).abs() + allocation_wrong + (stock_taken - stock_ordered).abs();

    println!(
        "  {} customers in {:.1} s ({:.0} customers/s; at most {} at once); the hub's clock read {} at the end",
        count,
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64(),
        max_in_flight.load(Ordering::Relaxed),
        clock.format("%H:%M:%S")
    );
    println!(
        "  save:    {} ok, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        outcome.save_latencies.len(),
        percentile(&outcome.save_latencies, 50.0),
        percentile(&outcome.save_latencies, 99.0),
        percentile(&outcome.save_latencies, 100.0)
    );
    println!(
        "  confirm: {} ok, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        outcome.confirm_latencies.len(),
        percentile(&outcome.confirm_latencies, 50.0),
        percentile(&outcome.confirm_latencies, 99.0),
        percentile(&outcome.confirm_latencies, 100.0)
    );
    println!("  {}", cpu.describe(backend, count));
    if backend == Backend::Postgres {
        tokio::time::sleep(Duration::from_millis(700)).await;
        print_seq_scans(&stats, &table_stats(&setup).await, count, "customer");
    }
    let errors: usize = outcome.errors.values().sum();
    println!("  HTTP errors: {errors}");
    for (error, n) in &outcome.errors {
        println!("    ×{n}: {error}");
    }
    println!(
        "  check: {orders} orders for {count} customers, {not_one} customers without exactly one, {submitted} submitted, \
         {confirm_events} confirmation events, {allocation_rows} allocation rows ({allocation_wrong} not exactly 10), \
         stock taken {stock_taken} = ordered {stock_ordered}"
    );
    println!(
        "  RESULT rush {}: {count} customers, {errors} HTTP errors, {duplicates} duplicates, confirm p99 {:.1} ms",
        backend_name(backend),
        percentile(&outcome.confirm_latencies, 99.0)
    );

    drop(http);
    hub.stop().await;
    setup.pool.close().await;
    target.finish().await;
}

// ---------------------------------------------------------------------------------------------
