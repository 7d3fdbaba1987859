//! The demo's hub process: started on the demo port (or any free one), its output forwarded, and
//! ready once it has said where it listens and answers /health.

use crate::cmd::{describe, stop_child};
use crate::ctx::Ctx;
use crate::signals;
use crate::steps::{failure, interrupted, R};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const DEMO_PORT: u16 = 8787;
pub const LISTENING_PREFIX: &str = "RESTOCK_HUB_LISTENING ";

pub struct RunningHub {
    pub child: Child,
    pub url: String,
}

impl RunningHub {
    pub fn start(ctx: &Ctx, database: &Path) -> R<RunningHub> {
        let listen = if TcpListener::bind(("127.0.0.1", DEMO_PORT)).is_ok() {
            format!("127.0.0.1:{DEMO_PORT}")
        } else {
            println!("    port {DEMO_PORT} is taken: letting the hub pick a free port");
            "127.0.0.1:0".to_string()
        };
        let mut cmd = Command::new(ctx.bin("restock-hub"));
        cmd.arg("serve").arg("--database").arg(database).args(["--listen", &listen]);
        println!("    $ {}", describe(&cmd));
        let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).spawn().map_err(|e| {
            failure(format!("could not start {}: {e}", ctx.bin("restock-hub").display()), "build it: cargo build -p restock-hub")
        })?;
        // Forward the hub's stdout, and pick the URL out of its "listening" line.
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("    [hub] {line}");
                if let Some(url) = line.trim().strip_prefix(LISTENING_PREFIX) {
                    let _ = tx.send(url.trim().trim_end_matches('/').to_string());
                }
            }
        });
        let mut hub = RunningHub { child, url: String::new() };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(url) = rx.recv_timeout(Duration::from_millis(200)) {
                hub.url = url;
                break;
            }
            if let Ok(Some(status)) = hub.child.try_wait() {
                return Err(failure(format!("the hub exited before it was listening ({status})"), "see its output above"));
            }
            if signals::interrupted() {
                stop_child(&mut hub.child, Duration::from_secs(5));
                return Err(interrupted());
            }
            if Instant::now() > deadline {
                stop_child(&mut hub.child, Duration::from_secs(5));
                return Err(failure(
                    format!("the hub did not print `{LISTENING_PREFIX}<url>` within 60 s"),
                    "`restock-hub serve` must print that line on stdout once it accepts connections",
                ));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match http_status(&format!("{}/health", hub.url)) {
                Ok(200) => return Ok(hub),
                result => {
                    if Instant::now() > deadline || signals::interrupted() {
                        stop_child(&mut hub.child, Duration::from_secs(5));
                        return Err(failure(
                            format!("GET {}/health did not answer 200 within 30 s (last: {result:?})", hub.url),
                            "see the hub's output above",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }
}

/// Status code of a plain-HTTP GET (std only: the hub is on loopback).
pub fn http_status(url: &str) -> Result<u16, String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".to_string()));
    let addr = host.to_socket_addrs().map_err(|e| e.to_string())?.next().ok_or("no address")?;
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut head = [0u8; 64];
    let n = s.read(&mut head).map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| format!("not an HTTP answer: {line:?}"))
}
