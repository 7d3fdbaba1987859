//! throughput: 20-line orders per second through the hub beside the database's own ceiling.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use restock_hub::db::{self, Backend, Db};
use restock_hub::demo::{self, DemoSize};
use sqlx::Connection;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;

use super::common::*;
use super::{Options, CEILING_SCRIPT, LINES_PER_ORDER, PLENTY, STOCKED_LINES};

/// The same statements as `order_ceiling.sql`, one transaction each, straight to SQLite with its
/// own sqlx driver and the hub's settings (WAL, synchronous FULL, foreign keys, busy timeout).
pub(crate) async fn sqlite_ceiling(
    path: &str, clients: usize, warm: Duration, measure: Duration, customers: i64, hub_user: i64, cycle: &str,
) -> Load {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    use std::str::FromStr;
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
        .unwrap()
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(clients as u32).connect_with(options).await.unwrap();
    let start = Instant::now();
    let (from, until) = (start + warm, start + warm + measure);
    let mut tasks = Vec::new();
    for i in 0..clients {
        let (pool, cycle) = (pool.clone(), cycle.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(0xce11 + i as u64);
            let (mut ok, mut latencies, mut errors) = (0usize, Vec::new(), BTreeMap::new());
            while Instant::now() < until {
                let sent = Instant::now();
                let result: Result<(), sqlx::Error> = async {
                    let now = db::now_ms();
                    let customer = rng.gen_range(1..=customers);
                    let q = rng.gen_range(1..=3i64);
                    let (s1, s2) = (rng.gen_range(21..=210), rng.gen_range(211..=400));
                    let order_id = uuid::Uuid::now_v7().to_string();
                    let mut tx = pool.begin().await?;
                    let number: i64 = sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value")
                        .fetch_one(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date)
                         VALUES ($1, $2, $3, $4, 'ceiling', 'submitted', 250000, $5, $6)",
                    )
                    .bind(&order_id)
                    .bind(customer)
                    .bind(hub_user)
                    .bind(format!("SO-{number:06}"))
                    .bind(now)
                    .bind(&cycle)
                    .execute(&mut *tx)
                    .await?;
                    for s in [s1, s2] {
                        sqlx::query("UPDATE stock SET available = available - $1, updated_at = $3 WHERE product_code = $2 AND available >= $1")
                            .bind(q)
                            .bind(format!("{}", 100_000 + s))
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                    }
                    let _: (Option<i64>, Option<i64>) = sqlx::query_as("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = $1")
                        .bind(customer)
                        .fetch_one(&mut *tx)
                        .await?;
                    for line in 0..LINES_PER_ORDER as i64 {
                        let code = match line {
                            0 => 100_000 + s1,
                            1 => 100_000 + s2,
                            n => 100_401 + (n - 2) * 80 + rng.gen_range(0..80),
                        };
                        sqlx::query(
                            "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(&order_id)
                        .bind(line + 1)
                        .bind(code.to_string())
                        .bind("农夫山泉饮用天然水 550ml×24瓶")
                        .bind("箱")
                        .bind(q)
                        .bind(q)
                        .bind(3600i64)
                        .bind(3600 * q)
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query("INSERT INTO order_events (order_id, status, at, by_user, note) VALUES ($1, 'submitted', $2, $3, NULL)")
                        .bind(&order_id)
                        .bind(now)
                        .bind(hub_user)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await
                }
                .await;
                let done = Instant::now();
                if done >= from && done <= until {
                    match result {
                        Ok(()) => {
                            ok += 1;
                            latencies.push((done - sent).as_micros() as u64);
                        }
                        Err(e) => note_error(&mut errors, format!("sqlite: {e}")),
                    }
                }
            }
            (ok, latencies, errors)
        }));
    }
    let mut load = gather(format!("direct sqlx, {clients} connections"), clients, measure, (from, until), tasks).await;
    pool.close().await;
    load.sort();
    load
}

pub(crate) fn print_load(load: &Load, backend: Backend) {
    println!(
        "  {:<32} {:>8.0} orders/s  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms  ({} ok, {} errors)",
        load.label,
        load.rate(),
        load.pct(50.0),
        load.pct(99.0),
        load.pct(100.0),
        load.ok,
        load.errors_total()
    );
    println!("  {:<32} {}", "", load.cpu.describe(backend, if load.ok > 0 { (load.rate() * load.cpu.secs) as usize } else { 0 }));
    for (error, count) in &load.errors {
        println!("  {:<32} error ×{count}: {error}", "");
    }
}

pub(crate) async fn throughput(opts: &Options, hub_rt: &Handle, backend: Backend) {
    let customers = if opts.quick { 60 } else { 240 };
    let products_count = 2_000;
    println!(
        "\n== throughput on {}: 20-line orders, {} demo products, {} customers ({} placing orders at once) ==",
        backend_name(backend),
        products_count,
        customers,
        non_cycle_customers(customers).len()
    );
    let target = Target::create(backend, &opts.pg_admin, "orders").await;
    let setup = connect_setup(&target.url()).await;
    let t = Instant::now();
    demo::seed(&setup, DemoSize { products: products_count, customers }).await.unwrap();
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&setup.pool).await.unwrap();
    sqlx::query(&format!("UPDATE stock SET on_hand = {PLENTY}, available = {PLENTY}")).execute(&setup.pool).await.unwrap();
    analyze(&setup).await;
    let hub_user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'hub'").fetch_one(&setup.pool).await.unwrap();
    println!("  seeded in {:.1} s", t.elapsed().as_secs_f64());

    let hub = start_hub(hub_rt, &target.url()).await;
    let http = http_client(opts.gzip);
    let t = Instant::now();
    let tokens = login_all(&http, &hub.url, non_cycle_customers(customers)).await;
    println!("  {} customers logged in over HTTP in {:.1} s", tokens.len(), t.elapsed().as_secs_f64());
    let products = Arc::new(products(&http, &hub.url, &tokens[0]).await);
    let cycle = hub.calendar.today().to_string();
    let warm = Duration::from_secs(if opts.quick { 1 } else { 3 });
    let measure = Duration::from_secs(opts.seconds);

    // A warm-up, not counted: a freshly seeded database was analysed with its orders tables
    // empty, and plans made from that (foreign key checks on `orders` included) stay slow until
    // the statistics are renewed; measured here, the first run gave a third of the later ones.
    // A hub in service has orders and statistics, so: orders first, then ANALYZE.
    let warm_up = Duration::from_secs(if opts.quick { 2 } else { 10 });
    match &target {
        Target::Pg(pg) => {
            let defines = ceiling_defines(customers, hub_user, &cycle);
            pgbench(pg, Path::new(CEILING_SCRIPT), 8, warm_up.as_secs(), &defines, false).await;
        }
        Target::Sqlite { path, .. } => {
            sqlite_ceiling(path, 1, Duration::ZERO, warm_up, customers as i64, hub_user, &cycle).await;
        }
    }
    analyze(&setup).await;
    println!("  warmed up for {} s with the ceiling's orders (not counted), then ANALYZE", warm_up.as_secs());
    let _autoanalyze = autoanalyze(&setup, opts.autoanalyze);

    // The ceiling first, while the hub is idle.
    println!("  the database's ceiling for the same writes ({} s each):", opts.seconds);
    let mut ceilings = Vec::new();
    match &target {
        Target::Pg(pg) => {
            for &n in &opts.pgbench_clients {
                let defines = [
                    ("customers", customers.to_string()),
                    ("hubuser", hub_user.to_string()),
                    ("now", db::now_ms().to_string()),
                    ("cycle", cycle.clone()),
                ];
                checkpoint(&setup).await;
                let (load, _) = pgbench(pg, Path::new(CEILING_SCRIPT), n, opts.seconds, &defines, false).await;
                print_load(&load, backend);
                ceilings.push(load);
            }
        }
        Target::Sqlite { path, .. } => {
            for n in [1usize, 8] {
                checkpoint(&setup).await;
                let load = sqlite_ceiling(path, n, warm, measure, customers as i64, hub_user, &cycle).await;
                print_load(&load, backend);
                ceilings.push(load);
            }
        }
    }

    // The ceiling has filled the orders tables; give the planner statistics of a table with orders
    // in it, as autovacuum would on a hub in service.
    analyze(&setup).await;
    println!(
        "  the hub over HTTP ({} s each after {} s warm-up; clients {}accept gzip):",
        opts.seconds,
        warm.as_secs(),
        if opts.gzip { "" } else { "do not " }
    );
    let mut runs = Vec::new();
    for n in opts.hub_clients(backend) {
        checkpoint(&setup).await;
        let stats = table_stats(&setup).await;
        let load = hub_closed_loop(&http, &hub.url, &tokens, &products, n, warm, measure).await;
        print_load(&load, backend);
        if backend == Backend::Postgres {
            tokio::time::sleep(Duration::from_millis(700)).await;
            print_seq_scans(&stats, &table_stats(&setup).await, (load.rate() * (warm + measure).as_secs_f64()) as usize, "order");
        }
        runs.push(load);
    }

    // The ceiling once more at its best client count, now that the hub has written its orders too.
    let best_n = ceilings.iter().max_by(|a, b| a.rate().total_cmp(&b.rate())).unwrap().clients;
    println!("  the ceiling again, after the hub:");
    checkpoint(&setup).await;
    let again = match &target {
        Target::Pg(pg) => {
            let defines = ceiling_defines(customers, hub_user, &cycle);
            pgbench(pg, Path::new(CEILING_SCRIPT), best_n, opts.seconds, &defines, false).await.0
        }
        Target::Sqlite { path, .. } => sqlite_ceiling(path, best_n, warm, measure, customers as i64, hub_user, &cycle).await,
    };
    print_load(&again, backend);
    ceilings.push(again);
    let best_ceiling = ceilings.iter().max_by(|a, b| a.rate().total_cmp(&b.rate())).unwrap();
    // The best rate whose p99 is within the goal's 100 ms (the best rate at all if none is).
    let best_hub = runs
        .iter()
        .filter(|r| r.pct(99.0) <= 100.0)
        .max_by(|a, b| a.rate().total_cmp(&b.rate()))
        .unwrap_or_else(|| runs.iter().max_by(|a, b| a.rate().total_cmp(&b.rate())).unwrap());
    let ratio = best_hub.rate() / best_ceiling.rate();
    println!(
        "  RESULT {}: hub {:.0} orders/s (best with p99 ≤ 100 ms if any: p50 {:.1} ms, p99 {:.1} ms, {} clients) vs ceiling {:.0} orders/s ({}): {:.2} × ceiling; \
         goal ≥ 0.6 × with p99 ≤ 100 ms: {}",
        backend_name(backend),
        best_hub.rate(),
        best_hub.pct(50.0),
        best_hub.pct(99.0),
        best_hub.clients,
        best_ceiling.rate(),
        best_ceiling.label,
        ratio,
        if ratio >= 0.6 && best_hub.pct(99.0) <= 100.0 { "met" } else { "NOT met" }
    );

    // Everything the hub said it created is there, 20 lines each.
    let (orders, lines): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), (SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.order_id = l.order_id WHERE o.request_hash NOT IN ('pgbench', 'ceiling', 'demo'))
         FROM orders WHERE request_hash NOT IN ('pgbench', 'ceiling', 'demo')",
    )
    .fetch_one(&setup.pool)
    .await
    .unwrap();
    println!(
        "  check: {orders} orders from the hub in the database with {lines} lines ({:.1} a order)",
        lines as f64 / orders.max(1) as f64
    );

    if opts.explain {
        if let Target::Pg(pg) = &target {
            explain(pg, &setup, best_hub.clients.min(16), customers, hub_user, &cycle).await;
        }
    }

    drop(http);
    hub.stop().await;
    setup.pool.close().await;
    target.finish().await;
}

/// Per-statement latencies of the ceiling and of the hub's own statement sequence (pgbench -r), and
/// the plans of the hub's reads, on the database the hub just wrote to.
pub(crate) async fn explain(pg: &PgDatabase, setup: &Db, clients: usize, customers: usize, hub_user: i64, cycle: &str) {
    let token_hash: String = sqlx::query_scalar("SELECT token_hash FROM sessions LIMIT 1").fetch_one(&setup.pool).await.unwrap();
    let defines = [
        ("customers", customers.to_string()),
        ("hubuser", hub_user.to_string()),
        ("now", db::now_ms().to_string()),
        ("cycle", cycle.to_owned()),
        ("tok", token_hash),
    ];
    let script = |text: String| {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    };
    let replica = script(hub_statements_script(false));
    let lean = script(hub_statements_script(true));
    let batched = script(batched_ceiling_script());
    for (name, script) in [
        ("ceiling (order_ceiling.sql)", Path::new(CEILING_SCRIPT)),
        ("the hub's statement sequence", replica.path()),
        ("variant: the ceiling with one INSERT for the 20 lines", batched.path()),
        ("variant: a leaner hub sequence (supply read once, one INSERT for the lines, no re-read of the order)", lean.path()),
    ] {
        let (load, stdout) = pgbench(pg, script, clients, 10, &defines, true).await;
        println!("\n  -- pgbench -r, {clients} clients, {name}: {:.0} tx/s", load.rate());
        let mut in_statements = false;
        for line in stdout.lines() {
            if line.contains("statement latencies") {
                in_statements = true;
            }
            if in_statements {
                println!("  {line}");
            }
        }
    }
    let (customer, order_id): (i64, String) = sqlx::query_as(
        "SELECT customer_id, order_id FROM orders WHERE request_hash NOT IN ('pgbench', 'demo') ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_one(&setup.pool)
    .await
    .unwrap();
    let mut conn = sqlx::PgConnection::connect(&pg.url).await.unwrap();
    let queries = [
        ("load_order: lines", format!("SELECT order_id, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen FROM order_lines WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = {customer} AND order_id = '{order_id}') ORDER BY order_id, line_no")),
        ("load_order: events", format!("SELECT e.order_id, e.status, e.at, u.username, e.note FROM order_events e JOIN users u ON u.id = e.by_user WHERE e.order_id IN (SELECT order_id FROM orders WHERE customer_id = {customer} AND order_id = '{order_id}') ORDER BY e.order_id, e.at, e.id")),
        ("open orders (balance check when a balance is set)", format!("SELECT CAST(SUM(total_fen) AS BIGINT) FROM orders WHERE customer_id = {customer} AND status IN ('submitted', 'approved') AND order_id <> ''")),
        ("allocations in force", format!("SELECT a.product_code, a.quantity, COALESCE(u.used, 0) FROM allocations a LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code AND u.cycle_date = '{cycle}' WHERE a.customer_id = {customer} AND (a.cycle_date = '{cycle}' OR (a.cycle_date = '' AND NOT EXISTS (SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = '{cycle}')))")),
    ];
    for when in ["with the statistics as they are", "after a fresh ANALYZE"] {
        if when.contains("fresh") {
            sqlx::query("ANALYZE").execute(&mut conn).await.unwrap();
        }
        for (what, sql) in &queries {
            let plan: Vec<String> =
                sqlx::query_scalar(&format!("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")).fetch_all(&mut conn).await.unwrap();
            println!("\n  -- EXPLAIN ANALYZE {what}, {when}");
            for line in plan {
                println!("  {line}");
            }
        }
    }
    let _ = conn.close().await;
}

/// What the hub sends PostgreSQL for one 20-line order of a customer without a cutoff and without
/// a balance limit, in order (read off `orders::create_order` and what it calls, with promotions),
/// as a pgbench script: the session lookup, then one transaction (an order that a promotion
/// applies to also inserts its adjustments; left out here). `lean`: supply read once, the lines in
/// one INSERT, and the order not read back (the handler has it already).
pub(crate) fn hub_statements_script(lean: bool) -> String {
    let codes =
        |first: usize| (0..LINES_PER_ORDER).map(|i| format!("CAST(100000 + :p{} AS TEXT)", first + i)).collect::<Vec<_>>().join(", ");
    let mut s = String::new();
    s.push_str("\\set c random(1, :customers)\n\\set p1 random(21, 210)\n\\set p2 random(211, 400)\n");
    for i in 3..=LINES_PER_ORDER {
        s.push_str(&format!("\\set p{i} random({}, {})\n", 401 + (i - 3) * 80, 480 + (i - 3) * 80));
    }
    s.push_str("SELECT u.id AS user_id, u.username, u.role, u.must_change_password, u.branch_id, u.customer_id, c.code AS customer_code, c.name AS customer_name, c.tier, c.status AS customer_status, s.expires_at, s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN customers c ON c.id = u.customer_id WHERE s.token_hash = :tok;\n");
    s.push_str("BEGIN;\n");
    s.push_str("INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at) VALUES (gen_random_uuid()::text, :c, :hubuser, 'claim:' || gen_random_uuid()::text, 'replica', 'saved', 0, :now) ON CONFLICT (order_id) DO NOTHING RETURNING order_id AS oid \\gset\n");
    s.push_str("SELECT ordering_days, cutoff_minute FROM customers WHERE id = :c;\n");
    s.push_str(&format!("SELECT code, barcode, name, brand, category, origin, specification, unit, pack_multiple, min_per_order, max_per_order, base_price_fen, retail_price_fen, status, is_new FROM products WHERE code IN ({});\n", codes(1)));
    s.push_str("SELECT customer_id, product_code, kind, fixed_price_fen, rate, valid_from, valid_to FROM price_rules WHERE customer_id = :c OR tier = 'B';\n");
    let allocations = "SELECT a.product_code, a.quantity, COALESCE(u.used, 0) FROM allocations a LEFT JOIN allocation_use u ON u.customer_id = a.customer_id AND u.product_code = a.product_code AND u.cycle_date = :cycle WHERE a.customer_id = :c AND (a.cycle_date = :cycle OR (a.cycle_date = '' AND NOT EXISTS (SELECT 1 FROM allocations d WHERE d.customer_id = a.customer_id AND d.product_code = a.product_code AND d.cycle_date = :cycle)));\n";
    let stock = format!("SELECT product_code, available FROM stock WHERE product_code IN ({});\n", codes(1));
    // price_order: supply_for, then the promotions in force; then place → take: supply_for again.
    s.push_str(allocations);
    s.push_str(&stock);
    s.push_str("SELECT id, name, kind, covers, tiers, valid_from, valid_to FROM promotions WHERE valid_from <= :cycle AND valid_to >= :cycle ORDER BY id;\n");
    if !lean {
        s.push_str(allocations);
        s.push_str(&stock);
    }
    for p in 1..=STOCKED_LINES {
        s.push_str(&format!("UPDATE stock SET available = available - 1, updated_at = :now WHERE product_code = CAST(100000 + :p{p} AS TEXT) AND available >= 1;\n"));
    }
    s.push_str("SELECT prepaid_balance_fen, credit_limit_fen FROM customers WHERE id = :c FOR NO KEY UPDATE;\n");
    s.push_str("SELECT nextval('order_number_seq') AS seq \\gset\n");
    s.push_str("UPDATE orders SET order_number = 'SO-' || CAST(:seq AS TEXT), total_fen = 250000, status = 'submitted', cycle_date = :cycle, closes_at = NULL WHERE order_id = :oid;\n");
    if lean {
        s.push_str(&lines_insert_all(":p", ""));
    } else {
        for line in 1..=LINES_PER_ORDER {
            s.push_str(&format!("INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES (:oid, {line}, CAST(100000 + :p{line} AS TEXT), '农夫山泉饮用天然水 550ml×24瓶', '箱', 1, 1, 3600, 3600);\n"));
        }
    }
    s.push_str("INSERT INTO order_events (order_id, status, at, by_user, note) VALUES (:oid, 'submitted', :now, :hubuser, NULL);\n");
    if lean {
        s.push_str("COMMIT;\n");
        return s;
    }
    s.push_str("SELECT order_id, order_number, status, total_fen, created_at, cycle_date, closes_at FROM orders WHERE customer_id = :c AND order_id = :oid ORDER BY created_at DESC, order_id DESC;\n");
    s.push_str("SELECT order_id, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen FROM order_lines WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = :c AND order_id = :oid) ORDER BY order_id, line_no;\n");
    s.push_str("SELECT order_id, promotion_id, description, product_code, free_quantity, amount_fen FROM order_adjustments WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = :c AND order_id = :oid) ORDER BY order_id, position;\n");
    s.push_str("SELECT e.order_id, e.status, e.at, u.username, e.note FROM order_events e JOIN users u ON u.id = e.by_user WHERE e.order_id IN (SELECT order_id FROM orders WHERE customer_id = :c AND order_id = :oid) ORDER BY e.order_id, e.at, e.id;\n");
    s.push_str("COMMIT;\n");
    s
}

/// One INSERT with the 20 lines, products `{var}1`… (stock-tracked: the first two).
pub(crate) fn lines_insert_all(var: &str, quantity: &str) -> String {
    let q = if quantity.is_empty() { "1".to_owned() } else { quantity.to_owned() };
    let rows: Vec<String> = (1..=LINES_PER_ORDER)
        .map(|line| {
            format!("(:oid, {line}, CAST(100000 + {var}{line} AS TEXT), '农夫山泉饮用天然水 550ml×24瓶', '箱', {q}, {q}, 3600, 3600 * {q})")
        })
        .collect();
    format!(
        "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen) VALUES {};\n",
        rows.join(", ")
    )
}

/// `order_ceiling.sql` with its 20 line INSERTs made one.
pub(crate) fn batched_ceiling_script() -> String {
    let ceiling = std::fs::read_to_string(CEILING_SCRIPT).unwrap();
    let mut out = String::new();
    let mut lines_done = false;
    for line in ceiling.lines() {
        if line.starts_with("INSERT INTO order_lines") {
            if !lines_done {
                // p1, p2 are the stock-tracked s1, s2 in the ceiling; p3… are its p1…
                let mut rows = lines_insert_all(":x", ":q");
                rows = rows.replace(":x1 ", ":s1 ").replace(":x2 ", ":s2 ");
                for i in (3..=LINES_PER_ORDER).rev() {
                    rows = rows.replace(&format!(":x{i} "), &format!(":p{} ", i - 2));
                }
                out.push_str(&rows);
                lines_done = true;
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------

/// The variables the ceiling's pgbench script reads: who orders, for which cycle, when.
fn ceiling_defines(customers: impl ToString, hub_user: impl ToString, cycle: &str) -> [(&'static str, String); 4] {
    [
        ("customers", customers.to_string()),
        ("hubuser", hub_user.to_string()),
        ("now", db::now_ms().to_string()),
        ("cycle", cycle.to_owned()),
    ]
}
