//! The hub's order path under load, over loopback HTTP, beside the ceiling of its database.
//!
//! `cargo bench -p restock-hub --bench orders -- [throughput] [rush] [delta] [queue] [--quick] [options]`
//! (no scenario: the first three). Build with `CARGO_TARGET_DIR=$HOME/.cache/restock/target`.
//!
//! - throughput: 20-line orders per second through `POST /api/v1/orders` (each placed at once) from
//!   N concurrent clients in a closed loop, each client with its own logged-in demo customers; beside
//!   it, in the same run and on the same database, the database's own ceiling for the same writes:
//!   pgbench with `benches/order_ceiling.sql` on PostgreSQL, a direct sqlx loop on SQLite.
//! - rush: 50,000 customers ordering in a cycle with a 23:00 cutoff (made with bulk SQL, with
//!   sessions, allocations and yesterday's orders; the hub's clock set to 22:40) each save one small
//!   order and confirm it (决定购买), arriving evenly over a few minutes; some retry the save or
//!   double-click confirm. Counts HTTP errors and duplicates (each customer must end with exactly one
//!   confirmed order today that took its allocation and stock once).
//! - delta: a catalogue of 100,000 products, 1% changed, pulled as a delta and in full (gzip).
//! - queue: the back office's order queue over 1,000,000 orders of 50,000 customers (bulk SQL), one
//!   request at a time per query shape (first page, each filter, each sort, a deep page, one order
//!   in full, as headquarters and as branch staff): p50/p95/max at the client over loopback.
//!
//! Every commit is durable: PostgreSQL as configured (`synchronous_commit` untouched), SQLite as the
//! hub opens it (WAL, `synchronous = FULL`). The hub runs in-process on its own Tokio runtime (two
//! workers, like the release binary on this machine), the clients on another. PostgreSQL databases
//! are created for the run (`restock_bench_*`) and dropped after it.
//!
//! Options: `--backend pg|sqlite|both` (default: both for throughput and delta, pg for rush),
//! `--clients 4,8,16,32,64` (hub clients to try; 1,2,4,8,16 on SQLite), `--pgbench-clients 4,8,16,32`,
//! `--seconds 20`, `--rush-customers 50000`, `--rush-window 180` (seconds), `--no-gzip` (clients that do not accept
//! gzip), `--explain` (after throughput on PostgreSQL: per-statement latencies of the ceiling and of
//! the hub's own statement sequence, by pgbench -r, and EXPLAIN ANALYZE of the hub's reads),
//! `--no-analyze` (PostgreSQL: don't ANALYZE every 30 s while the hub runs, which stands in for
//! autovacuum, off on this machine's server), `--pg-url postgres://…/postgres` (or
//! RESTOCK_BENCH_PG_URL; default postgres@127.0.0.1:5432).

mod common;
mod delta;
mod queue;
mod rush;
mod throughput;

use restock_hub::db::Backend;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const HUB_THREADS: &str = "hub-rt";
const CLIENT_THREADS: &str = "client-rt";
const CEILING_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/order_ceiling.sql");
const LOG_FILE: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/orders-bench-hub.log");
const LINES_PER_ORDER: usize = 20;
const STOCKED_LINES: usize = 2;
/// Plenty, so neither the hub nor the ceiling is ever refused for stock.
const PLENTY: i64 = 1_000_000_000;

// ---------------------------------------------------------------------------------------------
// Options

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scenario {
    Throughput,
    Rush,
    Delta,
    Queue,
}

#[derive(Clone, Debug)]
struct Options {
    scenarios: Vec<Scenario>,
    quick: bool,
    backend: Option<Vec<Backend>>,
    clients: Vec<usize>,
    pgbench_clients: Vec<usize>,
    seconds: u64,
    rush_customers: usize,
    rush_window: u64,
    gzip: bool,
    explain: bool,
    autoanalyze: bool,
    pg_admin: String,
}

fn list(value: &str) -> Vec<usize> {
    value.split(',').map(|v| v.trim().parse().unwrap_or_else(|_| panic!("not a number: {v}"))).collect()
}

impl Options {
    fn parse() -> Options {
        let mut o = Options {
            scenarios: Vec::new(),
            quick: false,
            backend: None,
            clients: Vec::new(),
            pgbench_clients: Vec::new(),
            seconds: 0,
            rush_customers: 0,
            rush_window: 0,
            gzip: true,
            explain: false,
            autoanalyze: true,
            pg_admin: std::env::var("RESTOCK_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
            match arg.as_str() {
                "--bench" => {} // cargo bench passes it
                "throughput" => o.scenarios.push(Scenario::Throughput),
                "rush" => o.scenarios.push(Scenario::Rush),
                "delta" => o.scenarios.push(Scenario::Delta),
                "queue" => o.scenarios.push(Scenario::Queue),
                "--quick" => o.quick = true,
                "--no-gzip" => o.gzip = false,
                "--explain" => o.explain = true,
                "--no-analyze" => o.autoanalyze = false,
                "--backend" => {
                    o.backend = Some(match value().as_str() {
                        "pg" | "postgres" => vec![Backend::Postgres],
                        "sqlite" => vec![Backend::Sqlite],
                        "both" => vec![Backend::Postgres, Backend::Sqlite],
                        other => panic!("--backend pg|sqlite|both, not {other}"),
                    })
                }
                "--clients" => o.clients = list(&value()),
                "--pgbench-clients" => o.pgbench_clients = list(&value()),
                "--seconds" => o.seconds = value().parse().expect("--seconds N"),
                "--rush-customers" => o.rush_customers = value().parse().expect("--rush-customers N"),
                "--rush-window" => o.rush_window = value().parse().expect("--rush-window SECONDS"),
                "--pg-url" => o.pg_admin = value(),
                other if other.starts_with('-') => panic!("unknown option {other}"),
                other => panic!("unknown scenario {other}: throughput, rush, delta or queue"),
            }
        }
        if o.scenarios.is_empty() {
            o.scenarios = vec![Scenario::Throughput, Scenario::Rush, Scenario::Delta];
        }
        let q = o.quick;
        if o.pgbench_clients.is_empty() {
            o.pgbench_clients = if q { vec![8] } else { vec![4, 8, 16, 32] };
        }
        if o.seconds == 0 {
            o.seconds = if q { 3 } else { 20 };
        }
        if o.rush_customers == 0 {
            o.rush_customers = if q { 2_000 } else { 50_000 };
        }
        if o.rush_window == 0 {
            o.rush_window = if q { 8 } else { 180 };
        }
        o
    }

    /// Hub clients to try: given, or a spread around where each backend peaks on two cores.
    fn hub_clients(&self, backend: Backend) -> Vec<usize> {
        match (self.clients.is_empty(), self.quick, backend) {
            (false, _, _) => self.clients.clone(),
            (true, true, _) => vec![8],
            (true, false, Backend::Postgres) => vec![4, 8, 16, 32, 64],
            (true, false, Backend::Sqlite) => vec![1, 2, 4, 8, 16],
        }
    }

    fn backends(&self, scenario: Scenario) -> Vec<Backend> {
        self.backend.clone().unwrap_or(match scenario {
            Scenario::Rush => vec![Backend::Postgres],
            _ => vec![Backend::Postgres, Backend::Sqlite],
        })
    }
}

// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("")
        .trim()
        .to_owned();
    let head = std::process::Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "describe", "--always", "--dirty"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "{} UTC; {cores} cores ({model}); load average {}; working tree {head}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    )
}

fn main() {
    let opts = Options::parse();
    // The hub logs as the release binary does (info, one line per order), to a file.
    let log = std::fs::File::create(LOG_FILE).expect("log file");
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"))
        .with_writer(Mutex::new(log))
        .with_ansi(false)
        .init();
    println!("orders bench: {:?}{}", opts.scenarios, if opts.quick { " (quick)" } else { "" });
    println!("machine: {}", machine());
    let hub_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name(HUB_THREADS).enable_all().build().unwrap();
    let client_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name(CLIENT_THREADS).enable_all().build().unwrap();
    let hub = hub_rt.handle().clone();
    let started = Instant::now();
    client_rt.block_on(async {
        for scenario in opts.scenarios.clone() {
            for backend in opts.backends(scenario) {
                match scenario {
                    Scenario::Throughput => throughput::throughput(&opts, &hub, backend).await,
                    Scenario::Rush => rush::rush(&opts, &hub, backend).await,
                    Scenario::Delta => delta::delta(&opts, &hub, backend).await,
                    Scenario::Queue => queue::queue(&opts, &hub, backend).await,
                }
            }
        }
    });
    println!("\ndone in {:.0} s; the hub's log: {LOG_FILE}; machine after: {}", started.elapsed().as_secs_f64(), machine());
    client_rt.shutdown_timeout(Duration::from_secs(5));
    hub_rt.shutdown_timeout(Duration::from_secs(5));
}
