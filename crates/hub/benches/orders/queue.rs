//! queue: the back office's order queue (`GET /api/v1/admin/orders`) over 1,000,000 orders of
//! 50,000 customers in ten branches, one request at a time, per query shape: the first page,
//! each filter, each sort, a page deep into the queue, and one order in full.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use restock_hub::db::{Backend, Db};
use restock_hub::demo::{self, DemoSize};
use restock_protocol::routes;
use std::time::Instant;
use tokio::runtime::Handle;

use super::common::*;
use super::Options;

const BRANCHES: usize = 10;
const DISTRICTS: [&str; 5] = ["西湖区", "上城区", "拱墅区", "滨江区", "萧山区"];

/// 2026-01-01 00:00 in Asia/Shanghai, in ms: the queue's orders run a year from here.
const FIRST_ORDER_MS: i64 = 1_767_196_800_000;
/// Two orders every 63 s: a year of 1,000,000 orders, each instant shared by two of them.
const STEP_MS: i64 = 63_000;

/// 50,000 customers (`3398########`) in ten branches (one in a hundred headquarters' own), and
/// `orders` orders spread over them, with statuses, amounts and branch approvals as a year of a
/// supplier's queue has; 20 lines on one order in a thousand, for the order in full.
async fn seed_queue(db: &Db, customers: usize, orders: usize) {
    let mut tx = db.pool.begin().await.unwrap();
    if db.backend() == Backend::Sqlite {
        // A page cache the size of the indexes, for the bulk insert only (this connection's).
        sqlx::query("PRAGMA cache_size = -1000000").execute(&mut *tx).await.unwrap();
    }
    let region: i64 = sqlx::query_scalar("SELECT id FROM branches WHERE name = '杭州大区'").fetch_one(&mut *tx).await.unwrap();
    for k in 3..=BRANCHES {
        sqlx::query("INSERT INTO branches (name, kind, parent_id) VALUES ($1, 'branch', $2)")
            .bind(format!("压测{k}分公司"))
            .bind(region)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    let branches: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM branches WHERE kind = 'branch' ORDER BY id").fetch_all(&mut *tx).await.unwrap();
    assert_eq!(branches.len(), BRANCHES);
    const BATCH: usize = 1000;
    for first in (1..=customers).step_by(BATCH) {
        let rows: Vec<String> = (first..(first + BATCH).min(customers + 1))
            .map(|n| {
                let branch = if n % 100 == 0 { "NULL".to_owned() } else { branches[n % BRANCHES].to_string() };
                let district = DISTRICTS[n % DISTRICTS.len()];
                format!("('3398{n:08}', '{district}压测客户{n}号便利店', 'B', {branch})")
            })
            .collect();
        sqlx::query(&format!("INSERT INTO customers (code, name, tier, branch_id) VALUES {}", rows.join(", ")))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    let first_customer: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM customers WHERE code LIKE '3398%'").fetch_one(&mut *tx).await.unwrap();
    let user: i64 = sqlx::query_scalar("SELECT MIN(id) FROM users WHERE customer_id IS NOT NULL").fetch_one(&mut *tx).await.unwrap();
    let approver: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'xihu-reviewer'").fetch_one(&mut *tx).await.unwrap();
    let padded = match db.backend() {
        Backend::Sqlite => "substr('000000000000' || i, -12, 12)",
        Backend::Postgres => "lpad(CAST(i AS TEXT), 12, '0')",
    };
    // Statuses by i % 100: 70 approved, 10 submitted, 5 rejected, 5 cancelled, 5 voided, 3 saved, 2 awaiting approval.
    let status = "CASE WHEN i % 100 < 70 THEN 'approved' WHEN i % 100 < 80 THEN 'submitted' WHEN i % 100 < 85 THEN 'rejected'
                  WHEN i % 100 < 90 THEN 'cancelled' WHEN i % 100 < 95 THEN 'voided' WHEN i % 100 < 98 THEN 'saved' ELSE 'awaiting_approval' END";
    // Amounts from 1.00 to 40,000.00; one in ten over the 20,000.00 of two-level review.
    let total = "CASE WHEN i % 10 = 0 THEN 2000000 + (i * 7907) % 2000000 ELSE 100 + (i * 7919) % 1999900 END";
    const CHUNK: usize = 100_000;
    for start in (0..orders).step_by(CHUNK) {
        let end = (start + CHUNK).min(orders);
        sqlx::query(&format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST({start} AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {end})
             INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date, branch_approved_by)
             SELECT '00000000-0000-7000-8000-' || {padded}, {first_customer} + (i * 7919) % {customers}, {user}, 'SO-Q-' || CAST(i AS TEXT), 'queue',
                    {status}, {total}, {FIRST_ORDER_MS} + (i / 2) * {STEP_MS}, '2026-01-01',
                    CASE WHEN i % 100 >= 70 AND i % 100 < 80 AND i % 20 = 10 THEN {approver} END
             FROM n"
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
         SELECT o.order_id, p.line_no, p.code, p.name, p.unit, 10, 10, p.base_price_fen, 10 * p.base_price_fen
         FROM orders o
         CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY code) AS line_no, code, name, unit, base_price_fen FROM products) p
         WHERE o.request_hash = 'queue' AND o.order_number LIKE '%000' AND p.line_no <= 20",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// One query shape: a name and how to make its path (random parameters each time).
type Shape = (&'static str, Box<dyn Fn(&mut StdRng) -> String>);

pub(crate) async fn queue(opts: &Options, hub_rt: &Handle, backend: Backend) {
    let (customers, orders, runs) = if opts.quick { (2_000, 40_000, 20) } else { (50_000, 1_000_000, 200) };
    println!(
        "\n== the order queue on {}: {orders} orders of {customers} customers, {runs} requests per query shape, one at a time ==",
        backend_name(backend)
    );
    let target = Target::create(backend, &opts.pg_admin, "queue").await;
    let setup = connect_setup(&target.url()).await;
    let t = Instant::now();
    demo::seed(&setup, DemoSize { products: 200, customers: 12 }).await.unwrap();
    seed_queue(&setup, customers, orders).await;
    analyze(&setup).await;
    checkpoint(&setup).await;
    println!(
        "  seeded in {:.1} s (bulk SQL){}",
        t.elapsed().as_secs_f64(),
        if backend == Backend::Postgres { "; ANALYZE after" } else { "; no ANALYZE (the hub never runs it on SQLite)" }
    );
    let hub = start_hub(hub_rt, &target.url()).await;
    let http = http_client(true);
    let hq = login(&http, &hub.url, "reviewer").await;
    let branch = login(&http, &hub.url, "xihu-reviewer").await;
    let url = |path: &str| format!("{}{path}", hub.url);
    let q = routes::REVIEW_ORDERS;
    // A page deep into the queue: the 20th, by following `next`.
    let mut deep = None;
    for _ in 0..20 {
        let after = deep.as_ref().map(|a: &String| format!("?after={a}")).unwrap_or_default();
        let body: serde_json::Value = http.get(url(&format!("{q}{after}"))).bearer_auth(&hq).send().await.unwrap().json().await.unwrap();
        deep = body["next"].as_str().map(str::to_owned);
    }
    let deep = deep.expect("20 pages");
    let sampled: Vec<String> = sqlx::query_scalar("SELECT order_id FROM orders WHERE request_hash = 'queue' AND order_number LIKE '%000'")
        .fetch_all(&setup.pool)
        .await
        .unwrap();
    let customer_code = move |rng: &mut StdRng| format!("3398{:08}", rng.gen_range(1..=customers));
    let day = |rng: &mut StdRng| {
        (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(rng.gen_range(0..360))).to_string()
    };
    let branch_name = |rng: &mut StdRng| match rng.gen_range(1..=BRANCHES) {
        1 => "西湖分公司".to_owned(),
        2 => "滨江分公司".to_owned(),
        k => format!("压测{k}分公司"),
    };
    let shapes: Vec<(Shape, bool)> = vec![
        (("first page (headquarters)", Box::new(move |_: &mut StdRng| q.to_owned())), false),
        (("first page (branch staff)", Box::new(move |_: &mut StdRng| q.to_owned())), true),
        (("status=submitted", Box::new(move |_: &mut StdRng| format!("{q}?status=submitted"))), false),
        (("status=submitted,rejected,saved", Box::new(move |_: &mut StdRng| format!("{q}?status=submitted,rejected,saved"))), false),
        (("awaitingMe (headquarters)", Box::new(move |_: &mut StdRng| format!("{q}?awaitingMe=true"))), false),
        (("awaitingMe (branch staff)", Box::new(move |_: &mut StdRng| format!("{q}?awaitingMe=true"))), true),
        (("customer=<code>", Box::new(move |rng: &mut StdRng| format!("{q}?customer={}", customer_code(rng)))), false),
        (("customer=<name text>", Box::new(move |rng: &mut StdRng| format!("{q}?customer=客户{}号", rng.gen_range(1..=customers)))), false),
        (("branch=<branch>", Box::new(move |rng: &mut StdRng| format!("{q}?branch={}", branch_name(rng)))), false),
        (
            (
                "from=to=<a day>",
                Box::new(move |rng: &mut StdRng| {
                    let d = day(rng);
                    format!("{q}?from={d}&to={d}")
                }),
            ),
            false,
        ),
        (("minAmount=39000 (0.25% of orders), newest", Box::new(move |_: &mut StdRng| format!("{q}?minAmount=39000"))), false),
        (
            (
                "minAmount..maxAmount (a 100-yuan band)",
                Box::new(move |rng: &mut StdRng| {
                    let low = rng.gen_range(1..39_000);
                    format!("{q}?minAmount={low}&maxAmount={}&sort=amount_desc", low + 100)
                }),
            ),
            false,
        ),
        (("sort=amount_desc", Box::new(move |_: &mut StdRng| format!("{q}?sort=amount_desc"))), false),
        (("sort=oldest", Box::new(move |_: &mut StdRng| format!("{q}?sort=oldest"))), false),
        (("sort=customer", Box::new(move |_: &mut StdRng| format!("{q}?sort=customer"))), false),
        (("sort=customer (branch staff)", Box::new(move |_: &mut StdRng| format!("{q}?sort=customer"))), true),
        (
            (
                "submitted + branch + minAmount, amount_desc",
                Box::new(move |rng: &mut StdRng| {
                    format!("{q}?status=submitted&branch={}&minAmount=1000&sort=amount_desc", branch_name(rng))
                }),
            ),
            false,
        ),
        (
            (
                "status + a week, branch staff",
                Box::new(move |rng: &mut StdRng| {
                    let d = day(rng);
                    let to = (d.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(6)).to_string();
                    format!("{q}?status=approved,submitted&from={d}&to={to}")
                }),
            ),
            true,
        ),
        (("20th page (after=…)", Box::new(move |_: &mut StdRng| format!("{q}?after={deep}"))), false),
        (("limit=200", Box::new(move |_: &mut StdRng| format!("{q}?limit=200"))), false),
        (
            (
                "one order in full (20 lines)",
                Box::new(move |rng: &mut StdRng| routes::path(routes::REVIEW_ORDER, &[&sampled[rng.gen_range(0..sampled.len())]])),
            ),
            false,
        ),
    ];
    let mut rng = StdRng::seed_from_u64(16);
    println!("  {:<46} {:>8} {:>8} {:>8} {:>7}", "query shape", "p50 ms", "p95 ms", "max ms", "rows");
    let mut worst = 0.0_f64;
    for ((name, path), as_branch) in &shapes {
        let token = if *as_branch { &branch } else { &hq };
        let mut latencies = Vec::with_capacity(runs);
        let mut rows = 0;
        for n in 0..runs + 5 {
            let path = path(&mut rng);
            let started = Instant::now();
            let response = http.get(url(&path)).bearer_auth(token).send().await.unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            let elapsed = started.elapsed();
            assert_eq!(status, 200, "{path}: {body}");
            if n >= 5 {
                latencies.push(elapsed.as_micros() as u64);
                rows += body["orders"].as_array().map_or(1, Vec::len);
            }
        }
        latencies.sort_unstable();
        let p95 = percentile(&latencies, 95.0);
        worst = worst.max(p95);
        println!(
            "  {name:<46} {:>8.1} {p95:>8.1} {:>8.1} {:>7.1}",
            percentile(&latencies, 50.0),
            percentile(&latencies, 100.0),
            rows as f64 / runs as f64
        );
    }
    println!("  worst p95 {worst:.1} ms (figure: 50 ms)");
    hub.stop().await;
    setup.pool.close().await;
    target.finish().await;
}
