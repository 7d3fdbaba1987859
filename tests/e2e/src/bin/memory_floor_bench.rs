//! Idle memory against its floor: how much of the app's idle memory any window of WebKitGTK, or of
//! Tauri on it, takes before the app adds anything. Three programs, each launched the same way on
//! the same virtual screen, left alone for a few seconds and then read from `/proc` (the app's
//! process and its children, as the other benches read it):
//!
//! 1. WebKitGTK's own MiniBrowser showing an empty page (no Tauri, no Rust);
//! 2. `memory_floor`, a Tauri window of the app's size with the same empty page, drawn as the app
//!    draws (src-tauri/examples/memory_floor);
//! 3. the app itself on its login screen, with a fresh data directory.
//!
//! Run through `cargo xtask bench-memory-floor`, which builds the two Tauri programs in release
//! and runs this under Xvfb in a D-Bus session of its own.

use anyhow::{anyhow, bail, Context, Result};
use restock_e2e::{largest_mappings, AppMemory};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const USAGE: &str = "\
Usage: memory_floor_bench --app PATH --floor PATH --page PATH [--runs N] [--settle SECONDS]

  --app PATH       the app binary (release)
  --floor PATH     the memory_floor example binary (release)
  --page PATH      the empty page both floors show (src-tauri/examples/memory_floor/page/index.html)
  --runs N         launches of each program (default 3); medians are printed
  --settle SECONDS how long each is left alone before it is read (default 8)

Needs an X display (xvfb-run); `cargo xtask bench-memory-floor` provides it.";

const MINI_BROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

struct Args {
    app: PathBuf,
    floor: PathBuf,
    page: PathBuf,
    runs: usize,
    settle: Duration,
}

fn parse_args() -> Result<Args> {
    let mut app = None;
    let mut floor = None;
    let mut page = None;
    let mut runs = 3;
    let mut settle = Duration::from_secs(8);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| anyhow!("{flag} needs a value\n\n{USAGE}"));
        match flag.as_str() {
            "--app" => app = Some(PathBuf::from(value()?)),
            "--floor" => floor = Some(PathBuf::from(value()?)),
            "--page" => page = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().context("--runs")?,
            "--settle" => settle = Duration::from_secs(value()?.parse().context("--settle")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n\n{USAGE}"),
        }
    }
    let need = |p: Option<PathBuf>, what: &str| -> Result<PathBuf> {
        let p = p.ok_or_else(|| anyhow!("{what} is required\n\n{USAGE}"))?;
        std::fs::canonicalize(&p).with_context(|| format!("{what} {}", p.display()))
    };
    Ok(Args { app: need(app, "--app")?, floor: need(floor, "--floor")?, page: need(page, "--page")?, runs: runs.max(1), settle })
}

/// One program to launch and read.
struct Program {
    name: &'static str,
    exe: PathBuf,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
}

/// Launched in a process group of its own, so that its WebKit children go with it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let pid = self.0.id() as i32;
        // SAFETY: signals the process group this program created for the child; no memory involved.
        unsafe {
            libc::kill(-pid, libc::SIGTERM);
        }
        std::thread::sleep(Duration::from_millis(500));
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = self.0.wait();
    }
}

fn launch(program: &Program) -> Result<Running> {
    let mut cmd = Command::new(&program.exe);
    cmd.args(&program.args).envs(program.env.iter().map(|(k, v)| (k, v))).stdout(Stdio::null()).stderr(Stdio::null()).process_group(0);
    let child = cmd.spawn().with_context(|| format!("launching {}", program.exe.display()))?;
    Ok(Running(child))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn measure(program: &Program, args: &Args) -> Result<(AppMemory, Vec<String>)> {
    let mut readings = Vec::new();
    let mut mappings = Vec::new();
    for run in 0..args.runs {
        let running = launch(program)?;
        std::thread::sleep(args.settle);
        let memory = AppMemory::of(&program.exe).ok_or_else(|| anyhow!("{} is not running after {:?}", program.name, args.settle))?;
        if memory.processes < 3 {
            bail!(
                "{}: {} process(es) after {:?}, expected the program and WebKit's web and network processes",
                program.name,
                memory.processes,
                args.settle
            );
        }
        if run + 1 == args.runs {
            mappings = largest_mappings(&program.exe, 6);
        }
        readings.push(memory);
        drop(running);
    }
    let of = |f: fn(&AppMemory) -> f64| median(readings.iter().map(f).collect());
    let summary = AppMemory {
        rss_mib: of(|m| m.rss_mib),
        pss_mib: of(|m| m.pss_mib),
        uss_mib: of(|m| m.uss_mib),
        private_dirty_mib: of(|m| m.private_dirty_mib),
        processes: readings[0].processes,
    };
    Ok((summary, mappings))
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if std::env::var_os("DISPLAY").is_none() {
        bail!("no X display: run it under xvfb-run (cargo xtask bench-memory-floor does)");
    }
    let data = tempfile::tempdir()?;
    let no_compositing = ("WEBKIT_DISABLE_COMPOSITING_MODE", "1".to_string());
    let page_url = format!("file://{}", args.page.display());
    let programs = [
        Program {
            name: "WebKitGTK MiniBrowser, empty page",
            exe: PathBuf::from(MINI_BROWSER),
            args: vec!["--geometry=1280x800".into(), page_url],
            env: vec![no_compositing.clone()],
        },
        Program { name: "Tauri window, empty page (memory_floor)", exe: args.floor.clone(), args: vec![], env: vec![] },
        Program {
            name: "the app, login screen",
            exe: args.app.clone(),
            args: vec![],
            env: vec![("RESTOCK_DATA_DIR", data.path().display().to_string())],
        },
    ];
    println!("{} launches each, read {:?} after launch; medians in MiB (app process + its children):", args.runs, args.settle);
    println!("{:<42} {:>6} {:>6} {:>8} {:>6} {:>10}", "", "PSS", "USS", "dirty", "RSS", "processes");
    let mut details = Vec::new();
    for program in &programs {
        if !program.exe.is_file() {
            bail!("{} not found at {}", program.name, program.exe.display());
        }
        let (m, mappings) = measure(program, &args)?;
        println!(
            "{:<42} {:>6.0} {:>6.0} {:>8.0} {:>6.0} {:>10}",
            program.name, m.pss_mib, m.uss_mib, m.private_dirty_mib, m.rss_mib, m.processes
        );
        details.push((program.name, mappings));
    }
    println!();
    println!("Largest mappings per process in the last launch (PSS / private (private dirty), MiB):");
    for (name, mappings) in details {
        println!("{name}:");
        for line in mappings {
            println!("  {line}");
        }
    }
    Ok(())
}
