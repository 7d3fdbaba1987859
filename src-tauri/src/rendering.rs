//! How WebKitGTK draws the window on Linux. Its accelerated compositing renders through OpenGL; on
//! the PCs our users have (office desktops, virtual machines, remote desktops) that is often Mesa's
//! software rasteriser, and then every frame waits for it: measured here, the login screen came 3×
//! later, a keystroke's new totals 3× later and the idle app used 90 MiB more (BENCHMARKS.md).
//! The app is forms and a grid, with nothing that needs a GPU, so it draws without compositing
//! unless the user asks for it (`RESTOCK_WEBKIT_COMPOSITING=1`) or sets WebKit's own variable.

/// Must run before the first window is made (and before other threads start reading the
/// environment): call it first thing in `main`.
pub fn choose_rendering() {
    if cfg!(target_os = "linux") {
        let chosen = std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some();
        let wanted = std::env::var_os("RESTOCK_WEBKIT_COMPOSITING").is_some_and(|v| v == "1");
        if !chosen && !wanted {
            std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
    }
}

/// WebKit keeps caches sized for browsing many pages (a page cache for back and forward, memory
/// caches for documents); the app is one page. Sized for one document instead, the idle app uses
/// less memory.
#[cfg(target_os = "linux")]
pub fn tune(window: &tauri::WebviewWindow) {
    let tuned = window.with_webview(|webview| {
        use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
        }
    });
    if let Err(e) = tuned {
        tracing::warn!(error = %e, "could not tune the web view's caches");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn tune(_window: &tauri::WebviewWindow) {}

/// How long a window waits for its page before it is shown anyway.
const SHOW_AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// The main window is created hidden (tauri.conf.json) and shown once its page has loaded, or after
/// [`SHOW_AT_THE_LATEST`] whatever happened. Shown at once, in one start in five to one in two the
/// window's thread waited 500 ms on the web process, which was still starting and waiting on it
/// (probably for the window's first size: BENCHMARKS.md, startup).
pub fn show_when_loaded(window: tauri::WebviewWindow) {
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AT_THE_LATEST);
        show(window.as_ref().window());
    });
}

pub fn show(window: tauri::Window) {
    if !window.is_visible().unwrap_or(false) {
        if let Err(e) = window.show() {
            tracing::warn!(error = %e, "could not show the window");
        }
    }
}
