//! Keystroke benchmark: how long from a quantity typed into the cart's order grid (the Enter that
//! saves it) until the new totals are on the screen, on a 500-line cart, in the real window. Run
//! through `cargo xtask bench-keystroke [--release]`, which builds the UI, the app and the hub first
//! and runs this under Xvfb in a D-Bus session of its own, like the end-to-end tests.
//!
//! The page times itself with performance marks (ui/src/lib/perf.ts): `qty-keystroke` at the Enter
//! key event's time stamp, then measures to the backend's answer (`set_cart_quantity` resolved), to
//! the DOM showing the new cart (after Svelte's update), to the requestAnimationFrame callback of
//! the next frame (the frame that paints the new totals: **the figure**), and to the first task
//! after that frame. The bench only types (W3C actions: keys go to whatever has the focus, as a
//! user's do) and reads the entries back; it checks every time that the total on the screen really
//! changed, before the frame was marked, and that the line shows the quantity typed.
//!
//! Then, apart from the keystrokes, it times where the time can go: the page's frame cadence when
//! idle, the IPC round trip of a trivial command, and `get_cart` (the same 500-line CartView the
//! save answers with, without the write). WebKit's rendering mode follows the environment (e.g.
//! `WEBKIT_DISABLE_COMPOSITING_MODE=1`, passed on to the app): the bench prints it.

use anyhow::{anyhow, bail, ensure, Context, Result};
use restock_e2e::bench::{describe_binary, Summary};
use restock_e2e::{log_in, numbers_in, testid, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::catalogue::{Product, ProductStatus};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const USAGE: &str = "\
Usage: keystroke_bench [--runs N] [--warmup N] [--lines N] [--app PATH] [--hub PATH] [--out DIR]

  --runs N     measured keystrokes (default 30)
  --warmup N   keystrokes before those, not counted (default 5)
  --lines N    lines in the cart (default 500)
  --app PATH   the app binary (default: $RESTOCK_APP_BIN)
  --hub PATH   the hub binary (default: $RESTOCK_HUB_BIN)
  --out DIR    logs and screenshots (default: $RESTOCK_SCREENSHOT_DIR, else target/bench-keystroke)

Needs an X display (xvfb-run) and tauri-driver; `cargo xtask bench-keystroke` provides both.";

/// Before a keystroke: where the focus is, what the total shows, and a MutationObserver on the
/// total that notes (on the page's clock) when its text first changes.
const BEFORE_KEYSTROKE: &str = r#"
const el = document.querySelector('[data-testid="cart-total"]');
const input = document.activeElement;
const row = input && input.closest('tr[data-row]');
if (!el || !row || input.getAttribute('data-testid') !== 'qty-input') {
  return { error: 'focus is not in a cart line quantity: ' + (input ? input.outerHTML.slice(0, 200) : 'none') };
}
if (window.__kbObserver) window.__kbObserver.disconnect();
const before = el.textContent;
window.__kbObserved = null;
window.__kbObserver = new MutationObserver(() => {
  if (window.__kbObserved === null && el.textContent !== before) {
    window.__kbObserved = { at: performance.now(), text: el.textContent };
  }
});
window.__kbObserver.observe(el, { subtree: true, childList: true, characterData: true });
const last = performance.getEntriesByName('qty-keystroke');
return {
  total: before,
  row: Number(row.getAttribute('data-row')),
  code: row.getAttribute('data-code'),
  value: input.value,
  since: last.length ? last[last.length - 1].startTime : -1,
};
"#;

/// After a keystroke: wait (PerformanceObserver, no polling) for this keystroke's last measure,
/// then read every measure of it, the observer's note, and the screen's totals and the line.
const AFTER_KEYSTROKE: &str = r#"
const [since, row, limitMs] = arguments;
const done = arguments[arguments.length - 1];
const latest = (name) => { const e = performance.getEntriesByName(name); return e.length ? e[e.length - 1] : null; };
let finished = false;
function finish(ok) {
  if (finished) return;
  finished = true;
  observer.disconnect();
  clearTimeout(giveUp);
  const key = latest('qty-keystroke');
  const of = (name) => { const m = latest(name); return m && key && m.startTime === key.startTime ? m.duration : null; };
  const mark = (name) => { const m = latest(name); return m ? m.startTime : null; };
  const tr = document.querySelector(`tr[data-row="${row}"]`);
  const text = (sel, root) => { const e = (root || document).querySelector(sel); return e ? e.textContent : null; };
  done({
    ok,
    start: key ? key.startTime : null,
    handler: key && key.detail ? key.detail.handler : null,
    backend: of('keystroke-to-backend'),
    dom: of('keystroke-to-dom'),
    totals: of('keystroke-to-totals'),
    painted: of('keystroke-to-painted'),
    focus: of('keystroke-to-focus'),
    totalsAt: mark('totals-updated'),
    observed: window.__kbObserved,
    total: text('[data-testid="cart-total"]'),
    summary: text('[data-testid="cart-summary-total"]'),
    orderQty: tr ? text('[data-testid="order-qty"]', tr) : null,
    value: tr ? (tr.querySelector('[data-testid="qty-input"]') || {}).value : null,
    focusedRow: (() => { const f = document.activeElement; const r = f && f.closest('tr[data-row]'); return r ? Number(r.getAttribute('data-row')) : null; })(),
  });
}
function check() {
  const key = latest('qty-keystroke');
  const painted = latest('keystroke-to-painted');
  const focus = latest('keystroke-to-focus');
  const mine = (m) => m && key && m.startTime === key.startTime;
  if (key && key.startTime > since && mine(painted) && mine(focus)) finish(true);
}
const observer = new PerformanceObserver(check);
observer.observe({ type: 'measure' });
const giveUp = setTimeout(() => finish(false), limitMs);
check();
"#;

/// Where the time goes, measured apart from the keystrokes (not part of the figure): the page's
/// frame cadence when idle, and the IPC round trip of a trivial command (`app_info`) and of
/// `get_cart` (the whole 500-line CartView, without the write), and `set_cart_quantity` itself
/// with no key, focus move or frame beside it.
const ANATOMY: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const out = {};
  out.frames = await new Promise((resolve) => {
    const gaps = [];
    let last = null;
    const frame = (t) => {
      if (last !== null) gaps.push(t - last);
      last = t;
      if (gaps.length < 120) requestAnimationFrame(frame); else resolve(gaps);
    };
    requestAnimationFrame(frame);
  });
  const internals = window.__TAURI_INTERNALS__;
  if (internals && typeof internals.invoke === 'function') {
    const time = async (cmd, n, args) => {
      const ms = [];
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const v = await internals.invoke(cmd, args ? args(i) : {});
        ms.push(performance.now() - t);
        bytes = JSON.stringify(v === undefined ? null : v).length;
      }
      return { ms, bytes };
    };
    out.appInfo = await time('app_info', 30);
    out.getCart = await time('get_cart', 30);
    // The keystroke's own command, with no key, focus move or frame beside it (the page's cart
    // is not told: this comes after the keystrokes).
    const row = document.querySelector('tr[data-code]');
    if (row) {
      const productCode = row.getAttribute('data-code');
      out.setQuantity = await time('set_cart_quantity', 30, (i) => ({ productCode, quantity: 2 + (i % 2) }));
    }
  }
  return out;
})().then(done, (e) => done({ error: String(e) }));
"#;

#[derive(Debug, Deserialize)]
struct Timed {
    ms: Vec<f64>,
    bytes: usize,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Anatomy {
    error: Option<String>,
    #[serde(default)]
    frames: Vec<f64>,
    app_info: Option<Timed>,
    get_cart: Option<Timed>,
    set_quantity: Option<Timed>,
}

#[derive(Debug, Deserialize)]
struct Before {
    error: Option<String>,
    total: Option<String>,
    row: Option<usize>,
    code: Option<String>,
    value: Option<String>,
    since: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct Observed {
    at: f64,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct After {
    ok: bool,
    start: Option<f64>,
    handler: Option<f64>,
    backend: Option<f64>,
    dom: Option<f64>,
    totals: Option<f64>,
    painted: Option<f64>,
    focus: Option<f64>,
    totals_at: Option<f64>,
    observed: Option<Observed>,
    total: Option<String>,
    summary: Option<String>,
    order_qty: Option<String>,
    value: Option<String>,
    focused_row: Option<usize>,
}

/// One keystroke, in milliseconds from the Enter key event.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The key event's time stamp to its handler running.
    handler: f64,
    backend: f64,
    dom: f64,
    totals: f64,
    painted: f64,
    /// The focus moved to the next row (it waits for the answer, to be drawn with the totals).
    focus: f64,
    /// When the total's text changed in the DOM (the bench's own MutationObserver).
    observed: f64,
}

struct Args {
    runs: usize,
    warmup: usize,
    lines: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut runs = 30;
    let mut warmup = 5;
    let mut lines = 500;
    let mut app = None;
    let mut hub = None;
    let mut out = std::env::var_os("RESTOCK_SCREENSHOT_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-keystroke"));
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| anyhow!("{flag} needs a value\n\n{USAGE}"));
        match flag.as_str() {
            "--runs" => runs = value()?.parse().context("--runs")?,
            "--warmup" => warmup = value()?.parse().context("--warmup")?,
            "--lines" => lines = value()?.parse().context("--lines")?,
            "--app" => app = Some(PathBuf::from(value()?)),
            "--hub" => hub = Some(PathBuf::from(value()?)),
            "--out" => out = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
    ensure!(runs > 0, "--runs must be at least 1");
    ensure!(lines >= 2, "--lines must be at least 2");
    ensure!(warmup + runs < lines, "--warmup + --runs must be fewer than --lines (each keystroke goes down one line)");
    // The harness (hub, tauri-driver, app) reads the end-to-end tests' environment: set it from the
    // flags before any thread starts.
    for (var, path) in [("RESTOCK_APP_BIN", app), ("RESTOCK_HUB_BIN", hub)] {
        if let Some(path) = path {
            ensure!(path.is_file(), "{} does not exist", path.display());
            std::env::set_var(var, path.canonicalize()?);
        }
    }
    std::fs::create_dir_all(out.join("logs")).with_context(|| format!("creating {}", out.display()))?;
    std::env::set_var("RESTOCK_SCREENSHOT_DIR", &out);
    Ok(Args { runs, warmup, lines, out })
}

fn main() -> std::process::ExitCode {
    let result = parse_args()
        .and_then(|args| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?.block_on(bench(args)));
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn failure(f: Failure) -> anyhow::Error {
    anyhow!("{f:?}")
}

async fn bench(args: Args) -> Result<()> {
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    // The machine before the bench starts anything; "before" below is read once the setup (hub,
    // app, sync, import) is done, and includes that work.
    println!("load average at start: {}", load().trim());
    let h = Harness::start("keystroke_bench").await.map_err(failure)?;
    println!("{}", describe_binary(&h.cfg.app_bin));
    // How WebKit renders changes the figure a lot on a machine without a GPU (compositing through
    // Mesa's llvmpipe): say if the environment chose a mode.
    let webkit: Vec<String> =
        std::env::vars().filter(|(k, _)| k.starts_with("WEBKIT_") || k.starts_with("LIBGL_")).map(|(k, v)| format!("{k}={v}")).collect();
    println!("WebKit environment: {}", if webkit.is_empty() { "(none: WebKit's defaults)".to_string() } else { webkit.join(" ") });
    let result = run_bench(&h, &args, &load).await;
    h.finish(result).await.map_err(failure)
}

async fn run_bench(h: &Harness, args: &Args, load: &dyn Fn() -> String) -> Result<()> {
    let ui = &h.ui;
    log_in(h).await?;
    // Idle memory with a supplier's desk open (logged in, Home shown and synced, nothing typed);
    // the startup bench reads it on the login screen.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    match restock_e2e::AppMemory::of(&h.cfg.app_bin) {
        Some(m) => println!(
            "idle memory on Home after logging in, app + WebKit processes ({}): PSS {:.0} MiB, private (USS) {:.0} MiB, private dirty {:.0} MiB, RSS {:.0} MiB",
            m.processes, m.pss_mib, m.uss_mib, m.private_dirty_mib, m.rss_mib
        ),
        None => println!("idle memory on Home: could not be read"),
    }
    for process in restock_e2e::largest_mappings(&h.cfg.app_bin, 6) {
        println!("  {process}");
    }
    let codes = orderable_codes(&h.hub.url, args.lines).await?;
    ui.step("cart-from-a-pasted-list", async {
        ui.click("nav-cart").await?;
        ui.click("import-open").await?;
        ui.wait_visible(&testid("import-dialog")).await?;
        ui.fill_testid("import-name", &format!("键入基准 {} 行", args.lines)).await?;
        // Setup, not measured: put the list in at once (typing 500 rows key by key takes minutes)
        // and tell the page, as typing would.
        let list: String = codes.iter().map(|c| format!("{c} 1\n")).collect();
        let set = "const el = document.querySelector('[data-testid=\"import-text\"]'); \
                   el.value = arguments[0]; el.dispatchEvent(new Event('input', { bubbles: true })); \
                   return el.value.length;";
        let len = ui.client.execute(set, vec![list.clone().into()]).await?;
        ensure!(len.as_u64() == Some(list.len() as u64), "the list box holds {len} characters, expected {}", list.len());
        ui.click("import-submit").await?;
        ui.wait_text(&testid("cart-summary-count"), "the cart's line count", |t| {
            (numbers_in(t) == [Decimal::from(args.lines)]).then_some(())
        })
        .await?;
        ensure!(ui.visible(&testid("skipped-row")).await?.is_empty(), "the import skipped rows");
        ui.checkpoint(&format!("cart-{}-lines", args.lines), Expect::NoErrors).await
    })
    .await?;
    // The first line's quantity: a click there focuses it (and selects its text, as from the keyboard).
    ui.step("focus-first-line", async {
        let first = ui.wait_visible(&format!("tr[data-row=\"0\"] {}", testid("qty-input"))).await?;
        first.click().await?;
        let focus = ui.focus().await?;
        ensure!(
            focus.testid.as_deref() == Some("qty-input") && focus.code.as_deref() == Some(&codes[0]),
            "the focus is at {focus:?}, not in the first line's quantity"
        );
        Ok(())
    })
    .await?;
    // The load average is that of the last minute: read it once the setup's work (import, render) is
    // behind, just before the keystrokes.
    println!("load average before the keystrokes: {}", load().trim());
    let total = args.warmup + args.runs;
    let mut measured = Vec::new();
    for i in 0..total {
        let warm = i < args.warmup;
        let label = if warm { format!("warm-up {}/{}", i + 1, args.warmup) } else { format!("run {}/{}", i + 1 - args.warmup, args.runs) };
        let run = ui.step(&format!("keystroke-{}", i + 1), keystroke(ui, i)).await.with_context(|| label.clone())?;
        println!(
            "{label:>14}: backend {:>6.1} ms   DOM {:>6.1} ms   totals frame {:>6.1} ms   after it {:>6.1} ms   (focus moved at {:>6.1} ms; total text changed at {:>6.1} ms; key event to handler {:.1} ms){}",
            run.backend,
            run.dom,
            run.totals,
            run.painted,
            run.focus,
            run.observed,
            run.handler,
            if warm { "   not counted" } else { "" }
        );
        if !warm {
            measured.push(run);
        }
    }
    println!("load average after the keystrokes: {}", load().trim());
    ui.checkpoint(&format!("cart-{}-lines-after", args.lines), Expect::NoErrors).await?;
    println!();
    println!("{} keystrokes (+{} warm-up) on a {}-line cart, milliseconds from the Enter key event:", args.runs, args.warmup, args.lines);
    println!("{:<52} {:>7} {:>7} {:>7} {:>7}", "", "min", "median", "p95", "max");
    type Phase = fn(&Run) -> f64;
    let rows: [(&str, Phase); 7] = [
        ("key event to its handler", |r| r.handler),
        ("backend answered (set_cart_quantity resolved)", |r| r.backend),
        ("DOM updated (after Svelte's update)", |r| r.dom),
        ("  focus moved to the next row", |r| r.focus),
        ("  total's text changed (bench's MutationObserver)", |r| r.observed),
        ("TOTALS FRAME (rAF after the DOM update)", |r| r.totals),
        ("first task after that frame", |r| r.painted),
    ];
    let mut figure = None;
    for (name, get) in rows {
        let s = Summary::of(measured.iter().map(get).collect());
        println!("{name:<52} {:>7.1} {:>7.1} {:>7.1} {:>7.1}", s.min, s.median, s.p95, s.max);
        if name.starts_with("TOTALS") {
            figure = Some(s);
        }
    }
    println!("(p95 is the nearest-rank percentile)");
    if let Some(s) = figure {
        let verdict = |v: f64| if v <= 16.0 { "met" } else { "NOT met" };
        println!(
            "goal ≤ 16 ms, keystroke to updated totals: median {:.1} ms ({}), p95 {:.1} ms ({})",
            s.median,
            verdict(s.median),
            s.p95,
            verdict(s.p95)
        );
    }
    let anatomy: Anatomy = serde_json::from_value(ui.client.execute_async(ANATOMY, vec![]).await?)
        .context("reading the page's frame cadence and IPC times")?;
    if let Some(e) = anatomy.error {
        println!("(could not time the frames and the IPC: {e})");
    } else {
        println!("apart from the keystrokes (not part of the figure):");
        let row = |name: &str, v: &[f64], extra: String| {
            if v.is_empty() {
                return;
            }
            let s = Summary::of(v.to_vec());
            println!("{name:<52} {:>7.1} {:>7.1} {:>7.1} {:>7.1}{extra}", s.min, s.median, s.p95, s.max);
        };
        row("  idle frame interval (120 rAF frames)", &anatomy.frames, String::new());
        if let Some(t) = &anatomy.app_info {
            row("  IPC round trip, `app_info` (30 calls)", &t.ms, format!("   {} bytes", t.bytes));
        }
        if let Some(t) = &anatomy.get_cart {
            row("  `get_cart`, the same CartView (30 calls)", &t.ms, format!("   {} bytes of JSON", t.bytes));
        }
        if let Some(t) = &anatomy.set_quantity {
            row("  `set_cart_quantity` alone, no key (30 calls)", &t.ms, format!("   {} bytes of JSON", t.bytes));
        }
    }
    println!("screenshots: {}", args.out.join(format!("cart-{}-lines.png", args.lines)).display());
    Ok(())
}

/// Type a new quantity into the line that has the focus, then Enter; wait for the page's
/// measures and check the screen.
async fn keystroke(ui: &restock_e2e::Ui, i: usize) -> Result<Run> {
    let before: Before = serde_json::from_value(ui.client.execute(BEFORE_KEYSTROKE, vec![]).await?)?;
    if let Some(e) = before.error {
        bail!("{e}");
    }
    let (Some(old_total), Some(row), Some(code), Some(value), Some(since)) =
        (before.total, before.row, before.code, before.value, before.since)
    else {
        bail!("the page did not say where the focus is");
    };
    // A different quantity each time (2…9), never the one the line has: the total must change.
    let old: u32 = value.trim().parse().unwrap_or(0);
    let quantity = (0..8).map(|k| 2 + ((i + k) % 8) as u32).find(|q| *q != old).expect("eight candidates");
    ui.keys(&format!("{quantity}{}", restock_e2e::keyboard::ENTER)).await?;
    let after: After =
        serde_json::from_value(ui.client.execute_async(AFTER_KEYSTROKE, vec![since.into(), row.into(), 10_000.into()]).await?)?;
    ensure!(after.ok, "no measures for the keystroke into line {row} ({code}) within 10 s: {after:?}");
    let need = |v: Option<f64>, what: &str| v.ok_or_else(|| anyhow!("no `{what}` in {after:?}"));
    let start = need(after.start, "keystroke mark")?;
    let totals_at = need(after.totals_at, "totals-updated mark")?;
    // No false wins: the total on the screen changed, before the frame was marked, to what the
    // footer summary shows too, and the line shows the quantity typed.
    let total = after.total.clone().unwrap_or_default();
    ensure!(total != old_total, "line {row} ({code}) set to {quantity}, but the total still reads {total:?}");
    let observed = after.observed.as_ref().ok_or_else(|| anyhow!("the total's text never changed in the DOM: {after:?}"))?;
    ensure!(observed.text == total, "the total changed to {:?}, then to {total:?}", observed.text);
    ensure!(observed.at <= totals_at, "the frame was marked ({totals_at:.1}) before the total changed ({:.1})", observed.at);
    let amount = numbers_in(&total).into_iter().next().ok_or_else(|| anyhow!("no amount in the total {total:?}"))?;
    ensure!(
        after.summary.as_deref().is_some_and(|s| numbers_in(s).contains(&amount)),
        "the footer summary shows {:?}, the cart total {total:?}",
        after.summary
    );
    ensure!(
        after.value.as_deref() == Some(quantity.to_string().as_str())
            && after.order_qty.as_deref().map(str::trim) == Some(quantity.to_string().as_str()),
        "line {row} ({code}) shows quantity {:?} / order quantity {:?}, typed {quantity}",
        after.value,
        after.order_qty
    );
    ensure!(
        after.focused_row == Some(row + 1),
        "after Enter in line {row} ({code}) the focus is in line {:?}, not the next one",
        after.focused_row
    );
    Ok(Run {
        handler: need(after.handler, "handler time")? - start,
        backend: need(after.backend, "keystroke-to-backend")?,
        dom: need(after.dom, "keystroke-to-dom")?,
        totals: need(after.totals, "keystroke-to-totals")?,
        painted: need(after.painted, "keystroke-to-painted")?,
        focus: need(after.focus, "keystroke-to-focus")?,
        observed: observed.at - start,
    })
}

/// `count` products this customer can order by ones: on sale, pack multiple 1, no minimum above 1,
/// no maximum below 10, no allocation or stock that could cut 9; in code order.
async fn orderable_codes(hub_url: &str, count: usize) -> Result<Vec<String>> {
    let api = HubApi::login(hub_url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let catalogue = api.catalogue().await?;
    let supply = api.supply().await?;
    let limited: HashSet<String> = supply
        .items
        .iter()
        .filter(|s| s.allocation_left.is_some_and(|n| n < 10) || s.available.is_some_and(|n| n < 10))
        .map(|s| s.product_code.clone())
        .collect();
    let fits = |p: &Product| {
        p.status == ProductStatus::OnSale
            && p.rules.pack_multiple == 1
            && p.rules.min_per_order <= 1
            && p.rules.max_per_order.is_none_or(|m| m >= 10)
            && !limited.contains(&p.code)
            && p.price > Decimal::ZERO
    };
    let mut codes: Vec<String> = catalogue.products.iter().filter(|p| fits(p)).map(|p| p.code.clone()).collect();
    codes.sort();
    ensure!(
        codes.len() >= count,
        "the demo catalogue has {} products orderable by ones ({} products in all), fewer than {count}",
        codes.len(),
        catalogue.products.len()
    );
    codes.truncate(count);
    Ok(codes)
}
