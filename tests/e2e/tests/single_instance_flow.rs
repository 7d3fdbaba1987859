//! One window per PC: launching Restock again while it is open (a second double click on its icon)
//! does not open a second window over the same local store (both would send its offline queue); the
//! second launch hands over to the open window and exits, and the open window goes on working.

use anyhow::{bail, ensure, Result};
use restock_e2e::{log_in, poll, timeout, Expect, Failure, Harness};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

async fn single_instance_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    log_in(h).await?;
    ui.step("37-second-launch-focuses-the-first", async {
        let mut second = Command::new(&h.cfg.app_bin)
            .env("RESTOCK_DATA_DIR", h.app_data_dir())
            .env("RESTOCK_HUB_URL", &h.hub.url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = second.try_wait()? {
                break status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                bail!("the second launch is still running after 30 s: it opened a second window");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        ensure!(status.success(), "the second launch exited with {status}, expected a quiet hand-over");
        let logs = h.app_data_dir().join("logs");
        poll("the open window to log the second launch", timeout(), async || {
            let mut text = String::new();
            for entry in std::fs::read_dir(&logs)? {
                text.push_str(&std::fs::read_to_string(entry?.path()).unwrap_or_default());
            }
            Ok(text.contains("a second launch").then_some(()))
        })
        .await?;
        // The open window still answers.
        ui.click("nav-orders").await?;
        ui.wait_visible("#orders-title").await?;
        ui.checkpoint("37-second-launch-focuses-the-first", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_focuses_the_open_window() -> Result<(), Failure> {
    let h = Harness::start("single_instance_flow").await?;
    let result = single_instance_flow(&h).await;
    h.finish(result).await
}
