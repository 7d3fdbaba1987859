//! `cargo xtask bench-startup`: the figure "app start to first screen". Builds what the app embeds
//! and the app itself in the chosen profile, then runs `startup_bench` (tests/e2e) on the same
//! virtual screen and private D-Bus session as the end-to-end tests, so the numbers are taken the
//! way the tests see the app.

use crate::cmd::run;
use crate::ctx::Ctx;
use crate::e2e::headless;
use crate::npm::{build_ui, ensure_npm_ci};
use crate::steps::{failure, Plan};
use crate::system::{ensure_packages, SYSTEM_PACKAGES};
use crate::tauri_driver::ensure_tauri_driver;
use std::fs;

pub fn bench_startup(ctx: &Ctx, release: bool, runs: Option<u32>) -> bool {
    let profile = if release { "release" } else { "debug" };
    let mut plan = Plan::new(if release {
        "bench-startup --release"
    } else {
        "bench-startup"
    });
    let app = ctx.profile_bin(profile, "restock");
    plan.step("system packages", || ensure_packages(SYSTEM_PACKAGES));
    plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
    plan.step("tauri-driver", || ensure_tauri_driver(ctx));
    plan.step("UI: npm run build", || build_ui(ctx));
    plan.step(&format!("build app ({profile})"), || {
        let mut cmd = ctx.cargo();
        cmd.arg("build");
        if release {
            cmd.arg("--release");
        }
        run(
            cmd.args(["-p", "restock-app"]),
            "fix the build errors above (package restock-app)",
        )?;
        if !app.is_file() {
            return Err(failure(
                format!("{} was not built", app.display()),
                "the app package (restock-app) must have a binary named `restock`",
            ));
        }
        Ok(app.display().to_string())
    });
    // The benchmark itself is only a WebDriver client: its own build profile does not matter.
    plan.step("build the benchmark", || {
        run(
            ctx.cargo()
                .args(["build", "-p", "restock-e2e", "--bin", "startup_bench"]),
            "fix the build errors in tests/e2e above",
        )?;
        Ok(String::new())
    });
    let out = ctx.root.join("target/bench-startup");
    plan.step("startup benchmark", || {
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out)
            .map_err(|e| failure(format!("could not create {}: {e}", out.display()), ""))?;
        let mut cmd = headless(ctx, ctx.bin("startup_bench"))?;
        cmd.arg("--app").arg(&app).arg("--out").arg(&out);
        if let Some(n) = runs {
            cmd.args(["--runs", &n.to_string()]);
        }
        run(
            &mut cmd,
            &format!(
                "see the benchmark's message above; the tauri-driver/app logs are in {}",
                out.join("logs").display()
            ),
        )?;
        Ok(format!(
            "{profile} build; logs and a screenshot in {}",
            out.display()
        ))
    });
    plan.finish()
}
