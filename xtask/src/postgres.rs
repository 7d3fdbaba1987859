//! PostgreSQL for the hub tests: the one given, the local one, or a throwaway cluster of our own
//! (and `cargo xtask pg-smoke`, which checks that fallback by itself).

use crate::cmd::{is_executable, is_root, run, which};
use crate::ctx::Ctx;
use crate::steps::{failure, Plan, R};
use crate::system::ensure_packages;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

pub const LOCAL_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Is there a PostgreSQL on 127.0.0.1:5432 that lets `postgres` in without a password?
pub fn local_pg() -> Result<(), String> {
    let addr: SocketAddr = "127.0.0.1:5432".parse().expect("valid address");
    TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        .map_err(|e| format!("nothing accepts connections on 127.0.0.1:5432 ({e})"))?;
    if which("psql").is_some() {
        let out = Command::new("psql")
            .args(["-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres", "-w", "-X", "-q", "-t", "-c", "select 1"])
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
pub struct ThrowawayPg {
    dir: PathBuf,
    bindir: Option<PathBuf>,
    as_postgres: bool,
    url: String,
    running: bool,
}

/// Debian keeps the server programs in /usr/lib/postgresql/<version>/bin; take the newest.
pub fn pg_bindir() -> Option<Option<PathBuf>> {
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
    pub fn command(&self, program: &str) -> Command {
        let program = match &self.bindir {
            Some(b) => b.join(program).into_os_string(),
            None => program.into(),
        };
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args([OsStr::new("-u"), OsStr::new("postgres"), OsStr::new("--"), &program]);
            c
        } else {
            Command::new(program)
        }
    }

    pub fn start() -> R<ThrowawayPg> {
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
        let base = if as_postgres { PathBuf::from("/tmp") } else { env::temp_dir() };
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let dir = base.join(format!("restock-pg-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| failure(format!("could not create {}: {e}", dir.display()), ""))?;
        let port = free_port()?;
        let mut pg =
            ThrowawayPg { url: format!("postgres://postgres@127.0.0.1:{port}/postgres"), dir, bindir, as_postgres, running: false };
        if as_postgres {
            run(
                Command::new("chown").args(["postgres:postgres"]).arg(&pg.dir),
                "the `postgres` OS user must exist (it comes with Debian's postgresql package)",
            )?;
        }
        let data = pg.dir.join("data");
        run(
            pg.command("initdb")
                .arg("-D")
                .arg(&data)
                .args(["--auth=trust", "-U", "postgres", "--no-locale", "-E", "UTF8", "--no-sync"])
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
            pg.command("pg_ctl").arg("-D").arg(&data).arg("-l").arg(&log).args(["-w", "-t", "60", "-o", &options, "start"]),
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
            println!("    stopping the throwaway PostgreSQL cluster in {}", self.dir.display());
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
pub fn choose_pg(throwaway: &mut Option<ThrowawayPg>) -> R<String> {
    if let Some(url) = env::var("RESTOCK_TEST_PG_URL").ok().filter(|u| !u.is_empty()) {
        return Ok(format!("RESTOCK_TEST_PG_URL={url} (given)"));
    }
    let forced = env::var_os("RESTOCK_XTASK_THROWAWAY_PG").is_some_and(|v| !v.is_empty() && v != "0");
    let local = if forced { Err("RESTOCK_XTASK_THROWAWAY_PG is set".to_string()) } else { local_pg() };
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

pub fn pg_smoke(_ctx: &Ctx) -> bool {
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
        run(Command::new("psql").args([url.as_str(), "-w", "-X", "-q", "-t", "-c", "select version()"]), "see psql's message")?;
        Ok(String::new())
    });
    plan.step("throwaway PostgreSQL: stop", || {
        let dir = pg.as_ref().map(|p| p.dir.clone());
        drop(pg.take());
        match dir {
            Some(d) if d.exists() => Err(failure(format!("{} still exists after stopping", d.display()), "")),
            _ => Ok(String::new()),
        }
    });
    plan.finish()
}

pub fn free_port() -> R<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| failure(format!("could not find a free TCP port on 127.0.0.1: {e}"), ""))
}
