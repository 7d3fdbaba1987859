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
        let app = std::fs::canonicalize(app).ok()?;
        let pids: Vec<u32> =
            std::fs::read_dir("/proc").ok()?.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
        let parent = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            stat.rsplit(')').next()?.split_whitespace().nth(1)?.parse().ok()
        };
        let root = pids
            .iter()
            .copied()
            .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_deref() == Some(app.as_path()))?;
        let family: Vec<u32> = pids.iter().copied().filter(|pid| *pid == root || parent(*pid) == Some(root)).collect();
        let mut total = AppMemory { processes: family.len(), ..AppMemory::default() };
        for pid in family {
            let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else { continue };
            let kib = |name: &str| -> f64 {
                rollup
                    .lines()
                    .find(|l| l.starts_with(name))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            total.rss_mib += kib("Rss:") / 1024.0;
            total.pss_mib += kib("Pss:") / 1024.0;
            total.uss_mib += (kib("Private_Clean:") + kib("Private_Dirty:")) / 1024.0;
            total.private_dirty_mib += kib("Private_Dirty:") / 1024.0;
        }
        Some(total)
    }
}
