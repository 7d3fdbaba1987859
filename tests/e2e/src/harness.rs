//! One test's world: a hub, tauri-driver and the app, started together and stopped together.

use crate::driver::Driver;
use crate::hub::{Hub, HubOptions};
use crate::process::tail;
use crate::ui::Ui;
use crate::{fail, Config, Failure};
use anyhow::Result;
use std::time::Duration;

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
        Harness::start_with(name, HubOptions::default()).await
    }

    /// As [`Harness::start`], with the hub started as `options` say (e.g. with a pretended clock).
    pub async fn start_with(name: &str, options: HubOptions) -> Result<Harness, Failure> {
        let cfg = Config::from_env()?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!("restock-e2e-{name}-"))
            .tempdir()
            .map_err(|e| fail(format!("[{name}] cannot make a temporary directory: {e}")))?;
        let logs = cfg.screenshot_dir.join("logs");
        let hub = Hub::start_with(&cfg, tmp.path(), logs.join(format!("{name}-hub.log")), options)
            .await
            .map_err(|e| fail(format!("[{name}] starting the hub: {e:#}")))?;
        println!("[e2e] {name}: hub at {}", hub.url);
        let driver = Driver::start(&cfg.tauri_driver, tmp.path(), Some(&hub.url), logs.join(format!("{name}-tauri-driver.log")))
            .await
            .map_err(|e| fail(format!("[{name}] starting tauri-driver: {e:#}")))?;
        let client = match driver.session(&cfg.app_bin).await {
            Ok(c) => c,
            Err(e) => {
                let log = tail(&driver.log, 60);
                drop(driver);
                return Err(fail(format!("[{name}] {e:#}\n--- tauri-driver/app log ---\n{log}")));
            }
        };
        let ui = Ui::new(client, cfg.screenshot_dir.clone());
        Ok(Harness { name: name.to_string(), cfg, ui, hub, driver, _tmp: tmp })
    }

    /// The app's data folder (`RESTOCK_DATA_DIR`): its local store and its logs.
    pub fn app_data_dir(&self) -> std::path::PathBuf {
        self._tmp.path().join("app-data")
    }

    /// Close the app (delete the session), stop tauri-driver and the hub; fail, with the logs, if
    /// `result` failed.
    pub async fn finish(self, result: Result<()>) -> Result<(), Failure> {
        let Harness { name, ui, hub, driver, _tmp, .. } = self;
        let closed = tokio::time::timeout(Duration::from_secs(15), ui.client.close()).await;
        drop(driver);
        let hub_log = hub.log.clone();
        drop(hub);
        if let Err(e) = result {
            let driver_log_path = ui.shots.join("logs").join(format!("{name}-tauri-driver.log"));
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
            Ok(Err(e)) => Err(fail(format!("[{name}] closing the WebDriver session failed: {e}"))),
            Err(_) => Err(fail(format!("[{name}] closing the WebDriver session (the app) took more than 15 s"))),
        }
    }
}
