//! The hub: a real `restock-hub serve` with demo data, and its JSON API to check what the app did.

use crate::process::{stop, tail};
use crate::wait::{poll, timeout};
use crate::Config;
use anyhow::{bail, ensure, Context, Result};
use restock_protocol::accounts::{LoginRequest, LoginResponse};
use restock_protocol::catalogue::Catalogue;
use restock_protocol::home::HomeStatus;
use restock_protocol::orders::OrderList;
use restock_protocol::routes;
use restock_protocol::supply::SupplyList;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

const LISTENING_PREFIX: &str = "RESTOCK_HUB_LISTENING ";

/// How to start the hub for one test.
#[derive(Debug, Clone, Default)]
pub struct HubOptions {
    /// `--pretend-now`: the hub's clock starts at this instant (RFC 3339, e.g.
    /// `2026-12-01T10:00:00+08:00`) and runs on from there.
    pub pretend_now: Option<String>,
}

impl HubOptions {
    pub fn pretending(instant: impl Into<String>) -> HubOptions {
        HubOptions { pretend_now: Some(instant.into()) }
    }
}

/// `restock-hub serve` on a SQLite file in `dir`, with demo data; stopped on drop. It can be
/// stopped and started again ([`Hub::stop`], [`Hub::restart`]) on the same address and database,
/// as a hub that went away and came back.
pub struct Hub {
    child: Mutex<Option<Child>>,
    bin: PathBuf,
    options: HubOptions,
    /// When the hub was first started, so that a restarted hub's pretended clock carries on from
    /// where it was rather than jumping back.
    started: Instant,
    pub url: String,
    pub log: PathBuf,
    /// The hub's SQLite file.
    pub database: PathBuf,
}

impl Hub {
    pub async fn start(cfg: &Config, dir: &Path, log: PathBuf) -> Result<Hub> {
        Hub::start_with(cfg, dir, log, HubOptions::default()).await
    }

    pub async fn start_with(cfg: &Config, dir: &Path, log: PathBuf, options: HubOptions) -> Result<Hub> {
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
        writeln!(logfile, "$ restock-hub demo-data --database {}", db.display())?;
        logfile.write_all(&seeded.stdout)?;
        logfile.write_all(&seeded.stderr)?;
        ensure!(
            seeded.status.success(),
            "`restock-hub demo-data` failed ({}):\n{}{}",
            seeded.status,
            String::from_utf8_lossy(&seeded.stdout),
            String::from_utf8_lossy(&seeded.stderr)
        );
        drop(logfile);
        let mut hub = Hub {
            child: Mutex::new(None),
            bin: cfg.hub_bin.clone(),
            options,
            started: Instant::now(),
            url: String::new(),
            log,
            database: db,
        };
        hub.url = hub.serve("127.0.0.1:0", None).await?;
        Ok(hub)
    }

    /// Stops the hub process (as a crash or a lost connection would look to the app): from now on
    /// its address refuses connections, until [`Hub::restart`].
    pub fn stop(&self) {
        if self.kill() {
            self.note("(the test stopped the hub)");
        }
    }

    fn kill(&self) -> bool {
        let child = self.child.lock().map(|mut c| c.take()).unwrap_or(None);
        match child {
            Some(mut child) => {
                stop(&mut child, false, Duration::from_secs(5));
                true
            }
            None => false,
        }
    }

    /// Starts the hub again on the same address and database. A pretended clock carries on from
    /// where it would be had the hub kept running.
    pub async fn restart(&self) -> Result<()> {
        self.stop();
        let address = self
            .url
            .strip_prefix("http://")
            .with_context(|| format!("the hub's address {} is not http://host:port", self.url))?
            .to_string();
        let pretend = match &self.options.pretend_now {
            Some(instant) => Some(later_by(instant, self.started.elapsed())?),
            None => None,
        };
        self.note("(the test starts the hub again)");
        let url = self.serve(&address, pretend.as_deref()).await?;
        ensure!(url == self.url, "the restarted hub listens at {url}, not at {} as before", self.url);
        Ok(())
    }

    fn note(&self, line: &str) {
        if let Ok(mut log) = OpenOptions::new().append(true).open(&self.log) {
            let _ = writeln!(log, "{line}");
        }
    }

    /// `restock-hub serve` on `listen`; waits until it answers /health and returns its URL.
    async fn serve(&self, listen: &str, pretend: Option<&str>) -> Result<String> {
        let pretend = pretend.or(self.options.pretend_now.as_deref());
        let mut logfile = OpenOptions::new().append(true).open(&self.log)?;
        let mut cmd = Command::new(&self.bin);
        cmd.arg("serve").arg("--database").arg(&self.database).args(["--listen", listen]);
        let mut shown = format!("$ restock-hub serve --database {} --listen {listen}", self.database.display());
        if let Some(instant) = pretend {
            cmd.args(["--pretend-now", instant]);
            shown.push_str(&format!(" --pretend-now {instant}"));
        }
        writeln!(logfile, "{shown}")?;
        let mut child = cmd
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(logfile.try_clone()?)
            .spawn()
            .with_context(|| format!("could not start {} serve", self.bin.display()))?;
        // Copy stdout to the log (so the pipe never fills), and pick out the "listening" line.
        let stdout = child.stdout.take().expect("piped");
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
        let url = loop {
            if let Ok(url) = rx.try_recv() {
                break url;
            }
            if let Some(status) = child.try_wait()? {
                bail!("the hub exited before printing `{LISTENING_PREFIX}<url>` ({status}); its log:\n{}", tail(&self.log, 40));
            }
            if Instant::now() > deadline {
                stop(&mut child, false, Duration::from_secs(5));
                bail!(
                    "the hub did not print `{LISTENING_PREFIX}<url>` on stdout within {:?}; its log:\n{}",
                    timeout(),
                    tail(&self.log, 40)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        *self.child.lock().expect("hub child lock") = Some(child);
        let http = reqwest::Client::new();
        let health = format!("{url}/health");
        poll(&format!("GET {health} to answer 200"), timeout(), async || {
            Ok(http.get(&health).send().await?.status().is_success().then_some(()))
        })
        .await?;
        Ok(url)
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An RFC 3339 instant with a numeric offset ("2026-12-01T10:00:00+08:00"), moved on by `by`
/// (whole seconds), in the same offset.
fn later_by(instant: &str, by: Duration) -> Result<String> {
    let t = crate::clock::Rfc3339::parse(instant)?;
    Ok(t.plus_seconds(by.as_secs() as i64).to_string())
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
        let body = LoginRequest { username: username.into(), password: password.into() };
        let response = http.post(format!("{url}{}", routes::LOGIN)).json(&body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "POST /api/v1/login as {username}: {status}: {text}");
        let login: LoginResponse = serde_json::from_str(&text).with_context(|| format!("POST /api/v1/login answered {text}"))?;
        Ok(HubApi { http, url: url.to_string(), login })
    }

    /// GET one of the hub's JSON endpoints as this user.
    pub async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let response = self.http.get(format!("{}{path}", self.url)).bearer_auth(&self.login.token).send().await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "GET {path}: {status}: {text}");
        serde_json::from_str(&text).with_context(|| format!("GET {path} answered {}", text.chars().take(500).collect::<String>()))
    }

    /// POST a JSON body to one of the hub's endpoints as this user, and read its JSON answer.
    pub async fn post<B: serde::Serialize, T: serde::de::DeserializeOwned>(&self, path: &str, body: &B) -> Result<T> {
        let response = self.http.post(format!("{}{path}", self.url)).bearer_auth(&self.login.token).json(body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "POST {path}: {status}: {text}");
        serde_json::from_str(&text).with_context(|| format!("POST {path} answered {text}"))
    }

    /// PUT raw bytes (a product picture, a file) to one of the hub's endpoints as this user.
    pub async fn put_bytes(&self, path: &str, body: Vec<u8>) -> Result<()> {
        let response = self.http.put(format!("{}{path}", self.url)).bearer_auth(&self.login.token).body(body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "PUT {path}: {status}: {text}");
        Ok(())
    }

    pub async fn catalogue(&self) -> Result<Catalogue> {
        self.get(routes::CATALOGUE).await
    }

    pub async fn orders(&self) -> Result<OrderList> {
        self.get(routes::ORDERS).await
    }

    /// The home screen's data: this cycle, its orders, last cycle's short items…
    pub async fn desk(&self) -> Result<HomeStatus> {
        self.get(routes::HOME).await
    }

    /// Allocations and tracked stock for this customer.
    pub async fn supply(&self) -> Result<SupplyList> {
        self.get(routes::SUPPLY).await
    }

    /// Per product code with a limit: (available to order, allocation left), either `None` when
    /// not limited that way. Products not in the map are unlimited.
    pub async fn supply_limits(&self) -> Result<HashMap<String, (Option<u32>, Option<u32>)>> {
        Ok(self.supply().await?.items.into_iter().map(|s| (s.product_code, (s.available, s.allocation_left))).collect())
    }
}
