//! The UI's node_modules.

use crate::cmd::{run, run_teeing_stderr, which};
use crate::ctx::Ctx;
use crate::steps::{failure, R};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// `npm ci` in ui/ when node_modules is missing or older than package-lock.json.
pub fn ensure_npm_ci(ctx: &Ctx) -> R<String> {
    if !ctx.ui.join("package.json").is_file() {
        return Err(failure(
            format!("{} not found", ctx.ui.join("package.json").display()),
            "the UI (Svelte) lives in ui/; is the checkout complete?",
        ));
    }
    if which("npm").is_none() {
        return Err(failure("npm not found on PATH", "install Node.js 20 or newer with npm (https://nodejs.org), then rerun"));
    }
    let lock = ctx.ui.join("package-lock.json");
    let Some(lock_time) = mtime(&lock) else {
        return Err(failure("ui/package-lock.json is missing", "run `npm install` in ui/ and commit ui/package-lock.json"));
    };
    let modules = ctx.ui.join("node_modules");
    // npm writes node_modules/.package-lock.json on every install: the best "installed at".
    let installed = mtime(&modules.join(".package-lock.json")).or_else(|| mtime(&modules));
    if matches!(installed, Some(t) if t >= lock_time) {
        return Ok("node_modules up to date".into());
    }
    let mut ci = Command::new("npm");
    ci.args(["ci", "--no-audit", "--no-fund"]).current_dir(&ctx.ui);
    let out_of_sync = "see npm's message above; `npm ci` needs ui/package-lock.json to match ui/package.json (run `npm install` in ui/ and commit the lock file)";
    let (result, stderr) = run_teeing_stderr(&mut ci, out_of_sync);
    if result.is_ok() {
        return Ok("ran npm ci".into());
    }
    // npm 11's `npm ci` insists on a lock entry for every platform's optional package (rollup's,
    // @tauri-apps/cli's, ...). When the registry lacks some of them at the pinned version, `npm
    // install` writes a lock file without them, which `npm ci` then refuses ("Missing: X@ from lock
    // file", with no version). Only in that case: install from the same lock file with `npm install
    // --no-save`, which leaves package.json and package-lock.json untouched.
    let missing: Vec<&str> = stderr.lines().filter(|l| l.contains("Missing: ") && l.contains(" from lock file")).collect();
    let only_unversioned = !missing.is_empty() && missing.iter().all(|l| l.contains("@ from lock file"));
    if !only_unversioned {
        return result.map(|_| String::new());
    }
    println!("    npm ci refused the lock file only for other platforms' optional packages that it has no version of;");
    println!("    installing from the same lock file with `npm install --no-save` instead");
    run(Command::new("npm").args(["install", "--no-save", "--no-audit", "--no-fund"]).current_dir(&ctx.ui), out_of_sync)?;
    Ok("ran npm install --no-save (npm ci refused other platforms' optional packages)".into())
}

/// `npm run build` in ui/: the app embeds ui/dist when it is compiled, so this precedes building it.
pub fn build_ui(ctx: &Ctx) -> R<String> {
    run(
        Command::new("npm").args(["run", "build"]).current_dir(&ctx.ui),
        "fix the UI build errors above; the app embeds ui/dist when it is compiled",
    )?;
    Ok(String::new())
}

pub fn mtime(p: &Path) -> Option<SystemTime> {
    fs::metadata(p).and_then(|m| m.modified()).ok()
}
