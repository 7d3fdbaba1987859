//! System packages (Debian's names): checked with dpkg, installed with apt-get only when missing.

use crate::cmd::{is_root, output, run, which};
use crate::steps::{failure, R};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Debian packages the build, the app and the end-to-end tests need.
pub const SYSTEM_PACKAGES: &[&str] = &[
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

pub static APT_UPDATED: AtomicBool = AtomicBool::new(false);

pub fn dpkg_installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package])).map(|s| s.trim() == "install ok installed").unwrap_or(false)
}

/// Install the Debian packages that are missing (apt-get update once per run).
pub fn ensure_packages(packages: &[&str]) -> R<String> {
    if which("dpkg-query").is_none() {
        println!("    warning: not a Debian/Ubuntu system (no dpkg-query); make sure the equivalents of these are installed:");
        println!("      {}", packages.join(" "));
        return Ok("not Debian: not checked".into());
    }
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !dpkg_installed(p)).collect();
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
            format!("system packages missing ({}) and this is not root, and there is no sudo", missing.join(" ")),
            format!("as root: apt-get update && apt-get install -y --no-install-recommends {}", missing.join(" ")),
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
        run(&mut apt(&["update"]), "check the network and /etc/apt/sources.list; `apt-get update` must succeed")?;
    }
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install, "see apt-get's message above; the package names are Debian 12's (bookworm)")?;
    let still: Vec<&str> = missing.iter().copied().filter(|p| !dpkg_installed(p)).collect();
    if !still.is_empty() {
        return Err(failure(format!("still not installed after apt-get: {}", still.join(" ")), "install them by hand and rerun"));
    }
    Ok(format!("installed {}", missing.join(" ")))
}
