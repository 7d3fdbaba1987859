//! Running commands: each one is shown as a shell line before it runs, so a failed step can be
//! rerun by hand; and the children that outlive a step (the hub, the app) are waited for and
//! stopped here.

use crate::signals;
use crate::steps::{failure, interrupted, R};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn describe(cmd: &Command) -> String {
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

pub fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Run a command with its output shown; fail with `fix` as the advice when it does not succeed.
pub fn run(cmd: &mut Command, fix: &str) -> R {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let _ = std::io::stdout().flush();
    let status = cmd.stdin(Stdio::null()).status().map_err(|e| {
        failure(format!("could not start `{shown}`: {e}"), format!("is `{}` installed and on PATH?", cmd.get_program().to_string_lossy()))
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
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn which(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|d| d.join(program)).find(|p| is_executable(p))
}

pub fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).map(|s| s.trim() == "0").unwrap_or(false)
}

/// Like `run`, also returning what the command wrote to stderr (which is still shown as it comes).
pub fn run_teeing_stderr(cmd: &mut Command, fix: &str) -> (R, String) {
    let shown = describe(cmd);
    println!("    $ {shown}");
    let _ = std::io::stdout().flush();
    let mut child = match cmd.stdin(Stdio::null()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => return (Err(failure(format!("could not start `{shown}`: {e}"), "is it installed and on PATH?")), String::new()),
    };
    let mut captured = String::new();
    for line in BufReader::new(child.stderr.take().expect("piped")).lines().map_while(Result::ok) {
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

/// Wait until one of the children exits (its status) or Ctrl-C (None).
pub fn wait_until_interrupted(children: &mut [&mut Child]) -> R<Option<std::process::ExitStatus>> {
    loop {
        if signals::interrupted() {
            return Ok(None);
        }
        for child in children.iter_mut() {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(Some(status)),
                Ok(None) => {}
                Err(e) => return Err(failure(format!("could not wait for a child process: {e}"), "")),
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Ask a child to stop (SIGTERM), and kill it if it has not within `grace`.
pub fn stop_child(child: &mut Child, grace: Duration) {
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
