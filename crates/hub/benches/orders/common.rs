//! What the scenarios share: databases for the run, the hub on its own runtime, CPU accounting,
//! latencies, logins, the products to order, PostgreSQL housekeeping and the closed-loop client.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use restock_hub::calendar::Calendar;
use restock_hub::db::{self, Backend, Db};
use restock_hub::demo::{self};
use restock_hub::AppState;
use restock_protocol::accounts::LoginResponse;
use restock_protocol::catalogue::{Catalogue, ProductStatus};
use restock_protocol::orders::{CreateOrder, OrderLineInput};
use restock_protocol::routes;
use sqlx::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;

use super::{CLIENT_THREADS, HUB_THREADS, LINES_PER_ORDER, STOCKED_LINES};

// Databases: a PostgreSQL database of our own, or a SQLite file in a temporary directory.

pub(crate) struct PgDatabase {
    pub(crate) admin: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) dropped: bool,
}

impl PgDatabase {
    pub(crate) async fn create(admin: &str, tag: &str) -> PgDatabase {
        let name = format!("restock_bench_{tag}_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
        let mut conn = sqlx::PgConnection::connect(admin).await.expect("PostgreSQL is not reachable (--pg-url)");
        sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.unwrap();
        let mut url = reqwest::Url::parse(admin).unwrap();
        url.set_path(&name);
        PgDatabase { admin: admin.to_owned(), name, url: url.to_string(), dropped: false }
    }

    pub(crate) async fn drop_now(mut self) {
        drop_pg_database(&self.admin, &self.name).await;
        self.dropped = true;
    }
}

pub(crate) async fn drop_pg_database(admin: &str, name: &str) {
    assert!(name.starts_with("restock_bench_"));
    if let Ok(mut conn) = sqlx::PgConnection::connect(admin).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut conn).await;
    }
}

impl Drop for PgDatabase {
    /// On a panic, still drop the database (from a thread with a runtime of its own).
    fn drop(&mut self) {
        if !self.dropped {
            let (admin, name) = (self.admin.clone(), self.name.clone());
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(drop_pg_database(&admin, &name))
            })
            .join();
        }
    }
}

pub(crate) enum Target {
    Pg(PgDatabase),
    Sqlite { _dir: tempfile::TempDir, path: String },
}

impl Target {
    pub(crate) async fn create(backend: Backend, admin: &str, tag: &str) -> Target {
        match backend {
            Backend::Postgres => Target::Pg(PgDatabase::create(admin, tag).await),
            Backend::Sqlite => {
                // Beside the target dir, on the same disk as a hub's data would be, not in tmpfs.
                let dir = tempfile::Builder::new().prefix("restock-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
                let path = dir.path().join("hub.sqlite").display().to_string();
                Target::Sqlite { _dir: dir, path }
            }
        }
    }

    pub(crate) fn url(&self) -> String {
        match self {
            Target::Pg(pg) => pg.url.clone(),
            Target::Sqlite { path, .. } => path.clone(),
        }
    }

    pub(crate) async fn finish(self) {
        if let Target::Pg(pg) = self {
            pg.drop_now().await;
        }
    }
}

pub(crate) fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "PostgreSQL",
        Backend::Sqlite => "SQLite",
    }
}

// ---------------------------------------------------------------------------------------------
// CPU: where the cores went, from /proc (threads of this process by name, PostgreSQL's processes,
// the whole machine).

#[derive(Default, Clone)]
pub(crate) struct CpuSnap {
    pub(crate) at: Option<Instant>,
    /// Thread id → (group, ticks): per thread, since threads that exit take their ticks along.
    pub(crate) threads: HashMap<u32, (&'static str, u64)>,
    pub(crate) postgres: HashMap<u32, u64>,
    /// Every other process (not PostgreSQL, not pgbench, not this one): what else ran meanwhile.
    pub(crate) others: HashMap<u32, u64>,
    pub(crate) children: u64,
    pub(crate) machine_busy: u64,
    pub(crate) machine_total: u64,
}

#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct CpuUse {
    pub(crate) secs: f64,
    pub(crate) hub: f64,
    pub(crate) client: f64,
    pub(crate) sqlite: f64,
    pub(crate) postgres: f64,
    pub(crate) children: f64,
    pub(crate) others: f64,
    pub(crate) machine: f64,
}

/// (comm, utime + stime, cutime + cstime) in clock ticks.
pub(crate) fn read_stat(path: &Path) -> Option<(String, u64, u64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let (open, close) = (text.find('(')?, text.rfind(')')?);
    let comm = text[open + 1..close].to_owned();
    let rest: Vec<u64> = text[close + 1..].split_whitespace().skip(1).map(|f| f.parse().unwrap_or(0)).collect();
    Some((comm, rest.get(10)? + rest.get(11)?, rest.get(12)? + rest.get(13)?))
}

pub(crate) fn thread_group(comm: &str) -> &'static str {
    if comm.starts_with(HUB_THREADS) {
        "hub"
    } else if comm.starts_with(CLIENT_THREADS) {
        "client"
    } else if comm.starts_with("sqlx-sqlite") {
        "sqlite"
    } else {
        "other"
    }
}

pub(crate) fn cpu_snapshot() -> CpuSnap {
    let mut snap = CpuSnap { at: Some(Instant::now()), ..Default::default() };
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let Some(tid) = task.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            if let Some((comm, ticks, _)) = read_stat(&task.path().join("stat")) {
                snap.threads.insert(tid, (thread_group(&comm), ticks));
            }
        }
    }
    if let Some((_, _, children)) = read_stat(Path::new("/proc/self/stat")) {
        snap.children = children;
    }
    if let Ok(procs) = std::fs::read_dir("/proc") {
        for entry in procs.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            if pid == std::process::id() {
                continue;
            }
            if let Some((comm, ticks, _)) = read_stat(&entry.path().join("stat")) {
                match comm.as_str() {
                    "postgres" => snap.postgres.insert(pid, ticks),
                    "pgbench" => None,
                    _ => snap.others.insert(pid, ticks),
                };
            }
        }
    }
    if let Ok(stat) = std::fs::read_to_string("/proc/stat") {
        let fields: Vec<u64> = stat.lines().next().unwrap_or("").split_whitespace().skip(1).map(|f| f.parse().unwrap_or(0)).collect();
        if fields.len() >= 8 {
            let idle = fields[3] + fields[4];
            let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
            snap.machine_busy = busy;
            snap.machine_total = busy + idle;
        }
    }
    snap
}

impl CpuSnap {
    /// Core-seconds used between two snapshots. Clock ticks are 1/100 s on Linux.
    pub(crate) fn until(&self, later: &CpuSnap) -> CpuUse {
        let tick = 0.01;
        let group = |g: &str| {
            let ticks: u64 = later
                .threads
                .iter()
                .filter(|(_, (group, _))| *group == g)
                .map(|(tid, (_, t))| t.saturating_sub(self.threads.get(tid).map_or(0, |(_, t)| *t)))
                .sum();
            ticks as f64 * tick
        };
        let postgres: u64 = later.postgres.iter().map(|(pid, t)| t.saturating_sub(self.postgres.get(pid).copied().unwrap_or(0))).sum();
        // Processes that were there before: a new one would count all its life (a compiler's, say).
        let others: u64 = later.others.iter().filter_map(|(pid, t)| self.others.get(pid).map(|b| t.saturating_sub(*b))).sum();
        let secs = match (self.at, later.at) {
            (Some(a), Some(b)) => (b - a).as_secs_f64(),
            _ => 0.0,
        };
        let busy = later.machine_busy.saturating_sub(self.machine_busy) as f64;
        let total = later.machine_total.saturating_sub(self.machine_total) as f64;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
        CpuUse {
            secs,
            hub: group("hub"),
            client: group("client"),
            sqlite: group("sqlite"),
            postgres: postgres as f64 * tick,
            children: later.children.saturating_sub(self.children) as f64 * tick,
            others: others as f64 * tick,
            machine: if total > 0.0 { busy / total * cores * secs } else { 0.0 },
        }
    }
}

impl CpuUse {
    /// Cores in use on average (core-seconds / wall seconds).
    pub(crate) fn cores(&self, core_secs: f64) -> f64 {
        if self.secs > 0.0 {
            core_secs / self.secs
        } else {
            0.0
        }
    }

    pub(crate) fn describe(&self, backend: Backend, orders: usize) -> String {
        let per = |core_secs: f64| if orders > 0 { core_secs * 1000.0 / orders as f64 } else { 0.0 };
        let db = match backend {
            Backend::Postgres => self.postgres,
            Backend::Sqlite => self.sqlite,
        };
        format!(
            "cores busy: machine {:.2} (other processes {:.2}), hub {:.2}, clients {:.2}, {} {:.2}{} | CPU ms per order: hub {:.2}, {} {:.2}",
            self.cores(self.machine),
            self.cores(self.others),
            self.cores(self.hub),
            self.cores(self.client),
            match backend {
                Backend::Postgres => "postgres",
                Backend::Sqlite => "sqlite threads",
            },
            self.cores(db),
            if self.children > 0.0 { format!(", pgbench {:.2}", self.cores(self.children)) } else { String::new() },
            per(self.hub),
            match backend {
                Backend::Postgres => "postgres",
                Backend::Sqlite => "sqlite",
            },
            per(db),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Results

#[derive(Default, Debug)]
pub(crate) struct Load {
    pub(crate) label: String,
    pub(crate) clients: usize,
    pub(crate) ok: usize,
    pub(crate) errors: BTreeMap<String, usize>,
    pub(crate) secs: f64,
    /// Microseconds, of the successful requests.
    pub(crate) latencies: Vec<u64>,
    pub(crate) cpu: CpuUse,
    /// A rate reported by pgbench itself, when it ran the load.
    pub(crate) reported_rate: Option<f64>,
}

impl Load {
    pub(crate) fn rate(&self) -> f64 {
        self.reported_rate.unwrap_or(if self.secs > 0.0 { self.ok as f64 / self.secs } else { 0.0 })
    }

    pub(crate) fn errors_total(&self) -> usize {
        self.errors.values().sum()
    }

    pub(crate) fn sort(&mut self) {
        self.latencies.sort_unstable();
    }

    /// Nearest rank, milliseconds.
    pub(crate) fn pct(&self, p: f64) -> f64 {
        percentile(&self.latencies, p)
    }
}

pub(crate) fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1] as f64 / 1000.0
}

pub(crate) fn note_error(errors: &mut BTreeMap<String, usize>, key: String) {
    *errors.entry(key).or_default() += 1;
}

pub(crate) async fn error_key(response: reqwest::Response) -> String {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or(serde_json::Value::Null);
    let code = body.get("code").and_then(|c| c.as_str()).unwrap_or("");
    let message: String = body.get("message").and_then(|c| c.as_str()).unwrap_or("").chars().take(80).collect();
    format!("HTTP {status} {code} {message}")
}

pub(crate) fn transport_key(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect error".into()
    } else {
        format!("transport: {e}")
    }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's own counters: which tables were scanned whole, and how many rows that read.

pub(crate) type TableStats = BTreeMap<String, (i64, i64, i64)>;

pub(crate) async fn table_stats(db: &Db) -> TableStats {
    if db.backend() != Backend::Postgres {
        return TableStats::new();
    }
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT relname::text, CAST(seq_scan AS BIGINT), CAST(seq_tup_read AS BIGINT), CAST(COALESCE(idx_scan, 0) AS BIGINT) FROM pg_stat_user_tables",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.into_iter().map(|(t, s, r, i)| (t, (s, r, i))).collect()
}

/// Tables read by sequential scans between two snapshots (statistics lag by up to half a second).
pub(crate) fn print_seq_scans(before: &TableStats, after: &TableStats, per: usize, per_what: &str) {
    let mut scanned: Vec<(String, i64, i64)> = after
        .iter()
        .map(|(t, (s, r, _))| {
            let (s0, r0, _) = before.get(t).copied().unwrap_or_default();
            (t.clone(), s - s0, r - r0)
        })
        .filter(|(_, scans, _)| *scans > 0)
        .collect();
    scanned.sort_by_key(|(_, _, rows)| -rows);
    let list: Vec<String> = scanned
        .iter()
        .take(6)
        .map(|(t, scans, rows)| format!("{t} {scans} scans, {rows} rows ({:.0} rows a {per_what})", *rows as f64 / per.max(1) as f64))
        .collect();
    println!("  sequential scans: {}", if list.is_empty() { "none".to_owned() } else { list.join("; ") });
}

// ---------------------------------------------------------------------------------------------
// The hub, in-process on its own runtime

pub(crate) struct RunningHub {
    pub(crate) url: String,
    pub(crate) calendar: Calendar,
    pub(crate) stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub(crate) done: tokio::task::JoinHandle<()>,
}

pub(crate) async fn start_hub(rt: &Handle, target: &str) -> RunningHub {
    let target = target.to_owned();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, is_ready) = tokio::sync::oneshot::channel();
    let done = rt.spawn(async move {
        // The pool is made on the hub's runtime, so its sockets are driven there.
        let db = db::connect(&target).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let mut state = AppState::new(db.clone());
        // Every customer logs in from this one address before the measured part starts.
        state.attempts.burst = 1_000_000;
        let _ = ready.send((url, state.calendar.clone()));
        let _ = restock_hub::serve(listener, state, async {
            let _ = stopped.await;
        })
        .await;
        db.pool.close().await;
    });
    let (url, calendar) = is_ready.await.unwrap();
    RunningHub { url, calendar, stop: Some(stop), done }
}

impl RunningHub {
    pub(crate) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Keep-alive connections of dropped clients close on their own; don't wait forever.
        let _ = tokio::time::timeout(Duration::from_secs(10), &mut self.done).await;
        self.done.abort();
    }
}

pub(crate) fn http_client(gzip: bool) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(60)).pool_max_idle_per_host(usize::MAX);
    if !gzip {
        builder = builder.no_gzip();
    }
    builder.build().unwrap()
}

pub(crate) async fn login(http: &reqwest::Client, url: &str, username: &str) -> String {
    let response = http
        .post(format!("{url}{}", routes::LOGIN))
        .json(&serde_json::json!({"username": username, "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "login {username}");
    response.json::<LoginResponse>().await.unwrap().token
}

/// Logs in `usernames` a few at a time (each login verifies an argon2 hash).
pub(crate) async fn login_all(http: &reqwest::Client, url: &str, usernames: Vec<String>) -> Vec<String> {
    let next = Arc::new(AtomicUsize::new(0));
    let usernames = Arc::new(usernames);
    let tokens = Arc::new(Mutex::new(vec![String::new(); usernames.len()]));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let (http, url, next, usernames, tokens) = (http.clone(), url.to_owned(), next.clone(), usernames.clone(), tokens.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(username) = usernames.get(i) else { break };
                let token = login(&http, &url, username).await;
                tokens.lock().unwrap()[i] = token;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let tokens = tokens.lock().unwrap().clone();
    tokens
}

// ---------------------------------------------------------------------------------------------
// What to order: products from the catalogue with quantities its rules accept.

#[derive(Clone, Debug)]
pub(crate) struct Orderable {
    pub(crate) code: String,
    pub(crate) pack: u32,
    pub(crate) min: u32,
    pub(crate) max: Option<u32>,
}

impl Orderable {
    pub(crate) fn smallest(&self) -> u32 {
        self.min.max(1).div_ceil(self.pack) * self.pack
    }

    pub(crate) fn fits(&self) -> bool {
        self.max.is_none_or(|m| self.smallest() <= m)
    }

    /// One to three times the smallest quantity the rules accept, within the maximum.
    pub(crate) fn quantity(&self, rng: &mut StdRng) -> u32 {
        let q = self.smallest() * rng.gen_range(1..=3);
        match self.max {
            Some(m) if q > m => self.smallest(),
            _ => q,
        }
    }
}

pub(crate) struct Products {
    /// Codes 100401 and up: no stock tracked, no allocations.
    pub(crate) plain: Vec<Orderable>,
    /// Codes 100021–100400: stock tracked (raised to plenty before the run).
    pub(crate) stocked: Vec<Orderable>,
    /// Codes 100001–100020: cigarettes that cycle customers have allocations on.
    pub(crate) allocated: Vec<Orderable>,
}

pub(crate) async fn products(http: &reqwest::Client, url: &str, token: &str) -> Products {
    let catalogue: Catalogue =
        http.get(format!("{url}{}", routes::CATALOGUE)).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    let mut p = Products { plain: Vec::new(), stocked: Vec::new(), allocated: Vec::new() };
    for product in catalogue.products {
        let Ok(n) = product.code.parse::<u32>() else { continue };
        let item = Orderable {
            code: product.code.clone(),
            pack: product.rules.pack_multiple.max(1),
            min: product.rules.min_per_order,
            max: product.rules.max_per_order,
        };
        if product.status != ProductStatus::OnSale || !item.fits() {
            continue;
        }
        match n {
            100_001..=100_020 => p.allocated.push(item),
            100_021..=100_400 => p.stocked.push(item),
            n if n > 100_400 => p.plain.push(item),
            _ => {}
        }
    }
    assert!(p.plain.len() >= LINES_PER_ORDER && p.stocked.len() >= STOCKED_LINES, "too few products to order");
    p
}

impl Products {
    /// 20 distinct products: two that track stock, the rest that don't.
    pub(crate) fn order(&self, rng: &mut StdRng) -> CreateOrder {
        let mut lines: Vec<OrderLineInput> = Vec::with_capacity(LINES_PER_ORDER);
        for item in self.stocked.choose_multiple(rng, STOCKED_LINES).chain(self.plain.choose_multiple(rng, LINES_PER_ORDER - STOCKED_LINES))
        {
            lines.push(OrderLineInput { product_code: item.code.clone(), quantity: item.quantity(rng), demand: None });
        }
        lines.shuffle(rng);
        CreateOrder { order_id: uuid::Uuid::now_v7(), lines, expected_total: None }
    }
}

// ---------------------------------------------------------------------------------------------
// Seeding

pub(crate) async fn connect_setup(target: &str) -> Db {
    let db = db::connect(target).await.unwrap();
    db.migrate().await.unwrap();
    db
}

/// Each measured run starts just after a checkpoint, so none pays for another's dirty pages.
pub(crate) async fn checkpoint(db: &Db) {
    if db.backend() == Backend::Postgres {
        sqlx::query("CHECKPOINT").execute(&db.pool).await.unwrap();
    } else {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&db.pool).await.unwrap();
    }
}

/// This machine's PostgreSQL runs with `autovacuum = off` (a CI setting), so nothing renews the
/// planner's statistics while tables grow, and prepared statements keep generic plans made when
/// the tables were empty (whole-table scans of `order_lines`, `order_events`, `allocation_use`…,
/// each request slower than the last). A hub's server runs autovacuum, which analyses a table
/// once a tenth of it has changed, checking every minute; this stands in for it: ANALYZE of the
/// bench's own database every 30 s until the returned guard is dropped. `--no-analyze` turns it off.
pub(crate) fn autoanalyze(db: &Db, enabled: bool) -> Option<AbortOnDrop> {
    if db.backend() != Backend::Postgres || !enabled {
        return None;
    }
    let pool = db.pool.clone();
    Some(AbortOnDrop(tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(30));
        every.tick().await;
        loop {
            every.tick().await;
            let _ = sqlx::query("ANALYZE").execute(&pool).await;
        }
    })))
}

pub(crate) struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub(crate) async fn analyze(db: &Db) {
    if db.backend() == Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.unwrap();
    }
}

/// Demo customers who place orders at once (not the cycle customers at 5, 11, 17, 23…).
pub(crate) fn non_cycle_customers(count: usize) -> Vec<String> {
    (1..=count).filter(|n| n % 12 != 5 && n % 12 != 11).map(|n| format!("3301{n:08}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Throughput

pub(crate) async fn hub_closed_loop(
    http: &reqwest::Client, url: &str, tokens: &[String], products: &Arc<Products>, clients: usize, warm: Duration, measure: Duration,
) -> Load {
    let start = Instant::now();
    let (from, until) = (start + warm, start + warm + measure);
    let mut tasks = Vec::new();
    for i in 0..clients {
        // Client i orders for customers i, i + N, i + 2N… in turn (or shares one if N > customers).
        let mine: Vec<String> = if clients <= tokens.len() {
            tokens.iter().skip(i).step_by(clients).cloned().collect()
        } else {
            vec![tokens[i % tokens.len()].clone()]
        };
        let (http, orders_url, products) = (http.clone(), format!("{url}{}", routes::ORDERS), products.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(0x5eed + i as u64);
            let (mut ok, mut latencies, mut errors) = (0usize, Vec::new(), BTreeMap::new());
            let mut turn = 0usize;
            while Instant::now() < until {
                let token = &mine[turn % mine.len()];
                turn += 1;
                let body = serde_json::to_vec(&products.order(&mut rng)).unwrap();
                let sent = Instant::now();
                let outcome =
                    match http.post(&orders_url).bearer_auth(token).header("content-type", "application/json").body(body).send().await {
                        Ok(response) if response.status().as_u16() == 201 => match response.bytes().await {
                            Ok(_) => Ok(()),
                            Err(e) => Err(transport_key(&e)),
                        },
                        Ok(response) => Err(error_key(response).await),
                        Err(e) => Err(transport_key(&e)),
                    };
                let done = Instant::now();
                if done >= from && done <= until {
                    match outcome {
                        Ok(()) => {
                            ok += 1;
                            latencies.push((done - sent).as_micros() as u64);
                        }
                        Err(key) => note_error(&mut errors, key),
                    }
                }
            }
            (ok, latencies, errors)
        }));
    }
    let mut load = gather(format!("hub, {clients} clients"), clients, measure, (from, until), tasks).await;
    load.sort();
    load
}

/// What one closed-loop client counted: orders placed, their latencies (µs), errors by kind.
pub(crate) type Counted = (usize, Vec<u64>, BTreeMap<String, usize>);

/// Waits for the measured window (`from`..`until`, after the warm-up), takes the CPU it used, and
/// adds up what the clients counted in it.
pub(crate) async fn gather(
    label: String, clients: usize, measure: Duration, (from, until): (Instant, Instant), tasks: Vec<tokio::task::JoinHandle<Counted>>,
) -> Load {
    tokio::time::sleep_until(from.into()).await;
    let before = cpu_snapshot();
    tokio::time::sleep_until(until.into()).await;
    let after = cpu_snapshot();
    let mut load = Load { label, clients, secs: measure.as_secs_f64(), cpu: before.until(&after), ..Default::default() };
    for task in tasks {
        let (ok, latencies, errors) = task.await.unwrap();
        load.ok += ok;
        load.latencies.extend(latencies);
        for (k, v) in errors {
            *load.errors.entry(k).or_default() += v;
        }
    }
    load
}

pub(crate) fn pgbench_binary() -> PathBuf {
    if let Ok(path) = std::env::var("PGBENCH") {
        return path.into();
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("pgbench"))
        .find(|p| p.is_file());
    if let Some(path) = on_path {
        return path;
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin/pgbench"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.pop().expect("pgbench not found: set PGBENCH=/path/to/pgbench")
}

/// Runs pgbench against `db` with `script`; returns its rate and every transaction's latency.
pub(crate) async fn pgbench(
    pg: &PgDatabase, script: &Path, clients: usize, secs: u64, defines: &[(&str, String)], per_statement: bool,
) -> (Load, String) {
    let url = reqwest::Url::parse(&pg.url).unwrap();
    let logs = tempfile::tempdir().unwrap();
    let prefix = logs.path().join("tx");
    let mut command = tokio::process::Command::new(pgbench_binary());
    command
        .arg("-h")
        .arg(url.host_str().unwrap_or("127.0.0.1"))
        .arg("-p")
        .arg(url.port().unwrap_or(5432).to_string())
        .arg("-U")
        .arg(if url.username().is_empty() { "postgres" } else { url.username() })
        .args(["-n", "-M", "prepared", "-c"])
        .arg(clients.to_string())
        .arg("-j")
        .arg(clients.min(2).to_string())
        .arg("-T")
        .arg(secs.to_string())
        .arg("-f")
        .arg(script);
    for (name, value) in defines {
        command.arg("-D").arg(format!("{name}={value}"));
    }
    if per_statement {
        command.arg("-r");
    } else {
        command.arg("-l").arg(format!("--log-prefix={}", prefix.display()));
    }
    command.arg(&pg.name);
    let before = cpu_snapshot();
    let output = command.output().await.expect("running pgbench");
    let after = cpu_snapshot();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut cpu = before.until(&after);
    // pgbench's backends have exited by now: PostgreSQL's share is the machine's less pgbench's.
    cpu.postgres = (cpu.machine - cpu.children - cpu.others).max(cpu.postgres);
    let mut load = Load { label: format!("pgbench, {clients} clients"), clients, secs: secs as f64, cpu, ..Default::default() };
    if !output.status.success() {
        note_error(&mut load.errors, format!("pgbench failed: {}", stderr.lines().last().unwrap_or("")));
        eprintln!("pgbench: {stdout}\n{stderr}");
    }
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("tps = ") {
            load.reported_rate = rest.split_whitespace().next().and_then(|t| t.parse().ok());
        }
        if let Some(rest) = line.strip_prefix("number of failed transactions: ") {
            let failed: usize = rest.split_whitespace().next().and_then(|t| t.parse().ok()).unwrap_or(0);
            if failed > 0 {
                load.errors.insert("failed transactions".into(), failed);
            }
        }
    }
    for entry in std::fs::read_dir(logs.path()).unwrap().flatten() {
        for line in std::fs::read_to_string(entry.path()).unwrap_or_default().lines() {
            // client_id transaction_no time script_no time_epoch time_us
            if let Some(us) = line.split_whitespace().nth(2).and_then(|t| t.parse::<u64>().ok()) {
                load.ok += 1;
                load.latencies.push(us);
            }
        }
    }
    load.sort();
    (load, stdout)
}
