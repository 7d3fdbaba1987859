//! The Restock desktop app: sets up logging and the desk, then hands the window to the web UI.

pub mod commands;
pub mod contract;
mod logging;
pub mod rendering;

use restock_core::accounts::credentials::default_store;
use restock_core::AppInfo;
use restock_core::Desk;
use std::path::PathBuf;
use tauri::Manager;

/// What every command can reach.
pub struct AppContext {
    pub desk: Desk,
    pub info: AppInfo,
}

/// `RESTOCK_DATA_DIR` moves the local store (tests and demos use it to start clean).
fn data_dir(app: &tauri::App) -> PathBuf {
    std::env::var_os("RESTOCK_DATA_DIR").map(PathBuf::from).unwrap_or_else(|| app.path().app_data_dir().expect("an app data folder"))
}

/// Sends the desk's sync progress to the UI as `sync-progress` events, at most ten a second (the
/// watch channel keeps only the latest, so nothing queues up behind a slow window).
fn forward_sync_progress(app: tauri::AppHandle, mut progress: tokio::sync::watch::Receiver<restock_core::catalogue::sync::SyncProgress>) {
    use tauri::Emitter;
    tauri::async_runtime::spawn(async move {
        while progress.changed().await.is_ok() {
            let latest = progress.borrow_and_update().clone();
            if let Err(e) = app.emit("sync-progress", latest) {
                tracing::debug!(error = %e, "sync progress not delivered");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    });
}

/// A second launch (a double click on the icon while Restock is open) hands over to the running
/// window and exits: two windows would share one local store and both send its offline queue.
fn focus_running_window(app: &tauri::AppHandle, argv: Vec<String>, _cwd: String) {
    tracing::info!(?argv, "a second launch: focusing the open window instead");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

pub fn run() {
    tauri::Builder::default()
        // First, so that a second launch exits before it opens anything.
        .plugin(tauri_plugin_single_instance::init(focus_running_window))
        .setup(|app| {
            let data_dir = data_dir(app);
            let log_dir = std::env::var_os("RESTOCK_DATA_DIR")
                .map(|d| PathBuf::from(d).join("logs"))
                .unwrap_or_else(|| app.path().app_log_dir().unwrap_or_else(|_| data_dir.join("logs")));
            let guard = logging::init(&log_dir);
            app.manage(guard);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data = %data_dir.display(), "Restock starting");

            let desk = tauri::async_runtime::block_on(async {
                let credentials = tokio::task::spawn_blocking(default_store).await?;
                let info = AppInfo {
                    version: env!("CARGO_PKG_VERSION").into(),
                    log_dir: log_dir.display().to_string(),
                    default_hub_url: std::env::var("RESTOCK_HUB_URL").ok(),
                    credential_store: credentials.describe().into(),
                };
                let desk = Desk::open(&data_dir, credentials).await?;
                Ok::<_, Box<dyn std::error::Error>>(AppContext { desk, info })
            })?;
            if let Some(window) = app.get_webview_window("main") {
                rendering::tune(&window);
                rendering::show_when_loaded(window);
            }
            forward_sync_progress(app.handle().clone(), desk.desk.sync_progress());
            app.manage(desk);
            Ok(())
        })
        .on_page_load(|webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                rendering::show(webview.window());
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("error while running the Restock app");
}
