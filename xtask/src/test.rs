//! `cargo xtask test`: every check the project has, in the order that fails fastest.

use crate::cmd::{output, run};
use crate::ctx::Ctx;
use crate::e2e::{build_binaries, run_e2e};
use crate::npm::{build_ui, ensure_npm_ci};
use crate::postgres::{choose_pg, ThrowawayPg};
use crate::steps::{failure, Plan, R};
use crate::system::{ensure_packages, SYSTEM_PACKAGES};
use crate::tauri_driver::ensure_tauri_driver;
use crate::windows;
use std::env;
use std::process::{Command, Stdio};

pub fn test(ctx: &Ctx, unit: bool, e2e: bool, windows: bool) -> bool {
    let title = match (unit, e2e, windows) {
        (true, true, true) => "test",
        (true, false, true) => "test --skip-e2e",
        (_, _, true) => "test --only-e2e",
        (true, true, false) => "test --skip-windows",
        (true, false, false) => "test --skip-e2e --skip-windows",
        _ => "test --only-e2e --skip-windows",
    };
    println!("cargo xtask {title}: repository {}, CARGO_TARGET_DIR={}", ctx.root.display(), ctx.target.display());
    let mut plan = Plan::new(title);
    let mut pg: Option<ThrowawayPg> = None;
    let generated = ctx.ui.join("src/lib/generated");

    plan.step("system packages", || ensure_packages(SYSTEM_PACKAGES));
    plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
    if e2e {
        plan.step("tauri-driver", || ensure_tauri_driver(ctx));
    } else {
        plan.skip("tauri-driver", "--skip-e2e");
    }
    if unit {
        plan.step("cargo fmt --check", || {
            ensure_rust_components(ctx)?;
            run(
                ctx.cargo().args(["fmt", "--all", "--check"]),
                "run `cargo fmt --all` and commit the result (the style is in rustfmt.toml)",
            )?;
            Ok(String::new())
        });
        plan.step("PostgreSQL for the hub tests", || choose_pg(&mut pg));
        plan.step("generated TypeScript types", || {
            run(
                ctx.cargo().args(["test", "-p", "restock-protocol", "-p", "restock-core"]).env("TS_RS_EXPORT_DIR", &generated),
                "fix the failing tests above (ts-rs writes the .ts files from these tests)",
            )?;
            check_generated_committed(ctx)
        });
        plan.step("UI: npm run check", || {
            run(Command::new("npm").args(["run", "check"]).current_dir(&ctx.ui), "fix the type/Svelte errors svelte-check reports above")?;
            Ok(String::new())
        });
        plan.step("UI: npm test", || {
            run(Command::new("npm").arg("test").current_dir(&ctx.ui), "fix the failing UI unit tests above (`npm test` in ui/)")?;
            Ok(String::new())
        });
    } else {
        for s in ["cargo fmt --check", "PostgreSQL for the hub tests", "generated TypeScript types", "UI: npm run check", "UI: npm test"] {
            plan.skip(s, "--only-e2e");
        }
    }
    plan.step("UI: npm run build", || build_ui(ctx));
    if unit {
        // After the UI build: the app's crate embeds ui/dist, and its macro checks that it exists.
        plan.step("cargo clippy (workspace, all targets, warnings are errors)", || {
            run(ctx.cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]), "fix what clippy reports above")?;
            Ok(String::new())
        });
        plan.step("cargo test (workspace)", || {
            let mut cmd = ctx.cargo();
            cmd.args(["test", "--workspace", "--exclude", "restock-e2e", "--exclude", "xtask"]).env("TS_RS_EXPORT_DIR", &generated);
            if let Ok(url) = env::var("RESTOCK_TEST_PG_URL") {
                cmd.env("RESTOCK_TEST_PG_URL", url);
            }
            run(&mut cmd, "fix the failing tests above; rerun one crate with `cargo test -p <crate>`")?;
            // The app's tests write the command contract (generated/commands.ts); it must be committed too.
            check_generated_committed(ctx)
        });
    } else {
        plan.skip("cargo clippy (workspace, all targets, warnings are errors)", "--only-e2e");
        plan.skip("cargo test (workspace)", "--only-e2e");
    }
    // The database is no longer needed: stop it before the slow part.
    drop(pg.take());
    if e2e {
        plan.step("build app and hub", || build_binaries(ctx));
        plan.step("end-to-end tests", || run_e2e(ctx));
    } else {
        plan.skip("build app and hub", "--skip-e2e");
        plan.skip("end-to-end tests", "--skip-e2e");
    }
    windows::plan_steps(ctx, &mut plan, unit, e2e, windows);
    plan.finish()
}

/// rustfmt and clippy come with rustup's default profile; a minimal toolchain gets them here.
fn ensure_rust_components(ctx: &Ctx) -> R<()> {
    let have = |tool: &str| output(ctx.cargo().args([tool, "--version"])).is_some();
    if have("fmt") && have("clippy") {
        return Ok(());
    }
    run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]), "install rustfmt and clippy with rustup")
}

pub fn check_generated_committed(ctx: &Ctx) -> R<String> {
    let inside = output(Command::new("git").args(["rev-parse", "--is-inside-work-tree"]).current_dir(&ctx.root));
    if inside.as_deref().map(str::trim) != Some("true") {
        return Ok("not a git work tree: not compared".into());
    }
    let status = Command::new("git")
        .args(["status", "--porcelain", "--", "ui/src/lib/generated"])
        .current_dir(&ctx.root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| failure(format!("could not run git: {e}"), "install git"))?;
    if !status.status.success() {
        return Err(failure(format!("`git status` failed: {}", String::from_utf8_lossy(&status.stderr).trim()), ""));
    }
    let changed = String::from_utf8_lossy(&status.stdout);
    if !changed.trim().is_empty() {
        for line in changed.lines() {
            println!("      {line}");
        }
        return Err(failure(
            "generated TS types are out of date: commit ui/src/lib/generated",
            "the Rust types changed and ts-rs regenerated the files listed above; review them, then `git add ui/src/lib/generated` and commit",
        ));
    }
    Ok("ui/src/lib/generated matches the Rust types".into())
}
