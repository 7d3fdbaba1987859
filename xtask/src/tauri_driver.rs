//! tauri-driver, the WebDriver server that launches the app for the end-to-end tests.

use crate::cmd::{is_executable, run, which};
use crate::ctx::Ctx;
use crate::steps::{failure, R};
use std::env;
use std::path::PathBuf;

pub fn find_tauri_driver(ctx: &Ctx) -> Option<PathBuf> {
    let exe = format!("tauri-driver{}", env::consts::EXE_SUFFIX);
    which(&exe).or_else(|| ctx.cargo_bin_dir().map(|d| d.join(&exe)).filter(|p| is_executable(p)))
}

pub fn ensure_tauri_driver(ctx: &Ctx) -> R<String> {
    let note = match find_tauri_driver(ctx) {
        Some(p) => format!("found {}", p.display()),
        None => {
            run(
                ctx.cargo().args(["install", "tauri-driver", "--locked"]),
                "see cargo's message above; `cargo install tauri-driver --locked` needs crates.io",
            )?;
            let p = find_tauri_driver(ctx).ok_or_else(|| {
                failure("tauri-driver was installed but is neither on PATH nor in ~/.cargo/bin", "check CARGO_HOME / CARGO_INSTALL_ROOT")
            })?;
            format!("installed {}", p.display())
        }
    };
    if cfg!(target_os = "linux") && which("WebKitWebDriver").is_none() {
        return Err(failure("WebKitWebDriver not found on PATH (tauri-driver needs it on Linux)", "apt-get install webkit2gtk-driver"));
    }
    Ok(note)
}
