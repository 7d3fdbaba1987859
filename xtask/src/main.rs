//! `cargo xtask`: set a machine up and run every test, or start the demo.
//!
//! Standard library only, so it builds in seconds on a clean machine before anything else is there.
//! Every step is idempotent: it checks first and only installs or starts what is missing.
//!
//! This file only reads the command line. Each command is a `steps::Plan` of named steps, built
//! from the setup modules (`system`, `npm`, `tauri_driver`, `postgres`) and the command's own
//! module (`test`, `demo`, `bench`, `postgres::pg_smoke`).

mod bench;
mod cmd;
mod ctx;
mod demo;
mod e2e;
mod hub;
mod npm;
mod postgres;
mod signals;
mod steps;
mod system;
mod tauri_driver;
mod test;
mod windows;

use ctx::Ctx;
use std::env;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command> [flags]

Commands:
  test           Install what is missing, then run every test: generated TypeScript types,
                 UI check/unit tests/build, `cargo test` for the workspace (hub tests on
                 PostgreSQL), the end-to-end tests that drive the real app, and last the
                 Windows builds (the hub's tests under Wine, the app's .exe and installer).
      --skip-e2e   everything but the end-to-end tests
      --only-e2e   only the end-to-end tests (with the setup and builds they need)
      --skip-windows
                   leave out the Windows steps at the end: the hub and the app cross-built for
                   x86_64-pc-windows-gnu with mingw-w64, the hub's tests on SQLite and its .exe
                   under Wine, the app's .exe under Wine and its NSIS installer
  test-windows   Only the Windows steps of `test` (with the UI build the app embeds), for
                 working on them: `--skip-e2e` leaves out the app's, `--only-e2e` the hub's.
  demo           Build and start a hub with demo data on 127.0.0.1:8787 and the desktop app
                 connected to it. Ctrl-C (or closing the app) stops both.
      --hub-only   run just the hub until Ctrl-C
  bench-startup  Build the UI and the app, then time the app's start until its first screen
                 (the login screen) is painted, under Xvfb like the end-to-end tests; prints
                 min/median/p95/max (see BENCHMARKS.md).
      --release    measure the build users get (profile `dist`: for size, fat LTO; a cold build
                   takes minutes)
      --runs N     measured runs (default 10)
  bench-keystroke
                 Build the UI, the app and the hub, then time a quantity typed (then Enter) in a
                 500-line cart until the new totals are on the screen, from the page's performance
                 marks, under Xvfb; prints min/median/p95/max (see BENCHMARKS.md).
      --release    measure the build users get (profile `dist`)
      --runs N     measured keystrokes (default 30, after 5 not counted)
  bench-memory-floor
                 Build the app and an empty Tauri window (src-tauri/examples/memory_floor) as
                 users get them (profile `dist`), then read the idle memory of WebKitGTK's
                 MiniBrowser, of that window and of the app on its login screen, under Xvfb (see
                 BENCHMARKS.md, idle memory).
      --runs N     launches of each (default 3)
  pg-smoke       Start and stop a throwaway PostgreSQL cluster (checks the fallback `test` uses
                 when no PostgreSQL answers on 127.0.0.1:5432).

Environment:
  CARGO_TARGET_DIR      where cargo builds (default: ~/.cache/restock/target)
  RESTOCK_TEST_PG_URL   PostgreSQL for the hub tests (default: 127.0.0.1:5432 if it answers,
                        else a throwaway cluster)
  RESTOCK_XTASK_THROWAWAY_PG=1   use a throwaway cluster even when 127.0.0.1:5432 answers
";

fn main() -> ExitCode {
    signals::install();
    forget_cargo_run_env();
    let args: Vec<String> = env::args().skip(1).collect();
    let Some((command, flags)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let allowed: &[&str] = match command.as_str() {
        "test" => &["--skip-e2e", "--only-e2e", "--skip-windows"],
        "test-windows" => &["--skip-e2e", "--only-e2e"],
        "demo" => &["--hub-only"],
        "bench-startup" | "bench-keystroke" => &["--release", "--runs"],
        "bench-memory-floor" => &["--runs"],
        "pg-smoke" => &[],
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut runs = None;
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        if !allowed.contains(&flag.as_str()) {
            eprintln!("error: unknown flag `{flag}` for `cargo xtask {command}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        if flag == "--runs" {
            match rest.next().and_then(|n| n.parse::<u32>().ok()).filter(|n| *n > 0) {
                Some(n) => runs = Some(n),
                None => {
                    eprintln!("error: --runs needs a number of runs (1 or more)\n\n{USAGE}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    let has = |f: &str| flags.iter().any(|a| a == f);
    let ctx = match Ctx::new() {
        Ok(ctx) => ctx,
        Err(failure) => {
            failure.print();
            return ExitCode::FAILURE;
        }
    };
    let ok = match command.as_str() {
        "test" => {
            if has("--skip-e2e") && has("--only-e2e") {
                eprintln!("error: --skip-e2e and --only-e2e contradict each other");
                return ExitCode::from(2);
            }
            test::test(&ctx, !has("--only-e2e"), !has("--skip-e2e"), !has("--skip-windows"))
        }
        "test-windows" => {
            if has("--skip-e2e") && has("--only-e2e") {
                eprintln!("error: --skip-e2e and --only-e2e contradict each other");
                return ExitCode::from(2);
            }
            windows::test_windows(&ctx, !has("--only-e2e"), !has("--skip-e2e"))
        }
        "demo" => demo::demo(&ctx, has("--hub-only")),
        "bench-startup" => bench::bench_startup(&ctx, has("--release"), runs),
        "bench-keystroke" => bench::bench_keystroke(&ctx, has("--release"), runs),
        "bench-memory-floor" => bench::bench_memory_floor(&ctx, runs),
        "pg-smoke" => postgres::pg_smoke(&ctx),
        _ => unreachable!(),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `cargo run` hands xtask the variables it gives a package's own binary (CARGO_PKG_NAME=xtask,
/// CARGO_MANIFEST_DIR=…/xtask, …). Passed on to the cargo commands xtask runs, they differ from a
/// plain `cargo build`'s environment, and build scripts that watch them (ring's does) would rerun
/// and rebuild everything above them each time a developer alternates the two.
fn forget_cargo_run_env() {
    let injected = |k: &str| {
        k.starts_with("CARGO_PKG_")
            || k.starts_with("CARGO_MANIFEST_")
            || matches!(k, "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_RUSTC_CURRENT_DIR")
    };
    let names: Vec<_> = env::vars_os().filter_map(|(k, _)| k.to_str().filter(|k| injected(k)).map(str::to_owned)).collect();
    for k in names {
        env::remove_var(k);
    }
}
