//! Harness for the end-to-end tests: a real hub (`restock-hub serve` on a temporary SQLite file),
//! tauri-driver (WebDriver) launching the real desktop app, and helpers to drive the UI through its
//! `data-testid` hooks, take screenshots and check them.
//!
//! Run through `cargo xtask test` (or `cargo xtask test --only-e2e`), which builds the binaries,
//! installs tauri-driver and runs these tests under `dbus-run-session` and `xvfb-run`.
//!
//! One module per piece of the test's world; everything a test uses is re-exported here, so tests
//! `use restock_e2e::{…}` without knowing the layout.

pub mod bench;
pub mod clock;
mod config;
mod driver;
mod flows;
mod harness;
mod hub;
pub mod keyboard;
mod memory;
mod numbers;
mod process;
mod screen;
mod ui;
mod wait;

pub use config::{find_tauri_driver, Config};
pub use driver::Driver;
pub use flows::{choose, enter_quantity, log_in, log_in_as, log_in_staff, row_css, wait_amount};
pub use harness::Harness;
pub use hub::{Hub, HubApi, HubOptions};
pub use keyboard::Focus;
pub use memory::{largest_mappings, AppMemory};
pub use numbers::{numbers_in, shows_amount};
pub use process::free_port;
pub use screen::ScreenStats;
pub use ui::{css_escape, testid, Expect, Ui};
pub use wait::{long_timeout, poll, timeout};

pub use fantoccini;

pub const DEMO_USERNAME: &str = "330100000001";
pub const DEMO_PASSWORD: &str = "restock-demo";
/// The demo customer who orders in cycles (Monday to Saturday, cutoff 23:00 Shanghai): a submitted
/// cart is saved, to be confirmed (决定购买) before the cutoff. Its last cycle left short items.
pub const CYCLE_USERNAME: &str = "330100000005";

/// A failed end-to-end test, as the test's `Err`: libtest prints it as is (no panic backtrace,
/// which would only show the harness).
pub struct Failure(pub String);

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn fail(msg: impl Into<String>) -> Failure {
    Failure(msg.into())
}
