//! `cargo xtask demo`: a hub with demo data and the app connected to it, until Ctrl-C.

use crate::cmd::{describe, run, stop_child, wait_until_interrupted, which};
use crate::ctx::Ctx;
use crate::e2e::{build_binaries, XVFB_SCREEN};
use crate::hub::RunningHub;
use crate::npm::{build_ui, ensure_npm_ci};
use crate::steps::{failure, Plan, R};
use crate::system::{ensure_packages, SYSTEM_PACKAGES};
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const DEMO_USERNAME: &str = "330100000001";
pub const DEMO_PASSWORD: &str = "restock-demo";

pub fn demo(ctx: &Ctx, hub_only: bool) -> bool {
    let mut plan = Plan::new(if hub_only { "demo --hub-only" } else { "demo" });
    plan.step("system packages", || ensure_packages(SYSTEM_PACKAGES));
    if hub_only {
        plan.skip("npm ci (ui/)", "--hub-only");
        plan.skip("UI: npm run build", "--hub-only");
        plan.step("build hub", || {
            run(ctx.cargo().args(["build", "-p", "restock-hub"]), "fix the build errors above (package restock-hub)")?;
            Ok(String::new())
        });
    } else {
        plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
        plan.step("UI: npm run build", || build_ui(ctx));
        plan.step("build app and hub", || build_binaries(ctx));
    }
    let data = demo_data_dir(ctx);
    let database = data.as_ref().map(|d| d.join("hub.sqlite"));
    plan.step("demo data", || {
        let data = data.as_ref().ok_or_else(|| failure("neither XDG_DATA_HOME nor HOME is set", "set HOME"))?;
        fs::create_dir_all(data).map_err(|e| failure(format!("could not create {}: {e}", data.display()), ""))?;
        let db = database.as_ref().expect("set with data");
        run(
            Command::new(ctx.bin("restock-hub")).arg("demo-data").arg("--database").arg(db),
            &format!("see the hub's message above; to start over, delete {}", db.display()),
        )?;
        Ok(db.display().to_string())
    });
    let mut hub: Option<RunningHub> = None;
    plan.step("start the hub", || {
        let started = RunningHub::start(ctx, database.as_ref().expect("set"))?;
        let note = started.url.clone();
        hub = Some(started);
        Ok(note)
    });
    if let Some(hub) = hub.as_mut() {
        let banner = format!(
            "\n  Restock demo hub: {url}   (OpenAPI: {url}/openapi.json)\n  Log in with  username {DEMO_USERNAME}   password {DEMO_PASSWORD}\n  Data: {}   (delete it to start over)\n",
            database.as_ref().map(|d| d.display().to_string()).unwrap_or_default(),
            url = hub.url,
        );
        println!("{}", "=".repeat(72));
        print!("{banner}");
        println!("{}", "=".repeat(72));
        if hub_only {
            println!("Hub running; Ctrl-C stops it.");
            let url = hub.url.clone();
            plan.step("hub (until Ctrl-C)", || {
                let status = wait_until_interrupted(&mut [&mut hub.child])?;
                match status {
                    Some(status) => Err(failure(format!("the hub stopped by itself ({status})"), "see its output above")),
                    None => Ok(format!("served {url}")),
                }
            });
        } else {
            let url = hub.url.clone();
            plan.step("app (until it is closed)", || run_demo_app(ctx, &url, &mut hub.child));
        }
    }
    if let Some(mut hub) = hub.take() {
        println!("==> stopping the hub");
        stop_child(&mut hub.child, Duration::from_secs(10));
    }
    plan.finish()
}

pub fn demo_data_dir(ctx: &Ctx) -> Option<PathBuf> {
    let base = env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| ctx.home.as_ref().map(|h| h.join(".local/share")))?;
    Some(base.join("restock-demo"))
}

pub fn run_demo_app(ctx: &Ctx, url: &str, hub: &mut Child) -> R<String> {
    let app = ctx.bin("restock");
    let headless = cfg!(target_os = "linux")
        && env::var_os("DISPLAY").filter(|v| !v.is_empty()).is_none()
        && env::var_os("WAYLAND_DISPLAY").filter(|v| !v.is_empty()).is_none();
    let mut cmd = if headless {
        if which("xvfb-run").is_none() {
            return Err(failure(
                "no DISPLAY is set and xvfb-run is not installed",
                "run from a desktop session, or apt-get install xvfb xauth",
            ));
        }
        println!("    No DISPLAY is set (headless machine): running the app on a virtual screen with `xvfb-run -a`.");
        println!("    You will not see its window here; run `cargo xtask demo` from a desktop session to use it,");
        println!("    or `cargo xtask demo --hub-only` and connect an app on another machine to the hub.");
        // Without a session bus GTK starts one of its own that outlives the app: give it one.
        let own_bus = env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() && which("dbus-run-session").is_some();
        let mut c = if own_bus {
            let mut c = Command::new("dbus-run-session");
            c.args(["--", "xvfb-run"]);
            c
        } else {
            Command::new("xvfb-run")
        };
        c.args(["-a", "-s", XVFB_SCREEN]).arg(&app).env("NO_AT_BRIDGE", "1");
        c
    } else {
        Command::new(&app)
    };
    cmd.env("RESTOCK_HUB_URL", url).stdin(Stdio::null());
    println!("    $ {}", describe(&cmd));
    println!("    Close the app window (or press Ctrl-C) to stop the demo.");
    let mut child =
        cmd.spawn().map_err(|e| failure(format!("could not start {}: {e}", app.display()), "build it: cargo build -p restock-app"))?;
    let result = wait_until_interrupted(&mut [&mut child, &mut *hub]);
    stop_child(&mut child, Duration::from_secs(10));
    match result? {
        None => Ok("stopped with Ctrl-C".into()),
        Some(status) => {
            if matches!(hub.try_wait(), Ok(Some(_))) {
                Err(failure(format!("the hub stopped by itself ({status})"), "see its output above"))
            } else if status.success() {
                Ok("app closed".into())
            } else {
                Err(failure(format!("the app exited with {status}"), "see its output above"))
            }
        }
    }
}
