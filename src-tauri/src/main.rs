// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    restock_app::rendering::choose_rendering();
    restock_app::run()
}
