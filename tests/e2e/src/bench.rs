//! What the bench binaries (src/bin/*_bench.rs) share: the summary of a series of runs, and which
//! build of the app was measured.

use std::path::Path;

/// Min, median, 95th percentile (nearest rank) and max of a series.
pub struct Summary {
    pub min: f64,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
}

impl Summary {
    pub fn of(mut v: Vec<f64>) -> Summary {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
        // Nearest rank: the smallest value with at least 95% of the runs at or below it.
        let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
        Summary { min: v[0], median, p95: v[rank - 1], max: v[n - 1] }
    }
}

/// Which build this is (from cargo's target/<profile>/ layout), its size and age.
pub fn describe_binary(app: &Path) -> String {
    let profile = app
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .map(|n| match n {
            "debug" | "release" => n.to_string(),
            other => format!("unknown profile (in {other}/)"),
        })
        .unwrap_or_else(|| "unknown profile".into());
    let meta = std::fs::metadata(app).ok();
    let size = meta.as_ref().map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    let age = meta
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.elapsed().ok())
        .map(|d| format!("built {:.0} min ago", d.as_secs_f64() / 60.0))
        .unwrap_or_default();
    format!("binary: {profile} build, {}  ({size:.1} MB, {age})", app.display())
}
