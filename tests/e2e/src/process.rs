//! Child processes (hub, tauri-driver): ports for them, their logs, and stopping them.

use anyhow::Result;
use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub(crate) fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Ask a child (and, for a group leader, its whole process group) to stop; kill it after `grace`.
#[cfg(unix)]
pub(crate) fn stop(child: &mut Child, group: bool, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) && !group {
        return;
    }
    let pid = child.id() as libc::pid_t;
    let target = if group { -pid } else { pid };
    unsafe {
        libc::kill(target, libc::SIGTERM);
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    unsafe {
        libc::kill(target, libc::SIGKILL);
    }
    let _ = child.wait();
}

#[cfg(not(unix))]
pub(crate) fn stop(child: &mut Child, _group: bool, _grace: Duration) {
    let _ = child.kill();
    let _ = child.wait();
}
