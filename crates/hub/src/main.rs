//! `restock-hub`: serve, migrate, seed demo data.

use clap::{Parser, Subcommand};
use restock_hub::{db, demo, AppState};

#[derive(Parser)]
#[command(version, about = "Restock hub: a supplier's ordering server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrates first).
    Serve {
        /// A SQLite file path, or a postgres:// URL.
        #[arg(long, env = "RESTOCK_HUB_DATABASE")]
        database: String,
        /// Address to listen on; port 0 picks a free one.
        #[arg(long, default_value = "127.0.0.1:8787", env = "RESTOCK_HUB_LISTEN")]
        listen: String,
        /// The supplier's time zone (IANA name): ordering days and cutoffs are in it.
        #[arg(long, default_value = "Asia/Shanghai", env = "RESTOCK_HUB_TIME_ZONE")]
        time_zone: chrono_tz::Tz,
        /// For demos and tests only: run the hub's clock from this instant (RFC 3339), e.g. to show
        /// a cycle one minute before its cutoff.
        #[arg(long, env = "RESTOCK_HUB_PRETEND_NOW")]
        pretend_now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Logins, password changes and sign-ups one client address may make at once, before it
        /// gets one more every half second; raise it where many buyers share one address.
        #[arg(long, default_value_t = 30, env = "RESTOCK_HUB_LOGIN_BURST")]
        login_burst: u32,
    },
    /// Apply the database migrations.
    Migrate {
        #[arg(long, env = "RESTOCK_HUB_DATABASE")]
        database: String,
    },
    /// Create a supplier staff account (the first admin, say). Prints the issued password once; it
    /// must be changed at first login.
    CreateAdmin {
        #[arg(long, env = "RESTOCK_HUB_DATABASE")]
        database: String,
        #[arg(long)]
        username: String,
        /// admin, reviewer, warehouse or finance.
        #[arg(long, default_value = "admin")]
        role: String,
        /// The branch the account belongs to; none: headquarters.
        #[arg(long)]
        branch: Option<String>,
    },
    /// Seed deterministic demo data (only into a database without customers).
    DemoData {
        #[arg(long, env = "RESTOCK_HUB_DATABASE")]
        database: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()))
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve { database, listen, time_zone, pretend_now, login_burst } => {
            let db = open(&database).await?;
            let calendar = restock_hub::calendar::Calendar::new(time_zone);
            if let Some(instant) = pretend_now {
                tracing::warn!(%instant, "the hub's clock is pretending; never do this in production");
                calendar.pretend_now(instant.with_timezone(&chrono::Utc));
            }
            let listener = tokio::net::TcpListener::bind(&listen).await?;
            let addr = listener.local_addr()?;
            // One line on stdout for scripts and tests that started us on port 0.
            println!("RESTOCK_HUB_LISTENING http://{addr}");
            tracing::info!(%addr, database = db.backend_name(), "hub listening");
            let attempts = restock_hub::accounts::AttemptsLimit { burst: login_burst, ..Default::default() };
            restock_hub::serve(listener, AppState { db: db.clone(), calendar, attempts }, stop_signal()).await?;
            // Requests in flight have been answered; close the pool, so SQLite checkpoints its log.
            db.pool.close().await;
            tracing::info!("hub stopped");
        }
        Command::Migrate { database } => {
            open(&database).await?;
            println!("migrated");
        }
        Command::CreateAdmin { database, username, role, branch } => {
            let db = open(&database).await?;
            let role = restock_protocol::accounts::UserRole::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            let issued = restock_hub::accounts::staff::create_staff(&db, &username, role, branch.as_deref(), restock_hub::db::now_ms())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created {} ({}); issued password, shown this once: {}", issued.username, role.as_str(), issued.initial_password);
            println!("it must be changed at first login");
        }
        Command::DemoData { database } => {
            let db = open(&database).await?;
            let summary = demo::seed(&db, demo::DemoSize::default()).await?;
            if summary.already_there {
                println!("demo data already present ({} products, {} customers)", summary.products, summary.customers);
            } else {
                println!("seeded {} products and {} customers", summary.products, summary.customers);
            }
            println!("demo login: user {} password {}", demo::DEMO_USERNAME, demo::DEMO_PASSWORD);
        }
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM (how a service manager stops the hub): either stops it gracefully.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stopping: finishing the requests in flight");
}

async fn open(database: &str) -> anyhow::Result<db::Db> {
    let db = db::connect(database).await?;
    db.migrate().await?;
    Ok(db)
}
