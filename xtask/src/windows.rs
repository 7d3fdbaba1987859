//! Windows builds from Linux: the toolchain (mingw-w64, Wine, NSIS, rustup's Windows target), a
//! throwaway Wine prefix, the hub's tests on SQLite under Wine, the hub's .exe started with a
//! Windows `--database` path, and the desktop app's .exe with its NSIS installer.
//!
//! Everything Wine touches lives under `<target>/x86_64-pc-windows-gnu/wine/` (its own
//! WINEPREFIX), so nothing in the user's home directory changes and a new run can start afresh by
//! deleting that folder.

use crate::cmd::{describe, output, run, stop_child, which};
use crate::ctx::Ctx;
use crate::e2e::XVFB_SCREEN;
use crate::hub::LISTENING_PREFIX;
use crate::npm::{build_ui, ensure_npm_ci};
use crate::signals;
use crate::steps::{failure, interrupted, Plan, R};
use crate::system::ensure_packages;
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const TRIPLE: &str = "x86_64-pc-windows-gnu";

/// Debian 12's packages: the mingw-w64 cross compiler and linker (Rust's Windows GNU target links
/// with it, and C in crates such as SQLite's is compiled with it), Wine (runs the .exe files: the
/// hub's tests and the hub itself; `wine64` is the 64-bit loader, which Debian packages apart) and
/// NSIS (`makensis`, which the Tauri CLI calls to make the Windows installer).
pub const WINDOWS_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine", "wine64", "nsis"];

const MINGW_GCC: &str = "x86_64-w64-mingw32-gcc";
const MINGW_OBJDUMP: &str = "x86_64-w64-mingw32-objdump";

/// Tests that need PostgreSQL but whose name does not end in `::postgres` (the half that
/// `on_both_databases!` makes): left out under Wine, where there is no PostgreSQL. They ran on
/// Linux in `cargo test (workspace)`.
const POSTGRES_TESTS_BY_NAME: &[&str] = &["both_databases_end_with_the_same_tables_and_columns"];

/// The hub's path on a supplier's Windows PC, as the README gives it; in the prefix's drive C.
const WINDOWS_DATABASE: &str = r"C:\Restock\hub.sqlite";

/// Installed packages, then `rustup target add x86_64-pc-windows-gnu` when it is missing.
pub fn ensure_windows_toolchain(ctx: &Ctx) -> R<String> {
    let packages = ensure_packages(WINDOWS_PACKAGES)?;
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]).current_dir(&ctx.root));
    let target = match installed {
        Some(list) if list.lines().any(|l| l.trim() == TRIPLE) => "target present".to_string(),
        Some(_) => {
            run(
                Command::new("rustup").args(["target", "add", TRIPLE]).current_dir(&ctx.root),
                "see rustup's message above; the Windows build needs the standard library for x86_64-pc-windows-gnu",
            )?;
            format!("added target {TRIPLE}")
        }
        None if which("rustup").is_none() => {
            return Err(failure(
                "rustup not found: the Windows cross-build needs the standard library for x86_64-pc-windows-gnu",
                format!(
                "install Rust with rustup (https://rustup.rs), or skip these steps with --skip-windows; then `rustup target add {TRIPLE}`"
            ),
            ))
        }
        None => return Err(failure("`rustup target list --installed` failed", "run it by hand to see why")),
    };
    for tool in [MINGW_GCC, MINGW_OBJDUMP, "wine", "wineserver", "makensis"] {
        if which(tool).is_none() {
            return Err(failure(
                format!("{tool} not found after installing {}", WINDOWS_PACKAGES.join(" ")),
                "install it by hand and rerun",
            ));
        }
    }
    Ok(format!("packages: {packages}; {target}"))
}

/// The Windows triple's part of the build cache, and the Wine prefix inside it.
pub struct Wine {
    pub prefix: PathBuf,
}

impl Wine {
    pub fn new(ctx: &Ctx) -> Wine {
        Wine { prefix: ctx.target.join(TRIPLE).join("wine/prefix") }
    }

    /// The environment every Wine process here gets: its own prefix, no debug chatter, and no
    /// offer to download Mono or Gecko (a dialog that would wait forever without a display).
    pub fn env<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("WINEPREFIX", &self.prefix).env("WINEDEBUG", "-all").env("WINEDLLOVERRIDES", "mscoree,mshtml=")
    }

    pub fn system32(&self) -> PathBuf {
        self.prefix.join("drive_c/windows/system32")
    }

    /// A Windows path inside the prefix's drive C, as a Linux path.
    pub fn drive_c(&self, windows_path: &str) -> PathBuf {
        let rest = windows_path.strip_prefix(r"C:\").unwrap_or(windows_path);
        rest.split('\\').fold(self.prefix.join("drive_c"), |p, part| p.join(part))
    }

    /// Waits for the prefix's wineserver (and so every process in the prefix) to end, killing it
    /// after a few seconds: only this prefix's, never another Wine's.
    pub fn shut_down(&self) {
        let mut kill = Command::new("wineserver");
        self.env(&mut kill).arg("-k").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        let _ = kill.status();
    }
}

/// Creates the Wine prefix once (`wineboot --init`, headless) and puts the stand-in
/// bcryptprimitives.dll (tests/wine/bcryptprimitives.c) into its system32, rebuilt every run.
pub fn prepare_wine(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    let mut notes = Vec::new();
    if !wine.prefix.join("system.reg").is_file() {
        let _ = fs::remove_dir_all(&wine.prefix);
        fs::create_dir_all(&wine.prefix).map_err(|e| failure(format!("could not create {}: {e}", wine.prefix.display()), ""))?;
        let mut boot = Command::new("wine");
        wine.env(&mut boot).args(["wineboot", "--init"]).env_remove("DISPLAY");
        run(&mut boot, &format!("see Wine's message above; delete {} and rerun", wine.prefix.display()))?;
        wine.shut_down();
        notes.push(format!("created {}", wine.prefix.display()));
    } else {
        notes.push(format!("reused {}", wine.prefix.display()));
    }
    let source = ctx.root.join("tests/wine/bcryptprimitives.c");
    let dll = wine.system32().join("bcryptprimitives.dll");
    run(
        Command::new(MINGW_GCC).args(["-shared", "-O2", "-s", "-o"]).arg(&dll).arg(&source).arg("-ladvapi32"),
        "fix tests/wine/bcryptprimitives.c (built with mingw-w64's gcc)",
    )?;
    notes.push("bcryptprimitives.dll (ProcessPrng over RtlGenRandom) in its system32".into());
    Ok(notes.join("; "))
}

/// cargo for the Windows triple: mingw's linker and, for `cargo test`, Wine as the runner.
fn cargo_windows(ctx: &Ctx, wine: &Wine) -> Command {
    let mut cmd = ctx.cargo();
    cmd.env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER", MINGW_GCC).env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER", "wine");
    wine.env(&mut cmd);
    cmd
}

/// `cargo test -p restock-hub` built for Windows and run under Wine, on SQLite only.
pub fn hub_tests_under_wine(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    run(
        cargo_windows(ctx, &wine).args(["test", "-p", "restock-hub", "--target", TRIPLE, "--no-run"]),
        "fix the Windows build errors above (cfg(windows) code in the hub or a dependency that does not cross-compile with mingw)",
    )?;
    let mut cmd = cargo_windows(ctx, &wine);
    cmd.args(["test", "-p", "restock-hub", "--target", TRIPLE, "--", "--skip", "::postgres"])
        .env("RESTOCK_TEST_BACKENDS", "sqlite")
        .env_remove("DISPLAY");
    for name in POSTGRES_TESTS_BY_NAME {
        cmd.args(["--skip", name]);
    }
    let result = run(
        &mut cmd,
        "see the failing test above: it passed on Linux, so the difference is Windows (paths, line endings, time zones) or Wine;\n\
         rerun just these with `cargo xtask test --skip-e2e` (the Windows steps come last), or the command above by hand",
    );
    wine.shut_down();
    result?;
    Ok("SQLite half, each test binary under wine".into())
}

/// The hub's .exe as a small supplier runs it: demo data into `C:\Restock\hub.sqlite`, then
/// `serve` on it, a customer's login, and a graceful stop.
pub fn hub_exe_smoke(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    run(cargo_windows(ctx, &wine).args(["build", "-p", "restock-hub", "--target", TRIPLE]), "fix the Windows build errors above")?;
    let exe = ctx.target.join(TRIPLE).join("debug/restock-hub.exe");
    let file = wine.drive_c(WINDOWS_DATABASE);
    if let Some(dir) = file.parent() {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).map_err(|e| failure(format!("could not create {}: {e}", dir.display()), ""))?;
    }
    let result = (|| {
        let mut seed = Command::new("wine");
        wine.env(&mut seed).arg(&exe).args(["demo-data", "--database", WINDOWS_DATABASE]).env_remove("DISPLAY");
        run(&mut seed, &format!("`restock-hub demo-data --database {WINDOWS_DATABASE}` failed under Wine: see its output above"))?;
        if !file.is_file() {
            return Err(failure(
                format!("the hub seeded {WINDOWS_DATABASE}, but {} is not there", file.display()),
                "the hub mistook the Windows path: see sqlite_url in crates/hub/src/db/mod.rs",
            ));
        }
        let mut hub = start_hub_exe(&wine, &exe)?;
        let login = http_post_json(&format!("{}/api/v1/login", hub.url), r#"{"username":"330100000001","password":"restock-demo"}"#);
        stop_child(&mut hub.child, Duration::from_secs(10));
        match login {
            Ok((200, body)) if body.contains("\"token\"") => Ok(format!("seeded {WINDOWS_DATABASE}, served it, a customer logged in")),
            Ok((status, body)) => Err(failure(
                format!("POST /api/v1/login answered {status}: {}", body.chars().take(300).collect::<String>()),
                "the demo customer 330100000001 (password restock-demo) must be able to log in to the hub.exe under Wine",
            )),
            Err(e) => Err(failure(format!("POST /api/v1/login failed: {e}"), "see the hub's output above")),
        }
    })();
    wine.shut_down();
    result
}

struct HubExe {
    child: Child,
    url: String,
}

fn start_hub_exe(wine: &Wine, exe: &Path) -> R<HubExe> {
    let mut cmd = Command::new("wine");
    wine.env(&mut cmd).arg(exe).args(["serve", "--database", WINDOWS_DATABASE, "--listen", "127.0.0.1:0"]).env_remove("DISPLAY");
    println!("    $ {}", describe(&cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| failure(format!("could not start wine: {e}"), "the first Windows step installs it"))?;
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("    [hub.exe] {line}");
            if let Some(url) = line.trim().strip_prefix(LISTENING_PREFIX) {
                let _ = tx.send(url.trim().trim_end_matches('/').to_string());
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(url) = rx.recv_timeout(Duration::from_millis(200)) {
            return Ok(HubExe { child, url });
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(failure(format!("restock-hub.exe exited under Wine before it was listening ({status})"), "see its output above"));
        }
        if signals::interrupted() || Instant::now() > deadline {
            stop_child(&mut child, Duration::from_secs(5));
            if signals::interrupted() {
                return Err(interrupted());
            }
            return Err(failure(format!("restock-hub.exe did not print `{LISTENING_PREFIX}<url>` within 60 s"), "see its output above"));
        }
    }
}

/// POST a JSON body over plain HTTP (std only, loopback): (status, body).
fn http_post_json(url: &str, body: &str) -> Result<(u16, String), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".to_string()));
    let addr = host.to_socket_addrs().map_err(|e| e.to_string())?.next().ok_or("no address")?;
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| format!("not an HTTP answer: {answer:?}"))?;
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

/// The DLLs a PE file imports (lower case), read with mingw's objdump.
fn pe_imports(exe: &Path) -> R<BTreeSet<String>> {
    let dump = output(Command::new(MINGW_OBJDUMP).arg("-p").arg(exe))
        .ok_or_else(|| failure(format!("{MINGW_OBJDUMP} -p {} failed", exe.display()), "is it a Windows executable?"))?;
    Ok(dump.lines().filter_map(|l| l.trim().strip_prefix("DLL Name:")).map(|n| n.trim().to_ascii_lowercase()).collect())
}

/// Every DLL `exe` imports is one Wine has (in the prefix's system32) or one beside the .exe.
fn check_imports_resolve(wine: &Wine, exe: &Path) -> R<usize> {
    let imports = pe_imports(exe)?;
    let names_in = |dir: &Path| -> BTreeSet<String> {
        fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().to_ascii_lowercase()).collect())
            .unwrap_or_default()
    };
    let mut known = names_in(&wine.system32());
    if let Some(dir) = exe.parent() {
        known.extend(names_in(dir));
    }
    // API set names (api-ms-win-…, ext-ms-win-…) are no files: Windows, and Wine's loader, map them.
    let api_set = |dll: &str| dll.starts_with("api-ms-win-") || dll.starts_with("ext-ms-win-");
    let missing: Vec<&String> = imports.iter().filter(|dll| !known.contains(*dll) && !api_set(dll)).collect();
    if !missing.is_empty() {
        return Err(failure(
            format!("{} imports DLLs that neither Wine nor its folder has: {missing:?}", exe.display()),
            "a dependency links a DLL that Windows does not ship: bundle it with the app (tauri.conf.json bundle.resources) or link it statically",
        ));
    }
    Ok(imports.len())
}

/// `cargo xtask test-windows`: the Windows steps alone, after the UI build the app embeds.
pub fn test_windows(ctx: &Ctx, unit: bool, e2e: bool) -> bool {
    let title = match (unit, e2e) {
        (true, true) => "test-windows",
        (true, false) => "test-windows --skip-e2e",
        _ => "test-windows --only-e2e",
    };
    let mut plan = Plan::new(title);
    if e2e {
        plan.step("npm ci (ui/)", || ensure_npm_ci(ctx));
        plan.step("UI: npm run build", || build_ui(ctx));
    }
    plan_steps(ctx, &mut plan, unit, e2e, true);
    plan.finish()
}

/// The Windows steps of `cargo xtask test`, last: the hub's (with the unit tests) and the app's
/// (with the end-to-end tests), each half left out by the flag that leaves out its Linux side.
pub fn plan_steps(ctx: &Ctx, plan: &mut Plan, unit: bool, e2e: bool, windows: bool) {
    const TOOLCHAIN: &str = "Windows: toolchain (mingw-w64, Wine, NSIS, rustup target x86_64-pc-windows-gnu)";
    const PREFIX: &str = "Windows: Wine prefix with bcryptprimitives.dll";
    const HUB_TESTS: &str = "Windows: hub tests on SQLite under Wine (cross-built with mingw-w64)";
    const HUB_EXE: &str = r"Windows: restock-hub.exe under Wine on C:\Restock\hub.sqlite (seed, serve, log in)";
    const APP_EXE: &str = "Windows: app restock.exe cross-built, its DLL imports checked against Wine's";
    const INSTALLER: &str = "Windows: NSIS installer (Tauri CLI, makensis)";
    const APP_RUN: &str = "Windows: app restock.exe started under Wine (no WebView2 there)";
    if !windows {
        for s in [TOOLCHAIN, PREFIX, HUB_TESTS, HUB_EXE, APP_EXE, INSTALLER, APP_RUN] {
            plan.skip(s, "--skip-windows");
        }
        return;
    }
    plan.step(TOOLCHAIN, || ensure_windows_toolchain(ctx));
    plan.step(PREFIX, || prepare_wine(ctx));
    if unit {
        plan.step(HUB_TESTS, || hub_tests_under_wine(ctx));
        plan.step(HUB_EXE, || hub_exe_smoke(ctx));
    } else {
        plan.skip(HUB_TESTS, "--only-e2e");
        plan.skip(HUB_EXE, "--only-e2e");
    }
    if e2e {
        plan.step(APP_EXE, || build_app_exe(ctx));
        match nsis_unavailable(ctx) {
            None => plan.step(INSTALLER, || build_installer(ctx)),
            Some(why) => plan.skip(INSTALLER, &why),
        }
        plan.step(APP_RUN, || run_app_under_wine(ctx));
    } else {
        for s in [APP_EXE, INSTALLER, APP_RUN] {
            plan.skip(s, "--skip-e2e");
        }
    }
}

fn app_exe(ctx: &Ctx) -> PathBuf {
    ctx.target.join(TRIPLE).join("release/restock.exe")
}

/// The app's .exe for Windows (it embeds ui/dist, built earlier), and a check that every DLL it
/// imports is one Windows (here: Wine) has or one beside it.
///
/// Release, not debug: the app's library is also a cdylib (for Tauri's mobile targets), and a debug
/// cdylib for windows-gnu exports every generic instance its dependencies share (over 130,000),
/// past the 65,535 exports a DLL may have, so mingw's ld refuses it ("export ordinal too large").
pub fn build_app_exe(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    run(
        cargo_windows(ctx, &wine).args(["build", "-p", "restock-app", "--bin", "restock", "--release", "--target", TRIPLE]),
        "fix the Windows build errors above (the app's cfg(windows) code, or a dependency that does not cross-compile with mingw)",
    )?;
    let exe = app_exe(ctx);
    let imports = check_imports_resolve(&wine, &exe)?;
    let size = fs::metadata(&exe).map(|m| m.len()).unwrap_or(0);
    Ok(format!("{} ({:.1} MB, release), its {imports} imported DLLs all known to Wine", exe.display(), size as f64 / 1e6))
}

/// Where the Tauri CLI keeps the NSIS plugin its installer script uses (Linux: the XDG cache).
fn nsis_plugin(ctx: &Ctx) -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| ctx.home.as_ref().map(|h| h.join(".cache")))?;
    Some(cache.join("tauri/NSIS/Plugins/x86-unicode/nsis_tauri_utils.dll"))
}

/// Why the installer cannot be built on this machine, if it cannot: the Tauri CLI's NSIS script
/// needs its plugin `nsis_tauri_utils.dll`, which the CLI downloads (and checks by hash) from the
/// plugin's GitHub releases, and from nowhere else.
fn nsis_unavailable(ctx: &Ctx) -> Option<String> {
    let plugin = nsis_plugin(ctx)?;
    if plugin.is_file() || ("github.com", 443).to_socket_addrs().is_ok() {
        return None;
    }
    Some(format!(
        "the Tauri CLI's NSIS plugin is not in {} and GitHub, the one place the CLI fetches it from, does not resolve here",
        plugin.parent().map(Path::display).map(|d| d.to_string()).unwrap_or_default()
    ))
}

/// The NSIS installer (`tauri build --bundles nsis`, release like the .exe before it) and a silent
/// install of it under Wine.
pub fn build_installer(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    let bundle = ctx.target.join(TRIPLE).join("release/bundle/nsis");
    let _ = fs::remove_dir_all(&bundle);
    let mut cmd = Command::new("npx");
    cmd.current_dir(&ctx.root)
        .args(["--prefix", "ui", "tauri", "build", "--target", TRIPLE, "--bundles", "nsis", "--ci"])
        .env("TAURI_APP_PATH", "src-tauri")
        .env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER", MINGW_GCC);
    run(&mut cmd, "see the Tauri CLI's message above (makensis comes from Debian's nsis)")?;
    let setup = fs::read_dir(&bundle)
        .ok()
        .and_then(|d| d.filter_map(Result::ok).map(|e| e.path()).find(|p| p.to_string_lossy().ends_with("-setup.exe")))
        .ok_or_else(|| failure(format!("no *-setup.exe in {}", bundle.display()), "see the Tauri CLI's output above"))?;
    let size = fs::metadata(&setup).map(|m| m.len()).unwrap_or(0);
    // NSIS's /S: silent, into the per-user folder the installer chooses (%LOCALAPPDATA%\Restock).
    let mut install = Command::new("wine");
    wine.env(&mut install).arg(&setup).arg("/S").env_remove("DISPLAY");
    let result = run(&mut install, "the installer failed under Wine: run it by hand with WINEDEBUG=err+all to see why");
    wine.shut_down();
    result?;
    let installed = find_file(&wine.prefix.join("drive_c/users"), "restock.exe")
        .ok_or_else(|| failure("the silent install under Wine left no restock.exe under C:\\users", "see the installer's script"))?;
    Ok(format!("{} ({:.1} MB); installed silently under Wine to {}", setup.display(), size as f64 / 1e6, installed.display()))
}

fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in fs::read_dir(dir).ok()?.filter_map(Result::ok) {
        let path = entry.path();
        let kind = entry.file_type().ok()?;
        if kind.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        } else if entry.file_name().to_string_lossy().eq_ignore_ascii_case(name) {
            return Some(path);
        }
    }
    None
}

/// Starts the app's .exe under Wine on a virtual screen and watches what it does. These machines
/// have no WebView2 runtime (Wine has none), so the app cannot show its UI: what is checked is that
/// the .exe loads (every DLL resolves, nothing crashes before `main`), creates its Tauri window and
/// gets as far as asking for WebView2, whose absence it reports in a message box. Wine's `win`
/// debug channel logs every window created and its text, which is how the two are seen. The UI
/// itself on Windows needs a Windows PC.
pub fn run_app_under_wine(ctx: &Ctx) -> R<String> {
    let wine = Wine::new(ctx);
    let exe = app_exe(ctx);
    let log_path = ctx.target.join(TRIPLE).join("wine/app-under-wine.log");
    let log = fs::File::create(&log_path).map_err(|e| failure(format!("could not create {}: {e}", log_path.display()), ""))?;
    let err = log.try_clone().map_err(|e| failure(format!("could not write {}: {e}", log_path.display()), ""))?;
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", XVFB_SCREEN, "wine"]).arg(&exe);
    wine.env(&mut cmd).env("WINEDEBUG", "-all,+win").env("RESTOCK_DATA_DIR", r"C:\RestockApp").env("NO_AT_BRIDGE", "1");
    println!("    $ {}  >{} 2>&1", describe(&cmd), log_path.display());
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .spawn()
        .map_err(|e| failure(format!("could not start xvfb-run: {e}"), "apt-get install xvfb xauth"))?;
    let started = Instant::now();
    let seen = |log: &str| (log.contains(TAURI_WINDOW), log.contains(NO_WEBVIEW2));
    let exited = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        let (window, no_webview2) = seen(&fs::read_to_string(&log_path).unwrap_or_default());
        if (window && no_webview2) || started.elapsed() > APP_WATCH || signals::interrupted() {
            break None;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    let took = started.elapsed();
    stop_child(&mut child, Duration::from_secs(5));
    wine.shut_down();
    if signals::interrupted() {
        return Err(interrupted());
    }
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    match (seen(&log), exited) {
        ((true, true), _) => Ok(format!(
            "loaded, opened its Tauri window, then reported \"{NO_WEBVIEW2}\" (Wine has no WebView2) after {:.1}s; stopped it",
            took.as_secs_f64()
        )),
        ((true, false), None) => Ok(format!(
            "loaded and opened its Tauri window, still running after {:.0}s (a Wine with WebView2?); stopped it",
            took.as_secs_f64()
        )),
        (_, Some(status)) => Err(failure(
            format!("restock.exe exited under Wine after {:.1}s ({status}) before asking for WebView2", took.as_secs_f64()),
            format!(
                "status 53 or c0000135 in {} means a DLL it imports is missing; rerun with WINEDEBUG=err+module to see which",
                log_path.display()
            ),
        )),
        (_, None) => Err(failure(
            format!("restock.exe opened no Tauri window under Wine within {}s", APP_WATCH.as_secs()),
            format!("see Wine's window log in {}", log_path.display()),
        )),
    }
}

/// How long the app is watched under Wine at most (it takes a few seconds to get there).
const APP_WATCH: Duration = Duration::from_secs(90);
/// In Wine's `+win` log: the app's window being created (tao's window class), and the text of the
/// message box the WebView2 loader's absence brings up.
const TAURI_WINDOW: &str = "L\"Tauri Window\"";
const NO_WEBVIEW2: &str = "Could not find the WebView2 Runtime.";
