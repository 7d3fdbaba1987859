//! The end-to-end tests: the debug app and hub they drive, and the private X display and D-Bus
//! session they (and the startup benchmark) run in.

use crate::cmd::{run, which};
use crate::ctx::Ctx;
use crate::steps::{failure, R};
use std::ffi::OsStr;
use std::fs;
use std::process::Command;

/// As big as the app's window (tauri.conf.json), so screenshots show all of it.
pub const XVFB_SCREEN: &str = "-screen 0 1280x800x24";

/// The debug app and hub: what the end-to-end tests (and the demo) run.
pub fn build_binaries(ctx: &Ctx) -> R<String> {
    run(
        ctx.cargo().args(["build", "-p", "restock-hub", "-p", "restock-app"]),
        "fix the build errors above (packages restock-hub and restock-app)",
    )?;
    for name in ["restock", "restock-hub"] {
        let bin = ctx.bin(name);
        if !bin.is_file() {
            return Err(failure(
                format!("{} was not built", bin.display()),
                "the app package (restock-app) must have a binary named `restock`, the hub package (restock-hub) one named `restock-hub`",
            ));
        }
    }
    Ok(format!("{}/debug/{{restock,restock-hub}}", ctx.target.display()))
}

/// `cargo test -p restock-e2e` on a virtual screen, in a D-Bus session of its own so that nothing the
/// app starts there (the accessibility bus, a keyring) outlives the run.
pub fn run_e2e(ctx: &Ctx) -> R<String> {
    let shots = ctx.root.join("target/e2e-screenshots");
    // Old screenshots (and FAILED-*.png from an earlier run) would only confuse.
    let _ = fs::remove_dir_all(&shots);
    fs::create_dir_all(&shots).map_err(|e| failure(format!("could not create {}: {e}", shots.display()), ""))?;
    run(ctx.cargo().args(["test", "-p", "restock-e2e", "--no-run"]), "fix the build errors in tests/e2e above")?;
    let mut cmd = headless(ctx, &ctx.cargo)?;
    cmd.args(["test", "-p", "restock-e2e", "--", "--test-threads=1"])
        .env("RESTOCK_APP_BIN", ctx.bin("restock"))
        .env("RESTOCK_HUB_BIN", ctx.bin("restock-hub"))
        .env("RESTOCK_SCREENSHOT_DIR", &shots);
    run(
        &mut cmd,
        &format!(
            "see the failing test above; screenshots (FAILED-*.png) and the hub/app logs are in {}\nrerun only these tests with `cargo xtask test --only-e2e`",
            shots.display()
        ),
    )?;
    Ok(format!("screenshots in {}", shots.display()))
}

/// `dbus-run-session -- xvfb-run -a -s <screen> <program>`, from the repository root: a virtual
/// screen, and a D-Bus session of its own so that nothing the app starts there (the accessibility
/// bus, a keyring) outlives the run. The end-to-end tests and the startup benchmark run this way.
pub fn headless(ctx: &Ctx, program: impl AsRef<OsStr>) -> R<Command> {
    for tool in ["dbus-run-session", "xvfb-run"] {
        if which(tool).is_none() {
            return Err(failure(
                format!("{tool} not found"),
                "apt-get install xvfb xauth dbus-x11 (the first step installs them on Debian)",
            ));
        }
    }
    let mut cmd = Command::new("dbus-run-session");
    cmd.current_dir(&ctx.root)
        .args(["--", "xvfb-run", "-a", "-s", XVFB_SCREEN])
        .arg(program)
        .env("NO_AT_BRIDGE", "1")
        // Tells the tests that this D-Bus session is theirs alone (so they may start a keyring in it).
        .env("RESTOCK_E2E_PRIVATE_DBUS", "1")
        // tauri-driver is in cargo's bin directory, which need not be on PATH.
        .env("PATH", ctx.path_with_cargo_bin());
    Ok(cmd)
}
