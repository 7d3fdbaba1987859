//! The hub: a real `restock-hub serve` with demo data, and its JSON API to check what the app did.

use crate::process::{stop, tail};
use crate::wait::{poll, timeout};
use crate::Config;
use anyhow::{bail, ensure, Context, Result};
use restock_protocol::auth::{LoginRequest, LoginResponse};
use restock_protocol::catalogue::Catalogue;
use restock_protocol::orders::OrderList;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const LISTENING_PREFIX: &str = "RESTOCK_HUB_LISTENING ";

/// `restock-hub serve` on a SQLite file in `dir`, with demo data; stopped on drop.
pub struct Hub {
    child: Child,
    pub url: String,
    pub log: PathBuf,
    /// The hub's SQLite file.
    pub database: PathBuf,
}

impl Hub {
    pub async fn start(cfg: &Config, dir: &Path, log: PathBuf) -> Result<Hub> {
        let db = dir.join("hub.sqlite");
        let seeded = Command::new(&cfg.hub_bin)
            .arg("demo-data")
            .arg("--database")
            .arg(&db)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("could not run {} demo-data", cfg.hub_bin.display()))?;
        let mut logfile = File::create(&log)?;
        writeln!(
            logfile,
            "$ restock-hub demo-data --database {}",
            db.display()
        )?;
        logfile.write_all(&seeded.stdout)?;
        logfile.write_all(&seeded.stderr)?;
        ensure!(
            seeded.status.success(),
            "`restock-hub demo-data` failed ({}):\n{}{}",
            seeded.status,
            String::from_utf8_lossy(&seeded.stdout),
            String::from_utf8_lossy(&seeded.stderr)
        );
        writeln!(
            logfile,
            "$ restock-hub serve --database {} --listen 127.0.0.1:0",
            db.display()
        )?;
        let child = Command::new(&cfg.hub_bin)
            .arg("serve")
            .arg("--database")
            .arg(&db)
            .args(["--listen", "127.0.0.1:0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(logfile.try_clone()?)
            .spawn()
            .with_context(|| format!("could not start {} serve", cfg.hub_bin.display()))?;
        let mut hub = Hub {
            child,
            url: String::new(),
            log,
            database: db.clone(),
        };
        // Copy stdout to the log (so the pipe never fills), and pick out the "listening" line.
        let stdout = hub.child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = writeln!(logfile, "{line}");
                if let Some(url) = line.trim().strip_prefix(LISTENING_PREFIX) {
                    let _ = tx.send(url.trim().trim_end_matches('/').to_string());
                }
            }
        });
        let deadline = Instant::now() + timeout();
        hub.url = loop {
            if let Ok(url) = rx.try_recv() {
                break url;
            }
            if let Some(status) = hub.child.try_wait()? {
                bail!("the hub exited before printing `{LISTENING_PREFIX}<url>` ({status}); its log:\n{}", tail(&hub.log, 40));
            }
            if Instant::now() > deadline {
                bail!("the hub did not print `{LISTENING_PREFIX}<url>` on stdout within {:?}; its log:\n{}", timeout(), tail(&hub.log, 40));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let http = reqwest::Client::new();
        let health = format!("{}/health", hub.url);
        poll(
            &format!("GET {health} to answer 200"),
            timeout(),
            async || {
                Ok(http
                    .get(&health)
                    .send()
                    .await?
                    .status()
                    .is_success()
                    .then_some(()))
            },
        )
        .await?;
        Ok(hub)
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        stop(&mut self.child, false, Duration::from_secs(5));
    }
}

/// The hub's JSON API, logged in as one user.
pub struct HubApi {
    http: reqwest::Client,
    url: String,
    pub login: LoginResponse,
}

impl HubApi {
    pub async fn login(url: &str, username: &str, password: &str) -> Result<HubApi> {
        let http = reqwest::Client::builder().timeout(timeout()).build()?;
        let body = LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        let response = http
            .post(format!("{url}/api/v1/login"))
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(
            status.is_success(),
            "POST /api/v1/login as {username}: {status}: {text}"
        );
        let login: LoginResponse = serde_json::from_str(&text)
            .with_context(|| format!("POST /api/v1/login answered {text}"))?;
        Ok(HubApi {
            http,
            url: url.to_string(),
            login,
        })
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(&self.login.token)
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "GET {path}: {status}: {text}");
        serde_json::from_str(&text).with_context(|| {
            format!(
                "GET {path} answered {}",
                text.chars().take(500).collect::<String>()
            )
        })
    }

    pub async fn catalogue(&self) -> Result<Catalogue> {
        self.get("/api/v1/catalogue").await
    }

    pub async fn orders(&self) -> Result<OrderList> {
        self.get("/api/v1/orders").await
    }
}
