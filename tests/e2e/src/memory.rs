//! How much memory the app uses: its own process and its children (WebKit's web and network
//! processes), read from `/proc`. Three measures, because they answer different questions:
//! RSS counts every shared library once per process; PSS divides each shared page among the
//! processes mapping it (the app's fair share of the machine); USS is the pages only the app's
//! processes hold (what quitting it would give back, about what a system monitor shows).

use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct AppMemory {
    pub rss_mib: f64,
    pub pss_mib: f64,
    pub uss_mib: f64,
    /// Private pages written to (heaps, relocated data): nothing else could share or reload them.
    pub private_dirty_mib: f64,
    pub processes: usize,
}

impl AppMemory {
    /// The running app whose executable is `app`, with its child processes; `None` when it isn't
    /// running or `/proc` can't be read.
    pub fn of(app: &Path) -> Option<AppMemory> {
        let family = app_processes(app)?;
        let mut total = AppMemory { processes: family.len(), ..AppMemory::default() };
        for pid in family {
            let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else { continue };
            let kib = |name: &str| -> f64 {
                rollup.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()).unwrap_or(0.0)
            };
            total.rss_mib += kib("Rss:") / 1024.0;
            total.pss_mib += kib("Pss:") / 1024.0;
            total.uss_mib += (kib("Private_Clean:") + kib("Private_Dirty:")) / 1024.0;
            total.private_dirty_mib += kib("Private_Dirty:") / 1024.0;
        }
        Some(total)
    }
}

/// The running app whose executable is `app` and its child processes (pids), app first.
fn app_processes(app: &Path) -> Option<Vec<u32>> {
    let app = std::fs::canonicalize(app).ok()?;
    let pids: Vec<u32> = std::fs::read_dir("/proc").ok()?.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
    let parent = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit(')').next()?.split_whitespace().nth(1)?.parse().ok()
    };
    let root = pids.iter().copied().find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_deref() == Some(app.as_path()))?;
    let mut family: Vec<u32> = pids.iter().copied().filter(|pid| parent(*pid) == Some(root)).collect();
    family.insert(0, root);
    Some(family)
}

/// Where each process's memory is (diagnosis for BENCHMARKS.md): per process, its `largest`
/// mappings by PSS, summed per file (anonymous memory and the heap together as "anonymous"), each
/// as "name PSS / private (private dirty)" in MiB. Empty when the app isn't running.
pub fn largest_mappings(app: &Path, largest: usize) -> Vec<String> {
    let Some(family) = app_processes(app) else { return Vec::new() };
    let mut out = Vec::new();
    for pid in family {
        let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else { continue };
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        // (PSS, private, private dirty) in KiB per mapped file.
        let mut by_file: std::collections::HashMap<String, (f64, f64, f64)> = Default::default();
        let mut current = String::new();
        for line in smaps.lines() {
            let mut words = line.split_whitespace();
            let Some(first) = words.next() else { continue };
            if !first.ends_with(':') {
                // A mapping's header: address perms offset dev inode [path].
                let path = line.split_whitespace().nth(5).unwrap_or("");
                current = match path {
                    "" | "[heap]" => "anonymous".into(),
                    p => p.rsplit('/').next().unwrap_or(p).to_string(),
                };
                continue;
            }
            let kib: f64 = words.next().and_then(|w| w.parse().ok()).unwrap_or(0.0);
            let entry = by_file.entry(current.clone()).or_default();
            match first {
                "Pss:" => entry.0 += kib,
                "Private_Clean:" => entry.1 += kib,
                "Private_Dirty:" => {
                    entry.1 += kib;
                    entry.2 += kib;
                }
                _ => {}
            }
        }
        let total = by_file.values().fold((0.0, 0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
        let mut files: Vec<_> = by_file.into_iter().collect();
        files.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
        let mib = |k: f64| k / 1024.0;
        let parts: Vec<String> = files
            .iter()
            .take(largest)
            .map(|(file, (pss, private, dirty))| format!("{file} {:.1} / {:.1} ({:.1})", mib(*pss), mib(*private), mib(*dirty)))
            .collect();
        out.push(format!(
            "{} (pid {pid}): PSS {:.0} / private {:.0} (dirty {:.0}) MiB; largest: {}",
            name.trim(),
            mib(total.0),
            mib(total.1),
            mib(total.2),
            parts.join(", ")
        ));
    }
    out
}
