//! Startup benchmark: how long from launching the app until its first screen (the login screen)
//! is on the screen. Run through `cargo xtask bench-startup [--release]`, which builds the UI and
//! the app first and runs this under Xvfb in a D-Bus session of its own, like the end-to-end tests.
//!
//! Each run gets a fresh data directory (and WebKit storage), so every start is a first start. The
//! clock starts when tauri-driver is asked for a WebDriver session, which is what launches the app
//! process; it records when the session exists (app process and webview up), when the page began
//! loading (`performance.timeOrigin`), and when the login screen has been painted. The page's
//! times are wall-clock (`Date.now()`), compared with the wall clock at the start, since the page
//! and this process share the machine's clock.

use anyhow::{anyhow, bail, ensure, Context, Result};
use restock_e2e::bench::{describe_binary, Summary};
use restock_e2e::fantoccini::Client;
use restock_e2e::{find_tauri_driver, long_timeout, AppMemory, Driver, ScreenStats};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

const USAGE: &str = "\
Usage: startup_bench [--runs N] [--warmup N] [--app PATH] [--out DIR]

  --runs N     measured runs (default 10)
  --warmup N   runs before those, not counted (default 1: the first start after a build also
               reads the binary from disk)
  --app PATH   the app binary (default: $RESTOCK_APP_BIN)
  --out DIR    logs and the last run's screenshot (default: $RESTOCK_SCREENSHOT_DIR, else
               target/bench-startup)

Needs an X display (xvfb-run) and tauri-driver; `cargo xtask bench-startup` provides both.";

/// Waits in the page, checking once per frame, until the login screen is laid out and visible;
/// then one more frame, whose callback runs after the frame that showed it has been painted.
/// Resolves early (with `seen: null`) if the page is not there yet, so the caller can retry.
const WAIT_FOR_LOGIN_SCREEN: &str = r#"
const done = arguments[arguments.length - 1];
const giveUp = setTimeout(() => done({ seen: null, href: location.href, ready: document.readyState }), 1000);
function shown() {
  const el = document.querySelector('[data-testid="login-screen"]');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
}
function frame() {
  if (!shown()) { requestAnimationFrame(frame); return; }
  const seen = Date.now();
  requestAnimationFrame(() => {
    clearTimeout(giveUp);
    done({ seen, painted: Date.now(), origin: performance.timeOrigin, href: location.href });
  });
}
requestAnimationFrame(frame);
"#;

struct Args {
    runs: usize,
    warmup: usize,
    app: PathBuf,
    out: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut runs = 10;
    let mut warmup = 1;
    let mut app = std::env::var_os("RESTOCK_APP_BIN").filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut out = std::env::var_os("RESTOCK_SCREENSHOT_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-startup"));
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| anyhow!("{flag} needs a value\n\n{USAGE}"));
        match flag.as_str() {
            "--runs" => runs = value()?.parse().context("--runs")?,
            "--warmup" => warmup = value()?.parse().context("--warmup")?,
            "--app" => app = Some(PathBuf::from(value()?)),
            "--out" => out = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    ensure!(runs > 0, "--runs must be at least 1");
    let app = app.ok_or_else(|| anyhow!("no app binary: set RESTOCK_APP_BIN or pass --app\n\n{USAGE}"))?;
    ensure!(app.is_file(), "{} does not exist", app.display());
    // tauri-driver wants an absolute path for the application.
    let app = app.canonicalize()?;
    Ok(Args { runs, warmup, app, out })
}

/// One of the moments a run records.
type Phase = fn(&Run) -> f64;

/// One start of the app, in milliseconds from asking for the session.
#[derive(Debug, Clone, Copy)]
struct Run {
    session: f64,
    page_origin: f64,
    painted: f64,
    /// When this process learnt of the paint: `painted` plus one WebDriver round trip.
    observed: f64,
    /// The app and its WebKit processes once idle, when it could be read.
    memory: Option<AppMemory>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match bench().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn bench() -> Result<()> {
    let args = parse_args()?;
    let tauri_driver = find_tauri_driver().ok_or_else(|| anyhow!("tauri-driver not found (`cargo install tauri-driver --locked`)"))?;
    let logs = args.out.join("logs");
    std::fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    println!("{}", describe_binary(&args.app));
    // Other work on the machine (a build) slows every start: say how busy it was.
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average before: {}", load().trim());
    let total = args.warmup + args.runs;
    let mut measured = Vec::new();
    for i in 0..total {
        let warm = i < args.warmup;
        let label = if warm { format!("warm-up {}/{}", i + 1, args.warmup) } else { format!("run {}/{}", i + 1 - args.warmup, args.runs) };
        let shot = (i + 1 == total).then(|| args.out.join("login-screen.png"));
        let log = logs.join(format!("run-{}-tauri-driver.log", i + 1));
        let run = one_run(&tauri_driver, &args.app, log.clone(), shot.as_deref())
            .await
            .with_context(|| format!("{label} (tauri-driver/app log: {})", log.display()))?;
        println!(
            "{label:>14}: session {:>6.0} ms   page load began {:>6.0} ms   login screen painted {:>6.0} ms   (seen here {:>6.0} ms){}",
            run.session,
            run.page_origin,
            run.painted,
            run.observed,
            if warm { "   not counted" } else { "" }
        );
        if !warm {
            measured.push(run);
        }
    }
    println!();
    println!("{} runs (+{} warm-up), milliseconds from requesting the WebDriver session:", args.runs, args.warmup);
    println!("{:<40} {:>7} {:>7} {:>7} {:>7}", "", "min", "median", "p95", "max");
    let rows: [(&str, Phase); 4] = [
        ("session created (process + webview)", |r| r.session),
        ("page load began", |r| r.page_origin),
        ("login screen painted", |r| r.painted),
        ("  ... as seen by the bench", |r| r.observed),
    ];
    for (name, get) in rows {
        let s = Summary::of(measured.iter().map(get).collect());
        println!("{name:<40} {:>7.0} {:>7.0} {:>7.0} {:>7.0}", s.min, s.median, s.p95, s.max);
    }
    println!("(p95 is the nearest-rank percentile: with fewer than 20 runs it is the slowest one)");
    let memory: Vec<AppMemory> = measured.iter().filter_map(|r| r.memory).collect();
    if !memory.is_empty() {
        let of = |f: fn(&AppMemory) -> f64| Summary::of(memory.iter().map(f).collect());
        let (pss, uss, dirty, rss) = (of(|m| m.pss_mib), of(|m| m.uss_mib), of(|m| m.private_dirty_mib), of(|m| m.rss_mib));
        println!(
            "idle memory 3 s after the first screen, app + WebKit processes (medians, MiB): PSS {:.0} (max {:.0}), private (USS) {:.0} (max {:.0}), private dirty {:.0}, RSS {:.0}",
            pss.median, pss.max, uss.median, uss.max, dirty.median, rss.median
        );
    }
    println!("load average after: {}", load().trim());
    if let Some(shot) = Some(args.out.join("login-screen.png")).filter(|p| p.is_file()) {
        println!("last run's screen: {}", shot.display());
    }
    Ok(())
}

/// Start tauri-driver with a fresh data directory, then time one launch of the app.
async fn one_run(tauri_driver: &Path, app: &Path, log: PathBuf, shot: Option<&Path>) -> Result<Run> {
    let tmp = tempfile::Builder::new().prefix("restock-bench-").tempdir()?;
    let driver = Driver::start(tauri_driver, tmp.path(), None, log).await?;
    let wall = SystemTime::now();
    let t0 = Instant::now();
    let client = driver.session(app).await?;
    let session = ms(t0.elapsed());
    let mut result = measure(&client, wall, t0, session, shot).await;
    if let Ok(run) = result.as_mut() {
        // Idle memory: the app and its WebKit processes, a few seconds after the first screen.
        tokio::time::sleep(Duration::from_secs(3)).await;
        run.memory = AppMemory::of(app);
    }
    // Closing the session closes the app; dropping the driver stops whatever is left.
    let _ = tokio::time::timeout(Duration::from_secs(15), client.close()).await;
    drop(driver);
    result
}

async fn measure(client: &Client, wall: SystemTime, t0: Instant, session: f64, shot: Option<&Path>) -> Result<Run> {
    let start_ms = wall.duration_since(SystemTime::UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    let deadline = t0 + long_timeout();
    let (answer, observed) = loop {
        // Errors are expected while the page is still being replaced (about:blank, then the app).
        let last = match client.execute_async(WAIT_FOR_LOGIN_SCREEN, vec![]).await {
            Ok(v) if v.get("seen").is_some_and(|s| !s.is_null()) => break (v, ms(t0.elapsed())),
            Ok(v) => v.to_string(),
            Err(e) => e.to_string(),
        };
        if Instant::now() > deadline {
            bail!("the login screen was not painted within {:?}; last answer: {last}", long_timeout());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let number = |key: &str| answer.get(key).and_then(|v| v.as_f64()).ok_or_else(|| anyhow!("the page's answer has no `{key}`: {answer}"));
    let run = Run { session, page_origin: number("origin")? - start_ms, painted: number("painted")? - start_ms, observed, memory: None };
    // Not timed: the screen must really show something (a blank window would be a false win).
    let png = client.screenshot().await.context("taking a screenshot")?;
    let stats = ScreenStats::of_png(&png)?;
    if let Some(why) = stats.blank() {
        bail!("the login screen was reported painted, but the screenshot is blank: {why} ({stats})");
    }
    if let Some(path) = shot {
        std::fs::write(path, &png).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(run)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
