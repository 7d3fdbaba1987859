//! Harness for the end-to-end tests: a real hub (`restock-hub serve` on a temporary SQLite file),
//! tauri-driver (WebDriver) launching the real desktop app, and helpers to drive the UI through its
//! `data-testid` hooks, take screenshots and check them.
//!
//! Run through `cargo xtask test` (or `cargo xtask test --only-e2e`), which builds the binaries,
//! installs tauri-driver and runs these tests under `dbus-run-session` and `xvfb-run`.

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use restock_protocol::auth::{LoginRequest, LoginResponse};
use restock_protocol::catalogue::Catalogue;
use restock_protocol::orders::OrderList;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use fantoccini;

pub const DEMO_USERNAME: &str = "330100000001";
pub const DEMO_PASSWORD: &str = "restock-demo";
const LISTENING_PREFIX: &str = "RESTOCK_HUB_LISTENING ";

/// A failed end-to-end test, as the test's `Err`: libtest prints it as is (no panic backtrace,
/// which would only show the harness).
pub struct Failure(pub String);

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail(msg: impl Into<String>) -> Failure {
    Failure(msg.into())
}

/// How long any one wait may take (RESTOCK_E2E_TIMEOUT_SECS, default 30 s).
pub fn timeout() -> Duration {
    let secs = std::env::var("RESTOCK_E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// Longer waits: the app's first start, and the first catalogue sync.
pub fn long_timeout() -> Duration {
    timeout() * 2
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

const HOW_TO_RUN: &str = "these end-to-end tests drive the real app and hub: run them with `cargo xtask test` \
     (or `cargo xtask test --only-e2e`), which builds both, installs tauri-driver, and sets RESTOCK_APP_BIN, \
     RESTOCK_HUB_BIN and RESTOCK_SCREENSHOT_DIR";

#[derive(Debug, Clone)]
pub struct Config {
    pub app_bin: PathBuf,
    pub hub_bin: PathBuf,
    pub screenshot_dir: PathBuf,
    pub tauri_driver: PathBuf,
}

impl Config {
    /// Reads the environment `cargo xtask test` sets; fails saying how to run the tests otherwise.
    pub fn from_env() -> Result<Config, Failure> {
        let bin = |var: &str| -> Result<PathBuf, Failure> {
            let path = std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .ok_or_else(|| fail(format!("{var} is not set: {HOW_TO_RUN}")))?;
            if !path.is_file() {
                return Err(fail(format!(
                    "{var}={} does not exist: {HOW_TO_RUN}",
                    path.display()
                )));
            }
            Ok(path)
        };
        let app_bin = bin("RESTOCK_APP_BIN")?;
        let hub_bin = bin("RESTOCK_HUB_BIN")?;
        let screenshot_dir = std::env::var_os("RESTOCK_SCREENSHOT_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots")
            });
        fs::create_dir_all(screenshot_dir.join("logs"))
            .map_err(|e| fail(format!("cannot create {}: {e}", screenshot_dir.display())))?;
        let tauri_driver = find_tauri_driver().ok_or_else(|| {
            fail(format!("tauri-driver is neither on PATH nor in ~/.cargo/bin (`cargo install tauri-driver --locked`): {HOW_TO_RUN}"))
        })?;
        if cfg!(target_os = "linux")
            && std::env::var_os("DISPLAY")
                .filter(|v| !v.is_empty())
                .is_none()
        {
            return Err(fail(format!(
                "DISPLAY is not set: the app needs an X display (xvfb-run gives one): {HOW_TO_RUN}"
            )));
        }
        Ok(Config {
            app_bin,
            hub_bin,
            screenshot_dir,
            tauri_driver,
        })
    }
}

fn find_tauri_driver() -> Option<PathBuf> {
    let exe = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    match std::env::var_os("CARGO_HOME") {
        Some(h) => dirs.push(PathBuf::from(h).join("bin")),
        None => dirs.extend(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"))),
    }
    dirs.into_iter().map(|d| d.join(&exe)).find(|p| p.is_file())
}

pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Ask a child (and, for a group leader, its whole process group) to stop; kill it after `grace`.
#[cfg(unix)]
fn stop(child: &mut Child, group: bool, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) && !group {
        return;
    }
    let pid = child.id() as libc::pid_t;
    let target = if group { -pid } else { pid };
    unsafe {
        libc::kill(target, libc::SIGTERM);
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    unsafe {
        libc::kill(target, libc::SIGKILL);
    }
    let _ = child.wait();
}

#[cfg(not(unix))]
fn stop(child: &mut Child, _group: bool, _grace: Duration) {
    let _ = child.kill();
    let _ = child.wait();
}

// ---------------------------------------------------------------------------------------------
// The hub
// ---------------------------------------------------------------------------------------------

/// `restock-hub serve` on a SQLite file in `dir`, with demo data; stopped on drop.
pub struct Hub {
    child: Child,
    pub url: String,
    pub log: PathBuf,
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

// ---------------------------------------------------------------------------------------------
// tauri-driver and the app
// ---------------------------------------------------------------------------------------------

/// tauri-driver (and through it WebKitWebDriver and the app), in a process group of its own that
/// is stopped as a whole on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Driver {
    pub async fn start(cfg: &Config, dir: &Path, hub_url: &str, log: PathBuf) -> Result<Driver> {
        let port = free_port()?;
        let native_port = loop {
            let p = free_port()?;
            if p != port {
                break p;
            }
        };
        let xdg = dir.join("xdg");
        let mut env: Vec<(String, PathBuf)> = vec![
            ("RESTOCK_DATA_DIR".into(), dir.join("app-data")),
            // WebKit's storage, caches and any keyring: fresh for every test, never the user's.
            ("XDG_DATA_HOME".into(), xdg.join("data")),
            ("XDG_CONFIG_HOME".into(), xdg.join("config")),
            ("XDG_CACHE_HOME".into(), xdg.join("cache")),
        ];
        for (_, d) in &env {
            fs::create_dir_all(d)?;
        }
        let logfile = File::create(&log)?;
        let mut keyring_note = String::new();
        if std::env::var_os("RESTOCK_E2E_PRIVATE_DBUS").is_some() {
            keyring_note = start_keyring(&xdg.join("data"));
        }
        let mut cmd = Command::new(&cfg.tauri_driver);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("RESTOCK_HUB_URL", hub_url)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(logfile.try_clone()?)
        .stderr(logfile);
        // Its own process group, so that stopping it also stops WebKitWebDriver and the app.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        for (k, v) in env.drain(..) {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start {}", cfg.tauri_driver.display()))?;
        let mut driver = Driver { child, port, log };
        if !keyring_note.is_empty() {
            println!("[e2e] {keyring_note}");
        }
        let deadline = Instant::now() + timeout();
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(driver);
            }
            if let Some(status) = driver.child.try_wait()? {
                bail!(
                    "tauri-driver exited at once ({status}); its log:\n{}",
                    tail(&driver.log, 40)
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "tauri-driver did not listen on port {port} within {:?}; its log:\n{}",
                    timeout(),
                    tail(&driver.log, 40)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A WebDriver session: launches the app.
    pub async fn session(&self, app: &Path) -> Result<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{}", self.port);
        match tokio::time::timeout(
            long_timeout(),
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&url),
        )
        .await
        {
            Ok(Ok(client)) => Ok(client),
            Ok(Err(e)) => Err(anyhow!(
                "could not start a WebDriver session (launch the app): {e}"
            )),
            Err(_) => Err(anyhow!(
                "starting a WebDriver session (launching the app) took more than {:?}",
                long_timeout()
            )),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        stop(&mut self.child, true, Duration::from_secs(5));
    }
}

/// In the private D-Bus session `cargo xtask test` gives the tests: a Secret Service (GNOME
/// Keyring, unlocked, its files under `data_home`) so that an app keeping secrets in the keyring
/// works. Best effort: the note says what happened.
fn start_keyring(data_home: &Path) -> String {
    let Some(daemon) = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("gnome-keyring-daemon"))
            .find(|p| p.is_file())
    }) else {
        return "gnome-keyring-daemon not installed: no Secret Service for the app".into();
    };
    let child = Command::new(daemon)
        .args(["--replace", "--unlock", "--components=secrets"])
        .env("XDG_DATA_HOME", data_home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return format!("could not start gnome-keyring-daemon: {e}"),
    };
    // The (empty) password of the new keyring, as a line.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"\n");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return format!("gnome-keyring-daemon started ({status})");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    "gnome-keyring-daemon did not return within 10 s".into()
}

// ---------------------------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------------------------

/// Try `attempt` every 250 ms until it gives a value or `limit` has passed. Errors count as "not
/// yet" (elements re-render under our feet) and the last one is reported on timeout.
pub async fn poll<T>(
    what: &str,
    limit: Duration,
    mut attempt: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = Instant::now() + limit;
    let mut last_error: Option<anyhow::Error> = None;
    loop {
        match attempt().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if Instant::now() >= deadline {
            return Err(match last_error {
                Some(e) => {
                    anyhow!("timed out after {limit:?} waiting for {what} (last error: {e:#})")
                }
                None => anyhow!("timed out after {limit:?} waiting for {what}"),
            });
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// The UI
// ---------------------------------------------------------------------------------------------

/// CSS for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// CSS string literal contents.
pub fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Which error displays a screen is allowed to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    NoErrors,
    LoginError,
}

pub struct Ui {
    pub client: Client,
    pub shots: PathBuf,
    started: Instant,
}

impl Ui {
    pub fn new(client: Client, shots: PathBuf) -> Ui {
        Ui {
            client,
            shots,
            started: Instant::now(),
        }
    }

    pub fn log(&self, msg: &str) {
        println!("[e2e {:>6.1}s] {msg}", self.started.elapsed().as_secs_f64());
    }

    pub async fn all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// The displayed elements matching `css`.
    pub async fn visible(&self, css: &str) -> Result<Vec<Element>> {
        let mut shown = Vec::new();
        for el in self.all(css).await? {
            if el.is_displayed().await? {
                shown.push(el);
            }
        }
        Ok(shown)
    }

    pub async fn wait_visible_for(&self, css: &str, limit: Duration) -> Result<Element> {
        poll(&format!("`{css}` to be visible"), limit, async || {
            Ok(self.visible(css).await?.into_iter().next())
        })
        .await
    }

    pub async fn wait_visible(&self, css: &str) -> Result<Element> {
        self.wait_visible_for(css, timeout()).await
    }

    /// Wait until the first visible `css` has text that `accept` maps to a value.
    pub async fn wait_text<T>(
        &self,
        css: &str,
        what: &str,
        mut accept: impl FnMut(&str) -> Option<T>,
    ) -> Result<T> {
        self.wait_text_for(css, what, timeout(), &mut accept).await
    }

    pub async fn wait_text_for<T>(
        &self,
        css: &str,
        what: &str,
        limit: Duration,
        accept: &mut impl FnMut(&str) -> Option<T>,
    ) -> Result<T> {
        let mut last = String::from("(not visible)");
        let result = poll(what, limit, async || {
            let Some(el) = self.visible(css).await?.into_iter().next() else {
                return Ok(None);
            };
            last = el.text().await?;
            Ok(accept(&last))
        })
        .await;
        result.map_err(|e| anyhow!("{e:#}; `{css}` last read {last:?}"))
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        let css = testid(id);
        poll(&format!("to click `{css}`"), timeout(), async || {
            let Some(el) = self.visible(&css).await?.into_iter().next() else {
                return Ok(None);
            };
            if !el.is_enabled().await? {
                return Ok(None);
            }
            el.click().await?;
            Ok(Some(()))
        })
        .await
    }

    /// Replace an input's value by typing, so the page sees real input events.
    pub async fn fill(&self, el: &Element, text: &str) -> Result<()> {
        el.click().await?;
        el.clear().await?;
        if !el.prop("value").await?.unwrap_or_default().is_empty() {
            // Ctrl+A, release the modifier, Backspace.
            el.send_keys("\u{E009}a\u{E000}\u{E003}").await?;
        }
        el.send_keys(text).await?;
        let value = el.prop("value").await?.unwrap_or_default();
        ensure!(
            value == text,
            "typed {text:?} into an input, which now holds {value:?}"
        );
        Ok(())
    }

    pub async fn fill_testid(&self, id: &str, text: &str) -> Result<()> {
        let css = testid(id);
        poll(&format!("to type into `{css}`"), timeout(), async || {
            let Some(el) = self.visible(&css).await?.into_iter().next() else {
                return Ok(None);
            };
            self.fill(&el, text).await?;
            Ok(Some(()))
        })
        .await
    }

    /// The values of the inputs inside an element (a quantity typed into a cart line is a value,
    /// not text).
    pub async fn input_values(&self, el: &Element) -> Result<Vec<String>> {
        let mut values = Vec::new();
        for input in el.find_all(Locator::Css("input")).await? {
            values.extend(input.prop("value").await?);
        }
        Ok(values)
    }

    pub async fn body_text(&self) -> String {
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : '(no body)'",
                vec![],
            )
            .await
        {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => format!("(could not read the page: {e})"),
        }
    }

    /// Let the page paint: resolves after two animation frames (or at once if scripts fail).
    pub async fn next_frames(&self) {
        let script = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            self.client.execute_async(script, vec![]),
        )
        .await;
    }

    pub async fn screenshot(&self, name: &str) -> Result<(PathBuf, Vec<u8>)> {
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        let path = self.shots.join(format!("{name}.png"));
        fs::write(&path, &png).with_context(|| format!("writing {}", path.display()))?;
        Ok((path, png))
    }

    /// Screenshot `name`.png, then check the screen: not blank, and no error display that `expect`
    /// does not allow.
    pub async fn checkpoint(&self, name: &str, expect: Expect) -> Result<()> {
        // The DOM can be ahead of what has been painted: wait for two frames, and give a blank
        // screen a few seconds to fill in before calling it blank.
        let mut last = None;
        let painted = poll(
            &format!("a screenshot `{name}` that is not blank"),
            Duration::from_secs(10),
            async || {
                self.next_frames().await;
                let (path, png) = self.screenshot(name).await?;
                let stats = ScreenStats::of_png(&png)
                    .with_context(|| format!("decoding {}", path.display()))?;
                let blank = stats.blank();
                last = Some((path.clone(), stats.clone(), blank.clone()));
                Ok(blank.is_none().then_some((path, stats)))
            },
        )
        .await;
        match painted {
            Ok((path, stats)) => self.log(&format!("screenshot {} ({stats})", path.display())),
            Err(e) => match last {
                Some((path, stats, Some(why))) => {
                    bail!(
                        "screen check `{name}`: the screenshot is blank ({why}; {stats}): {}",
                        path.display()
                    )
                }
                _ => return Err(e),
            },
        }
        let mut forbidden = vec!["error-banner"];
        if expect != Expect::LoginError {
            forbidden.push("login-error");
        }
        for id in forbidden {
            if let Some(el) = self.visible(&testid(id)).await?.into_iter().next() {
                let text = el.text().await.unwrap_or_default();
                bail!("screen check `{name}`: `{id}` is showing: {text:?}");
            }
        }
        Ok(())
    }

    /// Run one named step; on failure save FAILED-<step>.png and add the page's text to the error.
    pub async fn step<T>(
        &self,
        name: &str,
        body: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.log(name);
        match body.await {
            Ok(v) => Ok(v),
            Err(e) => {
                let shot = match self.screenshot(&format!("FAILED-{name}")).await {
                    Ok((path, _)) => format!("screenshot: {}", path.display()),
                    Err(se) => format!("(no screenshot: {se:#})"),
                };
                let body = self.body_text().await;
                Err(anyhow!("step `{name}` failed: {e:#}\n{shot}\n--- page text ---\n{body}\n--- end of page text ---"))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Screenshots
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct ScreenStats {
    pub width: u32,
    pub height: u32,
    pub distinct_colours: usize,
    /// Share of the pixels that have the most common colour, 0..=1.
    pub dominant_share: f64,
}

impl ScreenStats {
    pub fn of_png(bytes: &[u8]) -> Result<ScreenStats> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info()?;
        let mut buf = vec![0u8; reader.output_buffer_size().context("PNG too large")?];
        let info = reader.next_frame(&mut buf)?;
        let channels = info.color_type.samples();
        let data = &buf[..info.buffer_size()];
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let row_len = info.line_size;
        for row in data.chunks_exact(row_len) {
            for px in row[..info.width as usize * channels].chunks_exact(channels) {
                // Colour only (alpha ignored); grey expands to r=g=b.
                let rgb = match channels {
                    1 | 2 => [px[0], px[0], px[0]],
                    _ => [px[0], px[1], px[2]],
                };
                *counts
                    .entry(u32::from_be_bytes([0, rgb[0], rgb[1], rgb[2]]))
                    .or_default() += 1;
            }
        }
        let pixels = (info.width as u64 * info.height as u64).max(1);
        let dominant = counts.values().copied().max().unwrap_or(0) as f64;
        Ok(ScreenStats {
            width: info.width,
            height: info.height,
            distinct_colours: counts.len(),
            dominant_share: dominant / pixels as f64,
        })
    }

    /// Why this looks like a blank screen, if it does: almost a single colour. (A real screen with a
    /// few lines of text on a plain background still has hundreds of colours from antialiasing and
    /// well over half a percent of pixels off the background.)
    pub fn blank(&self) -> Option<String> {
        if self.width == 0 || self.height == 0 {
            return Some("it is empty".into());
        }
        if self.distinct_colours < 3 {
            return Some(format!("only {} distinct colour(s)", self.distinct_colours));
        }
        if self.dominant_share > 0.995 {
            return Some(format!(
                "{:.2}% of the pixels are one colour",
                self.dominant_share * 100.0
            ));
        }
        None
    }
}

impl std::fmt::Display for ScreenStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}x{}, {} colours, {:.1}% background",
            self.width,
            self.height,
            self.distinct_colours,
            self.dominant_share * 100.0
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Reading numbers off the screen
// ---------------------------------------------------------------------------------------------

/// The numbers in a text, ignoring currency signs and thousands separators:
/// "合计 ¥1,810.62（2 件）" → [1810.62, 2].
pub fn numbers_in(text: &str) -> Vec<Decimal> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥'))
        .collect();
    cleaned
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .filter_map(|t| Decimal::from_str(t).ok())
        .collect()
}

/// Does the text show this amount of money (digits compared, "¥" and "," ignored)?
pub fn shows_amount(text: &str, amount: Decimal) -> bool {
    numbers_in(text).contains(&amount)
}

// ---------------------------------------------------------------------------------------------
// One test's world
// ---------------------------------------------------------------------------------------------

/// A hub with demo data, tauri-driver, and a WebDriver session on the app, for one test. Call
/// [`Harness::finish`] with the test's result: it closes the app and stops everything, also when
/// the test failed, and then fails the test with the logs.
pub struct Harness {
    pub name: String,
    pub cfg: Config,
    pub ui: Ui,
    pub hub: Hub,
    driver: Driver,
    _tmp: tempfile::TempDir,
}

impl Harness {
    pub async fn start(name: &str) -> Result<Harness, Failure> {
        let cfg = Config::from_env()?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!("restock-e2e-{name}-"))
            .tempdir()
            .map_err(|e| fail(format!("[{name}] cannot make a temporary directory: {e}")))?;
        let logs = cfg.screenshot_dir.join("logs");
        let hub = Hub::start(&cfg, tmp.path(), logs.join(format!("{name}-hub.log")))
            .await
            .map_err(|e| fail(format!("[{name}] starting the hub: {e:#}")))?;
        println!("[e2e] {name}: hub at {}", hub.url);
        let driver = Driver::start(
            &cfg,
            tmp.path(),
            &hub.url,
            logs.join(format!("{name}-tauri-driver.log")),
        )
        .await
        .map_err(|e| fail(format!("[{name}] starting tauri-driver: {e:#}")))?;
        let client = match driver.session(&cfg.app_bin).await {
            Ok(c) => c,
            Err(e) => {
                let log = tail(&driver.log, 60);
                drop(driver);
                return Err(fail(format!(
                    "[{name}] {e:#}\n--- tauri-driver/app log ---\n{log}"
                )));
            }
        };
        let ui = Ui::new(client, cfg.screenshot_dir.clone());
        Ok(Harness {
            name: name.to_string(),
            cfg,
            ui,
            hub,
            driver,
            _tmp: tmp,
        })
    }

    /// Close the app (delete the session), stop tauri-driver and the hub; fail, with the logs, if
    /// `result` failed.
    pub async fn finish(self, result: Result<()>) -> Result<(), Failure> {
        let Harness {
            name,
            ui,
            hub,
            driver,
            _tmp,
            ..
        } = self;
        let closed = tokio::time::timeout(Duration::from_secs(15), ui.client.close()).await;
        drop(driver);
        let hub_log = hub.log.clone();
        drop(hub);
        if let Err(e) = result {
            let driver_log_path = ui
                .shots
                .join("logs")
                .join(format!("{name}-tauri-driver.log"));
            return Err(fail(format!(
                "[{name}] {e:#}\n\n--- hub log (last lines of {}) ---\n{}\n--- tauri-driver/app log (last lines of {}) ---\n{}",
                hub_log.display(),
                tail(&hub_log, 40),
                driver_log_path.display(),
                tail(&driver_log_path, 60),
            )));
        }
        match closed {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(fail(format!(
                "[{name}] closing the WebDriver session failed: {e}"
            ))),
            Err(_) => Err(fail(format!(
                "[{name}] closing the WebDriver session (the app) took more than 15 s"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn reads_amounts_as_shown() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert!(shows_amount("合计 ¥1,810.62", d("1810.62")));
        assert!(shows_amount("Total: ￥ 12,345.00 (3 lines)", d("12345")));
        assert!(!shows_amount("¥1,810.62", d("10.62")));
        assert!(!shows_amount("no amount", d("0")));
        assert_eq!(
            numbers_in("2,134 products, synced 12:30."),
            vec![d("2134"), d("12"), d("30")]
        );
    }

    fn png_of(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, width, height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            let mut data = Vec::new();
            for y in 0..height {
                for x in 0..width {
                    data.extend_from_slice(&pixel(x, y));
                }
            }
            w.write_image_data(&data).unwrap();
        }
        out
    }

    #[test]
    fn blank_screens_are_caught_and_real_ones_pass() {
        let white = png_of(200, 100, |_, _| [255, 255, 255]);
        assert!(ScreenStats::of_png(&white).unwrap().blank().is_some());
        let nearly = png_of(200, 100, |x, y| {
            if x == 0 && y < 3 {
                [(y * 50) as u8, 0, 0]
            } else {
                [255, 255, 255]
            }
        });
        assert!(ScreenStats::of_png(&nearly).unwrap().blank().is_some());
        let ui = png_of(200, 100, |x, y| {
            if (20..180).contains(&x) && (40..60).contains(&y) {
                [(x % 7 * 30) as u8, 90, 200]
            } else {
                [250, 250, 250]
            }
        });
        let stats = ScreenStats::of_png(&ui).unwrap();
        assert_eq!(stats.blank(), None, "{stats}");
    }
}
