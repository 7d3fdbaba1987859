//! The least memory a Tauri window on WebKitGTK takes on this machine: a window of the app's size
//! with an empty page, drawn as the app draws (no compositing, caches sized for one page), with no
//! desk, no store and no UI. BENCHMARKS.md (idle memory) compares the app to it:
//! `cargo xtask bench-memory-floor`.

use tauri::Manager;

fn main() {
    restock_app::rendering::choose_rendering();
    tauri::Builder::default()
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                restock_app::rendering::tune(&window);
            }
            Ok(())
        })
        .run(tauri::generate_context!("examples/memory_floor/tauri.conf.json"))
        .expect("the window runs");
}
