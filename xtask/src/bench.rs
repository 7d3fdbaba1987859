//! `cargo xtask bench-startup`: the figure "app start to first screen"; `cargo xtask
//! bench-keystroke`: "keystroke to updated totals on a 500-line order"; `cargo xtask
//! bench-memory-floor`: idle memory next to an empty window. Each builds what the app embeds and
//! the app itself in the chosen profile (with `--release`, the one users get), then runs its bench binary (tests/e2e) on the
//! same virtual screen and private D-Bus session as the end-to-end tests, so the numbers are taken
//! the way the tests see the app.

use crate::cmd::run;
use crate::ctx::Ctx;
use crate::e2e::headless;
use crate::npm::{build_ui, ensure_npm_ci};
use crate::steps::{failure, Plan};
use crate::system::{ensure_packages, SYSTEM_PACKAGES};
use crate::tauri_driver::ensure_tauri_driver;
use std::fs;
use std::path::Path;

/// The profile users get (the installers): `dist` in the workspace's Cargo.toml.
pub const USERS_PROFILE: &str = "dist";

pub fn bench_startup(ctx: &Ctx, release: bool, runs: Option<u32>) -> bool {
    let profile = if release { USERS_PROFILE } else { "debug" };
    let mut plan = Plan::new(if release { "bench-startup --release" } else { "bench-startup" });
    let app = ctx.profile_bin(profile, "restock");
    build_steps(ctx, &mut plan, profile, &app, "startup_bench", false);
    let out = ctx.root.join("target/bench-startup");
    plan.step("startup benchmark", || {
        fresh_dir(&out)?;
        let mut cmd = headless(ctx, ctx.bin("startup_bench"))?;
        cmd.arg("--app").arg(&app).arg("--out").arg(&out);
        if let Some(n) = runs {
            cmd.args(["--runs", &n.to_string()]);
        }
        run(&mut cmd, &format!("see the benchmark's message above; the tauri-driver/app logs are in {}", out.join("logs").display()))?;
        Ok(format!("{profile} build; logs and a screenshot in {}", out.display()))
    });
    plan.finish()
}

/// `cargo xtask bench-keystroke`: a demo hub, the app logged in with a 500-line cart, and a quantity
/// typed (then Enter) into one line after another; the page's performance marks time each keystroke
/// to the frame showing the new totals.
pub fn bench_keystroke(ctx: &Ctx, release: bool, runs: Option<u32>) -> bool {
    let profile = if release { USERS_PROFILE } else { "debug" };
    let mut plan = Plan::new(if release { "bench-keystroke --release" } else { "bench-keystroke" });
    let app = ctx.profile_bin(profile, "restock");
    // The hub only serves the login and the catalogue sync before the keystrokes: its debug build.
    build_steps(ctx, &mut plan, profile, &app, "keystroke_bench", true);
    let out = ctx.root.join("target/bench-keystroke");
    plan.step("keystroke benchmark", || {
        fresh_dir(&out)?;
        let mut cmd = headless(ctx, ctx.bin("keystroke_bench"))?;
        cmd.arg("--app").arg(&app).arg("--hub").arg(ctx.bin("restock-hub")).arg("--out").arg(&out);
        if let Some(n) = runs {
            cmd.args(["--runs", &n.to_string()]);
        }
        run(
            &mut cmd,
            &format!("see the benchmark's message above; screenshots and the hub and tauri-driver/app logs are in {}", out.display()),
        )?;
        Ok(format!("{profile} build; logs and screenshots in {}", out.display()))
    });
    plan.finish()
}

/// `cargo xtask bench-memory-floor`: the app's idle memory next to that of an empty WebKitGTK
/// window and of an empty Tauri window, both Tauri programs built as users get the app.
pub fn bench_memory_floor(ctx: &Ctx, runs: Option<u32>) -> bool {
    let mut plan = Plan::new("bench-memory-floor");
    let app = ctx.profile_bin(USERS_PROFILE, "restock");
    build_steps(ctx, &mut plan, USERS_PROFILE, &app, "memory_floor_bench", false);
    let floor = ctx.profile_bin(USERS_PROFILE, "examples/memory_floor");
    plan.step(&format!("build the empty Tauri window ({USERS_PROFILE})"), || {
        run(
            ctx.cargo().args(["build", "--profile", USERS_PROFILE, "-p", "restock-app", "--example", "memory_floor"]),
            "fix the build errors above (src-tauri/examples/memory_floor)",
        )?;
        Ok(floor.display().to_string())
    });
    plan.step("memory floor benchmark", || {
        let mut cmd = headless(ctx, ctx.bin("memory_floor_bench"))?;
        cmd.arg("--app")
            .arg(&app)
            .arg("--floor")
            .arg(&floor)
            .arg("--page")
            .arg(ctx.root.join("src-tauri/examples/memory_floor/page/index.html"));
        if let Some(n) = runs {
            cmd.args(["--runs", &n.to_string()]);
        }
        run(&mut cmd, "see the benchmark's message above")?;
        Ok(format!("{USERS_PROFILE} builds"))
    });
    plan.finish()
}

/// Setup and builds a bench needs: the UI, the app in `profile`, the debug hub (`with_hub`), and
/// the bench binary itself.
fn build_steps(ctx: &Ctx, plan: &mut Plan, profile: &str, app: &Path, bench: &str, with_hub: bool) {
    plan.step("system packages", || ensure_packages(SYSTEM_PACKAGES));
    plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
    plan.step("tauri-driver", || ensure_tauri_driver(ctx));
    plan.step("UI: npm run build", || build_ui(ctx));
    plan.step(&format!("build app ({profile})"), || {
        let mut cmd = ctx.cargo();
        cmd.arg("build");
        if profile != "debug" {
            cmd.args(["--profile", profile]);
        }
        run(cmd.args(["-p", "restock-app"]), "fix the build errors above (package restock-app)")?;
        if !app.is_file() {
            return Err(failure(
                format!("{} was not built", app.display()),
                "the app package (restock-app) must have a binary named `restock`",
            ));
        }
        Ok(app.display().to_string())
    });
    if with_hub {
        plan.step("build hub (debug)", || {
            run(ctx.cargo().args(["build", "-p", "restock-hub"]), "fix the build errors above (package restock-hub)")?;
            let hub = ctx.bin("restock-hub");
            if !hub.is_file() {
                return Err(failure(
                    format!("{} was not built", hub.display()),
                    "the hub package (restock-hub) must have a binary named `restock-hub`",
                ));
            }
            Ok(hub.display().to_string())
        });
    }
    // The benchmark itself is only a WebDriver client: its own build profile does not matter.
    plan.step("build the benchmark", || {
        run(ctx.cargo().args(["build", "-p", "restock-e2e", "--bin", bench]), "fix the build errors in tests/e2e above")?;
        Ok(String::new())
    });
}

fn fresh_dir(dir: &Path) -> crate::steps::R {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| failure(format!("could not create {}: {e}", dir.display()), ""))
}
