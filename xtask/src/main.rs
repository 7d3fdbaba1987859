//! `cargo xtask`: set a machine up and run every test, or start the demo.
//!
//! Standard library only, so it builds in seconds on a clean machine before anything else is there.
//! Every step is idempotent: it checks first and only installs or starts what is missing.

use std::env;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// Debian packages the build, the app and the end-to-end tests need.
const SYSTEM_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "libsecret-1-dev",
    "gnome-keyring",
    "dbus-x11",
    "keyutils",
    "fonts-noto-cjk",
    "imagemagick",
    "pkg-config",
    "file",
    "curl",
];

const DEMO_USERNAME: &str = "330100000001";
const DEMO_PASSWORD: &str = "restock-demo";
const DEMO_PORT: u16 = 8787;
const LISTENING_PREFIX: &str = "RESTOCK_HUB_LISTENING ";
const XVFB_SCREEN: &str = "-screen 0 1280x800x24";

const USAGE: &str = "\
Usage: cargo xtask <command> [flags]

Commands:
  test           Install what is missing, then run every test: generated TypeScript types,
                 UI check/unit tests/build, `cargo test` for the workspace (hub tests on
                 PostgreSQL), and the end-to-end tests that drive the real app.
      --skip-e2e   everything but the end-to-end tests
      --only-e2e   only the end-to-end tests (with the setup and builds they need)
  demo           Build and start a hub with demo data on 127.0.0.1:8787 and the desktop app
                 connected to it. Ctrl-C (or closing the app) stops both.
      --hub-only   run just the hub until Ctrl-C
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
        "test" => &["--skip-e2e", "--only-e2e"],
        "demo" => &["--hub-only"],
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
    for flag in flags {
        if !allowed.contains(&flag.as_str()) {
            eprintln!("error: unknown flag `{flag}` for `cargo xtask {command}`\n\n{USAGE}");
            return ExitCode::from(2);
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
            test(&ctx, !has("--only-e2e"), !has("--skip-e2e"))
        }
        "demo" => demo(&ctx, has("--hub-only")),
        "pg-smoke" => pg_smoke(&ctx),
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
            || matches!(
                k,
                "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "CARGO_RUSTC_CURRENT_DIR"
            )
    };
    let names: Vec<_> = env::vars_os()
        .filter_map(|(k, _)| k.to_str().filter(|k| injected(k)).map(str::to_owned))
        .collect();
    for k in names {
        env::remove_var(k);
    }
}

// ---------------------------------------------------------------------------------------------
// Failures, steps and the summary
// ---------------------------------------------------------------------------------------------

/// What went wrong, and what to do about it.
#[derive(Debug)]
struct Failure {
    what: String,
    fix: String,
}

type R<T = ()> = Result<T, Failure>;

fn failure(what: impl Into<String>, fix: impl Into<String>) -> Failure {
    Failure {
        what: what.into(),
        fix: fix.into(),
    }
}

impl Failure {
    fn print(&self) {
        eprintln!();
        eprintln!("error: {}", self.what);
        if !self.fix.is_empty() {
            for line in self.fix.lines() {
                eprintln!("  fix: {line}");
            }
        }
    }
}

enum Outcome {
    Passed(String),
    Skipped(String),
    Failed,
    NotRun,
}

/// Runs named steps one after the other, timing each, and stops at the first failure.
struct Plan {
    title: &'static str,
    started: Instant,
    steps: Vec<(String, Outcome, Duration)>,
    failure: Option<Failure>,
    ran: usize,
}

impl Plan {
    fn new(title: &'static str) -> Self {
        Plan {
            title,
            started: Instant::now(),
            steps: Vec::new(),
            failure: None,
            ran: 0,
        }
    }

    fn failed(&self) -> bool {
        self.failure.is_some()
    }

    /// Run a step unless an earlier one failed. `f` returns a short note for the summary.
    fn step(&mut self, name: &str, f: impl FnOnce() -> R<String>) {
        if self.failed() {
            self.steps
                .push((name.to_string(), Outcome::NotRun, Duration::ZERO));
            return;
        }
        self.ran += 1;
        println!();
        println!(
            "==> [{}] {name}  (at {})",
            self.ran,
            secs(self.started.elapsed())
        );
        let t = Instant::now();
        let result = if signals::interrupted() {
            Err(interrupted())
        } else {
            f()
        };
        let took = t.elapsed();
        match result {
            Ok(note) => {
                println!(
                    "    ok: {name} ({}){}",
                    secs(took),
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!(" - {note}")
                    }
                );
                self.steps
                    .push((name.to_string(), Outcome::Passed(note), took));
            }
            Err(f) => {
                println!("    FAILED: {name} ({})", secs(took));
                self.steps.push((name.to_string(), Outcome::Failed, took));
                self.failure = Some(f);
            }
        }
    }

    fn skip(&mut self, name: &str, why: &str) {
        self.steps.push((
            name.to_string(),
            Outcome::Skipped(why.to_string()),
            Duration::ZERO,
        ));
    }

    /// Print the summary; true when every step passed or was skipped on purpose.
    fn finish(self) -> bool {
        println!();
        println!("==> Summary: cargo xtask {}", self.title);
        for (name, outcome, took) in &self.steps {
            let (tag, note) = match outcome {
                Outcome::Passed(note) => ("ok", note.as_str()),
                Outcome::Skipped(why) => ("skipped", why.as_str()),
                Outcome::Failed => ("FAILED", ""),
                Outcome::NotRun => ("not run", ""),
            };
            let time = if matches!(outcome, Outcome::Passed(_) | Outcome::Failed) {
                secs(*took)
            } else {
                String::new()
            };
            let note = if note.is_empty() {
                String::new()
            } else {
                format!("  ({note})")
            };
            println!("    {tag:<8} {time:>8}  {name}{note}");
        }
        println!("    total {}", secs(self.started.elapsed()));
        match self.failure {
            Some(f) => {
                f.print();
                false
            }
            None => {
                println!("    all steps passed");
                true
            }
        }
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

fn interrupted() -> Failure {
    failure("interrupted (Ctrl-C or a termination signal)", "")
}

// ---------------------------------------------------------------------------------------------
// Context: where things are
// ---------------------------------------------------------------------------------------------

struct Ctx {
    root: PathBuf,
    ui: PathBuf,
    target: PathBuf,
    cargo: String,
    home: Option<PathBuf>,
}

impl Ctx {
    fn new() -> R<Ctx> {
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.parent().map(Path::to_path_buf).unwrap_or(manifest);
        let root = root.canonicalize().unwrap_or(root);
        let home = env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        let target = match env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                if dir.is_absolute() {
                    dir
                } else {
                    env::current_dir().map(|cwd| cwd.join(&dir)).unwrap_or(dir)
                }
            }
            None => match &home {
                Some(home) => home.join(".cache/restock/target"),
                None => {
                    return Err(failure(
                        "neither CARGO_TARGET_DIR nor HOME is set, so there is nowhere to keep the build cache",
                        "set HOME, or CARGO_TARGET_DIR=/some/dir",
                    ))
                }
            },
        };
        // Children (cargo, and the e2e tests through cargo) all build into the same place.
        env::set_var("CARGO_TARGET_DIR", &target);
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        Ok(Ctx {
            ui: root.join("ui"),
            root,
            target,
            cargo,
            home,
        })
    }

    fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }

    fn bin(&self, name: &str) -> PathBuf {
        self.target
            .join("debug")
            .join(format!("{name}{}", env::consts::EXE_SUFFIX))
    }

    fn cargo_bin_dir(&self) -> Option<PathBuf> {
        match env::var_os("CARGO_HOME").filter(|v| !v.is_empty()) {
            Some(h) => Some(PathBuf::from(h).join("bin")),
            None => self.home.as_ref().map(|h| h.join(".cargo/bin")),
        }
    }

    /// PATH with cargo's bin directory (tauri-driver) in front.
    fn path_with_cargo_bin(&self) -> std::ffi::OsString {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(bin) = self.cargo_bin_dir() {
            dirs.push(bin);
        }
        if let Some(path) = env::var_os("PATH") {
            dirs.extend(env::split_paths(&path));
        }
        env::join_paths(dirs).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------------------------

fn describe(cmd: &Command) -> String {
    let mut s = String::new();
    if let Some(dir) = cmd.get_current_dir() {
        let _ = write!(s, "(cd {} && ", dir.display());
    }
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            let k = k.to_string_lossy();
            if k != "PATH" {
                let _ = write!(s, "{k}={} ", shell_quote(&v.to_string_lossy()));
            }
        }
    }
    s.push_str(&shell_quote(&cmd.get_program().to_string_lossy()));
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&shell_quote(&a.to_string_lossy()));
    }
    if cmd.get_current_dir().is_some() {
        s.push(')');
    }
    s
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Run a command with its output shown; fail with `fix` as the advice when it does not succeed.
fn run(cmd: &mut Command, fix: &str) -> R {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let _ = std::io::stdout().flush();
    let status = cmd.stdin(Stdio::null()).status().map_err(|e| {
        failure(
            format!("could not start `{shown}`: {e}"),
            format!(
                "is `{}` installed and on PATH?",
                cmd.get_program().to_string_lossy()
            ),
        )
    })?;
    if signals::interrupted() {
        return Err(interrupted());
    }
    if !status.success() {
        return Err(failure(format!("`{shown}` failed ({status})"), fix));
    }
    Ok(())
}

/// Run quietly and return stdout, or None if it could not start or failed.
fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn which(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p)
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u"))
        .map(|s| s.trim() == "0")
        .unwrap_or(false)
}

fn mtime(p: &Path) -> Option<SystemTime> {
    fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn free_port() -> R<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| {
            failure(
                format!("could not find a free TCP port on 127.0.0.1: {e}"),
                "",
            )
        })
}

// ---------------------------------------------------------------------------------------------
// Setup steps
// ---------------------------------------------------------------------------------------------

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

fn dpkg_installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .map(|s| s.trim() == "install ok installed")
        .unwrap_or(false)
}

/// Install the Debian packages that are missing (apt-get update once per run).
fn ensure_packages(packages: &[&str]) -> R<String> {
    if which("dpkg-query").is_none() {
        println!("    warning: not a Debian/Ubuntu system (no dpkg-query); make sure the equivalents of these are installed:");
        println!("      {}", packages.join(" "));
        return Ok("not Debian: not checked".into());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(format!("all {} present", packages.len()));
    }
    println!("    missing: {}", missing.join(" "));
    let sudo = if is_root() {
        false
    } else if which("sudo").is_some() {
        true
    } else {
        return Err(failure(
            format!(
                "system packages missing ({}) and this is not root, and there is no sudo",
                missing.join(" ")
            ),
            format!(
                "as root: apt-get update && apt-get install -y --no-install-recommends {}",
                missing.join(" ")
            ),
        ));
    };
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            let mut c = Command::new("sudo");
            c.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            c
        } else {
            let mut c = Command::new("apt-get");
            c.env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        cmd.args(args);
        cmd
    };
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        run(
            &mut apt(&["update"]),
            "check the network and /etc/apt/sources.list; `apt-get update` must succeed",
        )?;
    }
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(&missing);
    run(
        &mut install,
        "see apt-get's message above; the package names are Debian 12's (bookworm)",
    )?;
    let still: Vec<&str> = missing
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    if !still.is_empty() {
        return Err(failure(
            format!("still not installed after apt-get: {}", still.join(" ")),
            "install them by hand and rerun",
        ));
    }
    Ok(format!("installed {}", missing.join(" ")))
}

/// `npm ci` in ui/ when node_modules is missing or older than package-lock.json.
fn ensure_npm_ci(ctx: &Ctx) -> R<String> {
    if !ctx.ui.join("package.json").is_file() {
        return Err(failure(
            format!("{} not found", ctx.ui.join("package.json").display()),
            "the UI (Svelte) lives in ui/; is the checkout complete?",
        ));
    }
    if which("npm").is_none() {
        return Err(failure(
            "npm not found on PATH",
            "install Node.js 20 or newer with npm (https://nodejs.org), then rerun",
        ));
    }
    let lock = ctx.ui.join("package-lock.json");
    let Some(lock_time) = mtime(&lock) else {
        return Err(failure(
            "ui/package-lock.json is missing",
            "run `npm install` in ui/ and commit ui/package-lock.json",
        ));
    };
    let modules = ctx.ui.join("node_modules");
    // npm writes node_modules/.package-lock.json on every install: the best "installed at".
    let installed = mtime(&modules.join(".package-lock.json")).or_else(|| mtime(&modules));
    if matches!(installed, Some(t) if t >= lock_time) {
        return Ok("node_modules up to date".into());
    }
    let mut ci = Command::new("npm");
    ci.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&ctx.ui);
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
    let missing: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Missing: ") && l.contains(" from lock file"))
        .collect();
    let only_unversioned =
        !missing.is_empty() && missing.iter().all(|l| l.contains("@ from lock file"));
    if !only_unversioned {
        return result.map(|_| String::new());
    }
    println!("    npm ci refused the lock file only for other platforms' optional packages that it has no version of;");
    println!("    installing from the same lock file with `npm install --no-save` instead");
    run(
        Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund"])
            .current_dir(&ctx.ui),
        out_of_sync,
    )?;
    Ok("ran npm install --no-save (npm ci refused other platforms' optional packages)".into())
}

/// Like `run`, also returning what the command wrote to stderr (which is still shown as it comes).
fn run_teeing_stderr(cmd: &mut Command, fix: &str) -> (R, String) {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let _ = std::io::stdout().flush();
    let mut child = match cmd.stdin(Stdio::null()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => {
            return (
                Err(failure(
                    format!("could not start `{shown}`: {e}"),
                    "is it installed and on PATH?",
                )),
                String::new(),
            )
        }
    };
    let mut captured = String::new();
    for line in BufReader::new(child.stderr.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        eprintln!("{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    let result = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(failure(format!("`{shown}` failed ({status})"), fix)),
        Err(e) => Err(failure(format!("could not wait for `{shown}`: {e}"), "")),
    };
    (result, captured)
}

fn find_tauri_driver(ctx: &Ctx) -> Option<PathBuf> {
    let exe = format!("tauri-driver{}", env::consts::EXE_SUFFIX);
    which(&exe).or_else(|| {
        ctx.cargo_bin_dir()
            .map(|d| d.join(&exe))
            .filter(|p| is_executable(p))
    })
}

fn ensure_tauri_driver(ctx: &Ctx) -> R<String> {
    let note = match find_tauri_driver(ctx) {
        Some(p) => format!("found {}", p.display()),
        None => {
            run(
                ctx.cargo().args(["install", "tauri-driver", "--locked"]),
                "see cargo's message above; `cargo install tauri-driver --locked` needs crates.io",
            )?;
            let p = find_tauri_driver(ctx).ok_or_else(|| {
                failure(
                    "tauri-driver was installed but is neither on PATH nor in ~/.cargo/bin",
                    "check CARGO_HOME / CARGO_INSTALL_ROOT",
                )
            })?;
            format!("installed {}", p.display())
        }
    };
    if cfg!(target_os = "linux") && which("WebKitWebDriver").is_none() {
        return Err(failure(
            "WebKitWebDriver not found on PATH (tauri-driver needs it on Linux)",
            "apt-get install webkit2gtk-driver",
        ));
    }
    Ok(note)
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL for the hub tests
// ---------------------------------------------------------------------------------------------

const LOCAL_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Is there a PostgreSQL on 127.0.0.1:5432 that lets `postgres` in without a password?
fn local_pg() -> Result<(), String> {
    let addr: SocketAddr = "127.0.0.1:5432".parse().expect("valid address");
    TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        .map_err(|e| format!("nothing accepts connections on 127.0.0.1:5432 ({e})"))?;
    if which("psql").is_some() {
        let out = Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                "5432",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-w",
                "-X",
                "-q",
                "-t",
                "-c",
                "select 1",
            ])
            .env("PGCONNECT_TIMEOUT", "5")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("could not run psql: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "127.0.0.1:5432 answers, but `psql -U postgres` could not log in: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    Ok(())
}

/// A PostgreSQL cluster in a temporary directory, stopped and deleted on drop.
struct ThrowawayPg {
    dir: PathBuf,
    bindir: Option<PathBuf>,
    as_postgres: bool,
    url: String,
    running: bool,
}

/// Debian keeps the server programs in /usr/lib/postgresql/<version>/bin; take the newest.
fn pg_bindir() -> Option<Option<PathBuf>> {
    let mut found: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            is_executable(&bin.join("initdb")).then_some((v, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(Some(bin));
    }
    (which("initdb").is_some() && which("pg_ctl").is_some()).then_some(None)
}

impl ThrowawayPg {
    fn command(&self, program: &str) -> Command {
        let program = match &self.bindir {
            Some(b) => b.join(program).into_os_string(),
            None => program.into(),
        };
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args([
                OsStr::new("-u"),
                OsStr::new("postgres"),
                OsStr::new("--"),
                &program,
            ]);
            c
        } else {
            Command::new(program)
        }
    }

    fn start() -> R<ThrowawayPg> {
        let bindir = match pg_bindir() {
            Some(b) => b,
            None => {
                println!("    PostgreSQL server programs (initdb, pg_ctl) not found: installing Debian's `postgresql`");
                ensure_packages(&["postgresql"])?;
                pg_bindir().ok_or_else(|| {
                    failure(
                        "initdb not found even after installing `postgresql`",
                        "install PostgreSQL 13+ and put initdb and pg_ctl on PATH",
                    )
                })?
            }
        };
        // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
        let as_postgres = is_root();
        let base = if as_postgres {
            PathBuf::from("/tmp")
        } else {
            env::temp_dir()
        };
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = base.join(format!("restock-pg-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir)
            .map_err(|e| failure(format!("could not create {}: {e}", dir.display()), ""))?;
        let port = free_port()?;
        let mut pg = ThrowawayPg {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            bindir,
            as_postgres,
            running: false,
        };
        if as_postgres {
            run(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&pg.dir),
                "the `postgres` OS user must exist (it comes with Debian's postgresql package)",
            )?;
        }
        let data = pg.dir.join("data");
        run(
            pg.command("initdb")
                .arg("-D")
                .arg(&data)
                .args([
                    "--auth=trust",
                    "-U",
                    "postgres",
                    "--no-locale",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ])
                .stdout(Stdio::null()),
            "see initdb's message above",
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            pg.dir.display()
        );
        pg.running = true; // from here on, drop tries to stop it
        let log = pg.dir.join("postgres.log");
        let started = run(
            pg.command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .args(["-w", "-t", "60", "-o", &options, "start"]),
            "see the server log above",
        );
        if started.is_err() {
            // The directory (and the log) goes when `pg` is dropped: show the log now.
            println!("    --- {} ---", log.display());
            for line in fs::read_to_string(&log).unwrap_or_default().lines() {
                println!("    {line}");
            }
        }
        started?;
        Ok(pg)
    }
}

impl Drop for ThrowawayPg {
    fn drop(&mut self) {
        if self.running {
            println!(
                "    stopping the throwaway PostgreSQL cluster in {}",
                self.dir.display()
            );
            let _ = self
                .command("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .args(["-m", "fast", "-w", "-t", "30", "stop"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .status();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Which PostgreSQL the hub tests use: RESTOCK_TEST_PG_URL, the local one, or a throwaway cluster.
fn choose_pg(throwaway: &mut Option<ThrowawayPg>) -> R<String> {
    if let Some(url) = env::var("RESTOCK_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Ok(format!("RESTOCK_TEST_PG_URL={url} (given)"));
    }
    let forced =
        env::var_os("RESTOCK_XTASK_THROWAWAY_PG").is_some_and(|v| !v.is_empty() && v != "0");
    let local = if forced {
        Err("RESTOCK_XTASK_THROWAWAY_PG is set".to_string())
    } else {
        local_pg()
    };
    match local {
        Ok(()) => {
            env::set_var("RESTOCK_TEST_PG_URL", LOCAL_PG_URL);
            Ok(format!("local server: {LOCAL_PG_URL}"))
        }
        Err(why) => {
            println!("    {why}: starting a throwaway cluster");
            let pg = ThrowawayPg::start()?;
            env::set_var("RESTOCK_TEST_PG_URL", &pg.url);
            let note = format!("throwaway cluster: {}", pg.url);
            *throwaway = Some(pg);
            Ok(note)
        }
    }
}

fn pg_smoke(_ctx: &Ctx) -> bool {
    let mut plan = Plan::new("pg-smoke");
    let mut pg = None;
    plan.step("throwaway PostgreSQL: start", || {
        let started = ThrowawayPg::start()?;
        let note = started.url.clone();
        pg = Some(started);
        Ok(note)
    });
    plan.step("throwaway PostgreSQL: select 1", || {
        let url = &pg.as_ref().expect("started").url;
        if which("psql").is_none() {
            return Ok("psql not installed; not queried".into());
        }
        run(
            Command::new("psql").args([
                url.as_str(),
                "-w",
                "-X",
                "-q",
                "-t",
                "-c",
                "select version()",
            ]),
            "see psql's message",
        )?;
        Ok(String::new())
    });
    plan.step("throwaway PostgreSQL: stop", || {
        let dir = pg.as_ref().map(|p| p.dir.clone());
        drop(pg.take());
        match dir {
            Some(d) if d.exists() => Err(failure(
                format!("{} still exists after stopping", d.display()),
                "",
            )),
            _ => Ok(String::new()),
        }
    });
    plan.finish()
}

// ---------------------------------------------------------------------------------------------
// cargo xtask test
// ---------------------------------------------------------------------------------------------

fn test(ctx: &Ctx, unit: bool, e2e: bool) -> bool {
    let title = match (unit, e2e) {
        (true, true) => "test",
        (true, false) => "test --skip-e2e",
        _ => "test --only-e2e",
    };
    println!(
        "cargo xtask {title}: repository {}, CARGO_TARGET_DIR={}",
        ctx.root.display(),
        ctx.target.display()
    );
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
        plan.step("PostgreSQL for the hub tests", || choose_pg(&mut pg));
        plan.step("generated TypeScript types", || {
            run(
                ctx.cargo()
                    .args(["test", "-p", "restock-protocol", "-p", "restock-core"])
                    .env("TS_RS_EXPORT_DIR", &generated),
                "fix the failing tests above (ts-rs writes the .ts files from these tests)",
            )?;
            check_generated_committed(ctx)
        });
        plan.step("UI: npm run check", || {
            run(
                Command::new("npm")
                    .args(["run", "check"])
                    .current_dir(&ctx.ui),
                "fix the type/Svelte errors svelte-check reports above",
            )?;
            Ok(String::new())
        });
        plan.step("UI: npm test", || {
            run(
                Command::new("npm").arg("test").current_dir(&ctx.ui),
                "fix the failing UI unit tests above (`npm test` in ui/)",
            )?;
            Ok(String::new())
        });
    } else {
        for s in [
            "PostgreSQL for the hub tests",
            "generated TypeScript types",
            "UI: npm run check",
            "UI: npm test",
        ] {
            plan.skip(s, "--only-e2e");
        }
    }
    plan.step("UI: npm run build", || {
        run(
            Command::new("npm")
                .args(["run", "build"])
                .current_dir(&ctx.ui),
            "fix the UI build errors above; the app embeds ui/dist when it is compiled",
        )?;
        Ok(String::new())
    });
    if unit {
        plan.step("cargo test (workspace)", || {
            let mut cmd = ctx.cargo();
            cmd.args([
                "test",
                "--workspace",
                "--exclude",
                "restock-e2e",
                "--exclude",
                "xtask",
            ])
            .env("TS_RS_EXPORT_DIR", &generated);
            if let Ok(url) = env::var("RESTOCK_TEST_PG_URL") {
                cmd.env("RESTOCK_TEST_PG_URL", url);
            }
            run(
                &mut cmd,
                "fix the failing tests above; rerun one crate with `cargo test -p <crate>`",
            )?;
            Ok(String::new())
        });
    } else {
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
    plan.finish()
}

fn check_generated_committed(ctx: &Ctx) -> R<String> {
    let inside = output(
        Command::new("git")
            .args(["rev-parse", "--is-inside-work-tree"])
            .current_dir(&ctx.root),
    );
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
        return Err(failure(
            format!(
                "`git status` failed: {}",
                String::from_utf8_lossy(&status.stderr).trim()
            ),
            "",
        ));
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

fn build_binaries(ctx: &Ctx) -> R<String> {
    run(
        ctx.cargo()
            .args(["build", "-p", "restock-hub", "-p", "restock-app"]),
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
    Ok(format!(
        "{}/debug/{{restock,restock-hub}}",
        ctx.target.display()
    ))
}

fn run_e2e(ctx: &Ctx) -> R<String> {
    let shots = ctx.root.join("target/e2e-screenshots");
    // Old screenshots (and FAILED-*.png from an earlier run) would only confuse.
    let _ = fs::remove_dir_all(&shots);
    fs::create_dir_all(&shots)
        .map_err(|e| failure(format!("could not create {}: {e}", shots.display()), ""))?;
    let path = ctx.path_with_cargo_bin();
    run(
        ctx.cargo().args(["test", "-p", "restock-e2e", "--no-run"]),
        "fix the build errors in tests/e2e above",
    )?;
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
        .arg(&ctx.cargo)
        .args(["test", "-p", "restock-e2e", "--", "--test-threads=1"])
        .env("NO_AT_BRIDGE", "1")
        .env("RESTOCK_APP_BIN", ctx.bin("restock"))
        .env("RESTOCK_HUB_BIN", ctx.bin("restock-hub"))
        .env("RESTOCK_SCREENSHOT_DIR", &shots)
        // Tells the tests that this D-Bus session is theirs alone (so they may start a keyring in it).
        .env("RESTOCK_E2E_PRIVATE_DBUS", "1")
        .env("PATH", path);
    run(
        &mut cmd,
        &format!(
            "see the failing test above; screenshots (FAILED-*.png) and the hub/app logs are in {}\nrerun only these tests with `cargo xtask test --only-e2e`",
            shots.display()
        ),
    )?;
    Ok(format!("screenshots in {}", shots.display()))
}

// ---------------------------------------------------------------------------------------------
// cargo xtask demo
// ---------------------------------------------------------------------------------------------

fn demo(ctx: &Ctx, hub_only: bool) -> bool {
    let mut plan = Plan::new(if hub_only { "demo --hub-only" } else { "demo" });
    plan.step("system packages", || ensure_packages(SYSTEM_PACKAGES));
    if hub_only {
        plan.skip("npm ci (ui/)", "--hub-only");
        plan.skip("UI: npm run build", "--hub-only");
        plan.step("build hub", || {
            run(
                ctx.cargo().args(["build", "-p", "restock-hub"]),
                "fix the build errors above (package restock-hub)",
            )?;
            Ok(String::new())
        });
    } else {
        plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
        plan.step("UI: npm run build", || {
            run(
                Command::new("npm")
                    .args(["run", "build"])
                    .current_dir(&ctx.ui),
                "fix the UI build errors above",
            )?;
            Ok(String::new())
        });
        plan.step("build app and hub", || build_binaries(ctx));
    }
    let data = demo_data_dir(ctx);
    let database = data.as_ref().map(|d| d.join("hub.sqlite"));
    plan.step("demo data", || {
        let data = data
            .as_ref()
            .ok_or_else(|| failure("neither XDG_DATA_HOME nor HOME is set", "set HOME"))?;
        fs::create_dir_all(data)
            .map_err(|e| failure(format!("could not create {}: {e}", data.display()), ""))?;
        let db = database.as_ref().expect("set with data");
        run(
            Command::new(ctx.bin("restock-hub"))
                .arg("demo-data")
                .arg("--database")
                .arg(db),
            &format!(
                "see the hub's message above; to start over, delete {}",
                db.display()
            ),
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
                    Some(status) => Err(failure(
                        format!("the hub stopped by itself ({status})"),
                        "see its output above",
                    )),
                    None => Ok(format!("served {url}")),
                }
            });
        } else {
            let url = hub.url.clone();
            plan.step("app (until it is closed)", || {
                run_demo_app(ctx, &url, &mut hub.child)
            });
        }
    }
    if let Some(mut hub) = hub.take() {
        println!("==> stopping the hub");
        stop_child(&mut hub.child, Duration::from_secs(10));
    }
    plan.finish()
}

fn demo_data_dir(ctx: &Ctx) -> Option<PathBuf> {
    let base = env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| ctx.home.as_ref().map(|h| h.join(".local/share")))?;
    Some(base.join("restock-demo"))
}

struct RunningHub {
    child: Child,
    url: String,
}

impl RunningHub {
    fn start(ctx: &Ctx, database: &Path) -> R<RunningHub> {
        let listen = if TcpListener::bind(("127.0.0.1", DEMO_PORT)).is_ok() {
            format!("127.0.0.1:{DEMO_PORT}")
        } else {
            println!("    port {DEMO_PORT} is taken: letting the hub pick a free port");
            "127.0.0.1:0".to_string()
        };
        let mut cmd = Command::new(ctx.bin("restock-hub"));
        cmd.arg("serve")
            .arg("--database")
            .arg(database)
            .args(["--listen", &listen]);
        println!("    $ {}", describe(&cmd));
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| {
                failure(
                    format!("could not start {}: {e}", ctx.bin("restock-hub").display()),
                    "build it: cargo build -p restock-hub",
                )
            })?;
        // Forward the hub's stdout, and pick the URL out of its "listening" line.
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("    [hub] {line}");
                if let Some(url) = line.trim().strip_prefix(LISTENING_PREFIX) {
                    let _ = tx.send(url.trim().trim_end_matches('/').to_string());
                }
            }
        });
        let mut hub = RunningHub {
            child,
            url: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(url) = rx.recv_timeout(Duration::from_millis(200)) {
                hub.url = url;
                break;
            }
            if let Ok(Some(status)) = hub.child.try_wait() {
                return Err(failure(
                    format!("the hub exited before it was listening ({status})"),
                    "see its output above",
                ));
            }
            if signals::interrupted() {
                stop_child(&mut hub.child, Duration::from_secs(5));
                return Err(interrupted());
            }
            if Instant::now() > deadline {
                stop_child(&mut hub.child, Duration::from_secs(5));
                return Err(failure(
                    format!("the hub did not print `{LISTENING_PREFIX}<url>` within 60 s"),
                    "`restock-hub serve` must print that line on stdout once it accepts connections",
                ));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match http_status(&format!("{}/health", hub.url)) {
                Ok(200) => return Ok(hub),
                result => {
                    if Instant::now() > deadline || signals::interrupted() {
                        stop_child(&mut hub.child, Duration::from_secs(5));
                        return Err(failure(
                            format!(
                                "GET {}/health did not answer 200 within 30 s (last: {result:?})",
                                hub.url
                            ),
                            "see the hub's output above",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }
}

/// Status code of a plain-HTTP GET (std only: the hub is on loopback).
fn http_status(url: &str) -> Result<u16, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".to_string()));
    let addr = host
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("no address")?;
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut head = [0u8; 64];
    let n = s.read(&mut head).map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {line:?}"))
}

fn run_demo_app(ctx: &Ctx, url: &str, hub: &mut Child) -> R<String> {
    let app = ctx.bin("restock");
    let headless = cfg!(target_os = "linux")
        && env::var_os("DISPLAY").filter(|v| !v.is_empty()).is_none()
        && env::var_os("WAYLAND_DISPLAY")
            .filter(|v| !v.is_empty())
            .is_none();
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
        let own_bus = env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
            && which("dbus-run-session").is_some();
        let mut c = if own_bus {
            let mut c = Command::new("dbus-run-session");
            c.args(["--", "xvfb-run"]);
            c
        } else {
            Command::new("xvfb-run")
        };
        c.args(["-a", "-s", XVFB_SCREEN])
            .arg(&app)
            .env("NO_AT_BRIDGE", "1");
        c
    } else {
        Command::new(&app)
    };
    cmd.env("RESTOCK_HUB_URL", url).stdin(Stdio::null());
    println!("    $ {}", describe(&cmd));
    println!("    Close the app window (or press Ctrl-C) to stop the demo.");
    let mut child = cmd.spawn().map_err(|e| {
        failure(
            format!("could not start {}: {e}", app.display()),
            "build it: cargo build -p restock-app",
        )
    })?;
    let result = wait_until_interrupted(&mut [&mut child, &mut *hub]);
    stop_child(&mut child, Duration::from_secs(10));
    match result? {
        None => Ok("stopped with Ctrl-C".into()),
        Some(status) => {
            if matches!(hub.try_wait(), Ok(Some(_))) {
                Err(failure(
                    format!("the hub stopped by itself ({status})"),
                    "see its output above",
                ))
            } else if status.success() {
                Ok("app closed".into())
            } else {
                Err(failure(
                    format!("the app exited with {status}"),
                    "see its output above",
                ))
            }
        }
    }
}

/// Wait until one of the children exits (its status) or Ctrl-C (None).
fn wait_until_interrupted(children: &mut [&mut Child]) -> R<Option<std::process::ExitStatus>> {
    loop {
        if signals::interrupted() {
            return Ok(None);
        }
        for child in children.iter_mut() {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(Some(status)),
                Ok(None) => {}
                Err(e) => {
                    return Err(failure(
                        format!("could not wait for a child process: {e}"),
                        "",
                    ))
                }
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Ask a child to stop (SIGTERM), and kill it if it has not within `grace`.
fn stop_child(child: &mut Child, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    signals::terminate(child.id());
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

// ---------------------------------------------------------------------------------------------
// Signals (std has no API for them; libc is linked anyway)
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
mod signals {
    use std::sync::atomic::{AtomicBool, Ordering};

    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn kill(pid: i32, sig: i32) -> i32;
    }

    extern "C" fn on_signal(_: i32) {
        INTERRUPTED.store(true, Ordering::SeqCst);
    }

    /// Ctrl-C, SIGTERM and SIGHUP set a flag instead of killing xtask, so it can clean up
    /// (stop PostgreSQL, the hub) after its children, which get the same Ctrl-C, have exited.
    /// A handler (unlike "ignore") is reset in children on exec, so they still get the default.
    pub fn install() {
        unsafe {
            signal(1, on_signal);
            signal(2, on_signal);
            signal(15, on_signal);
        }
    }

    pub fn interrupted() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    pub fn terminate(pid: u32) {
        unsafe {
            kill(pid as i32, 15);
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn install() {}
    pub fn interrupted() -> bool {
        false
    }
    pub fn terminate(_pid: u32) {}
}
