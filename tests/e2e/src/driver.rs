//! tauri-driver and the app it launches for each WebDriver session.

use crate::process::{free_port, stop, tail};
use crate::wait::{long_timeout, timeout};
use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// tauri-driver (and through it WebKitWebDriver and the app), in a process group of its own that
/// is stopped as a whole on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Driver {
    /// `dir` holds the app's data and WebKit's storage (fresh for each driver); the app is pointed at
    /// `hub_url` when there is one (the startup benchmark needs none: the login screen comes first).
    pub async fn start(tauri_driver: &Path, dir: &Path, hub_url: Option<&str>, log: PathBuf) -> Result<Driver> {
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
        let mut cmd = Command::new(tauri_driver);
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
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
        if let Some(url) = hub_url {
            cmd.env("RESTOCK_HUB_URL", url);
        }
        let child = cmd.spawn().with_context(|| format!("could not start {}", tauri_driver.display()))?;
        let mut driver = Driver { child, port, log };
        if !keyring_note.is_empty() {
            println!("[e2e] {keyring_note}");
        }
        let deadline = Instant::now() + timeout();
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Ok(driver);
            }
            if let Some(status) = driver.child.try_wait()? {
                bail!("tauri-driver exited at once ({status}); its log:\n{}", tail(&driver.log, 40));
            }
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on port {port} within {:?}; its log:\n{}", timeout(), tail(&driver.log, 40));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A WebDriver session: launches the app. tauri-driver starts WebKitWebDriver for the session
    /// and forwards the request to it; on a loaded machine the forward can come before WebKitWebDriver
    /// listens, and fails with a connection error before any app is started. Only that is tried
    /// again, a few times.
    pub async fn session(&self, app: &Path) -> Result<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        let url = format!("http://127.0.0.1:{}", self.port);
        for attempt in 1.. {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match tokio::time::timeout(long_timeout(), ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url)).await {
                Ok(Ok(client)) => return Ok(client),
                Ok(Err(e)) if attempt < 4 && e.to_string().contains("did not respond") => {
                    println!("[e2e] WebDriver was not ready ({e}); trying again");
                    tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
                }
                Ok(Err(e)) => return Err(anyhow!("could not start a WebDriver session (launch the app): {e}")),
                Err(_) => return Err(anyhow!("starting a WebDriver session (launching the app) took more than {:?}", long_timeout())),
            }
        }
        unreachable!("the loop returns")
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
    let Some(daemon) =
        std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join("gnome-keyring-daemon")).find(|p| p.is_file()))
    else {
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
