//! What the tests run: the binaries and directories `cargo xtask test` passes in the environment.

use crate::{fail, Failure};
use std::fs;
use std::path::{Path, PathBuf};

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
                return Err(fail(format!("{var}={} does not exist: {HOW_TO_RUN}", path.display())));
            }
            Ok(path)
        };
        let app_bin = bin("RESTOCK_APP_BIN")?;
        let hub_bin = bin("RESTOCK_HUB_BIN")?;
        let screenshot_dir = std::env::var_os("RESTOCK_SCREENSHOT_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots"));
        fs::create_dir_all(screenshot_dir.join("logs")).map_err(|e| fail(format!("cannot create {}: {e}", screenshot_dir.display())))?;
        let tauri_driver = find_tauri_driver().ok_or_else(|| {
            fail(format!("tauri-driver is neither on PATH nor in ~/.cargo/bin (`cargo install tauri-driver --locked`): {HOW_TO_RUN}"))
        })?;
        if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").filter(|v| !v.is_empty()).is_none() {
            return Err(fail(format!("DISPLAY is not set: the app needs an X display (xvfb-run gives one): {HOW_TO_RUN}")));
        }
        Ok(Config { app_bin, hub_bin, screenshot_dir, tauri_driver })
    }
}

/// tauri-driver on PATH, or where `cargo install` puts it.
pub fn find_tauri_driver() -> Option<PathBuf> {
    let exe = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    match std::env::var_os("CARGO_HOME") {
        Some(h) => dirs.push(PathBuf::from(h).join("bin")),
        None => dirs.extend(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"))),
    }
    dirs.into_iter().map(|d| d.join(&exe)).find(|p| p.is_file())
}
