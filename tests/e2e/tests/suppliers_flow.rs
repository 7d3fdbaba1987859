//! A buyer who orders from two suppliers: logged in to the first, they add a second supplier from
//! the settings with the password that supplier issued, must change it before anything else (a
//! digits-only one is refused with the reason), and then switch between the two suppliers in the
//! header. The settings say which hub is in use and where the log file is, and that file exists.

use anyhow::{ensure, Context, Result};
use restock_e2e::{log_in, long_timeout, poll, testid, timeout, Expect, Failure, Harness, Hub, HubApi, Ui, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::accounts::IssuedAccount;
use restock_protocol::customers::NewCustomer;

const NEW_CODE: &str = "330100009901";
const NEW_NAME: &str = "湖滨路便利店";
const NEW_PASSWORD: &str = "hubin-road-2026";

async fn account_name(ui: &Ui, want: &str) -> Result<()> {
    ui.wait_text_for(&testid("account-name"), &format!("the header to name {want}"), long_timeout(), &mut |t: &str| {
        t.contains(want).then_some(())
    })
    .await
}

async fn settings_hub(ui: &Ui) -> Result<String> {
    ui.click("open-settings").await?;
    ui.wait_visible(&testid("settings-dialog")).await?;
    let url = ui.wait_visible(&testid("settings-hub-url")).await?.text().await?;
    Ok(url.trim().to_string())
}

async fn close_settings(ui: &Ui) -> Result<()> {
    ui.click("settings-close").await?;
    poll("the settings to close", timeout(), async || Ok(ui.visible(&testid("settings-dialog")).await?.is_empty().then_some(()))).await
}

async fn suppliers_flow(h: &Harness, second: &Hub) -> Result<()> {
    let ui = &h.ui;
    // The second supplier opens an account for this buyer and hands over the issued password.
    let admin = HubApi::login(&second.url, "admin", DEMO_PASSWORD).await?;
    let issued: IssuedAccount = admin
        .post(
            restock_protocol::routes::CUSTOMERS,
            &NewCustomer { code: NEW_CODE.into(), name: NEW_NAME.into(), tier: "A".into(), branch: None },
        )
        .await?;
    let first_name = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?.login.account.context("no account")?.customer_name;

    log_in(h).await?;
    account_name(ui, &first_name).await?;

    ui.step("61-settings", async {
        let url = settings_hub(ui).await?;
        ensure!(url == h.hub.url, "the settings show the hub {url:?}, the app is using {}", h.hub.url);
        let dir = poll("the log folder in the settings", timeout(), async || {
            let value = ui.wait_visible(&testid("log-dir")).await?.prop("value").await?.unwrap_or_default();
            Ok((!value.trim().is_empty()).then_some(value))
        })
        .await?;
        let dir = std::path::PathBuf::from(dir.trim());
        let logs: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("the log folder the settings name, {}, cannot be read", dir.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.metadata().is_ok_and(|m| m.is_file() && m.len() > 0))
            .collect();
        ensure!(!logs.is_empty(), "the log folder {} holds no log file", dir.display());
        ui.checkpoint("61-settings", Expect::NoErrors).await
    })
    .await?;

    ui.step("62-add-second-supplier", async {
        ui.click("settings-add-supplier").await?;
        ui.wait_visible(&testid("login-screen")).await?;
        ui.fill_testid("login-hub-url", &second.url).await?;
        ui.fill_testid("login-username", &issued.username).await?;
        ui.fill_testid("login-password", &issued.initial_password).await?;
        ui.click("login-submit").await?;
        ui.wait_visible_for(&testid("change-password-screen"), long_timeout()).await?;
        ui.checkpoint("62-password-change-required", Expect::NoErrors).await
    })
    .await?;

    ui.step("63-password-refused-then-changed", async {
        ui.fill_testid("change-password-current", &issued.initial_password).await?;
        ui.fill_testid("change-password-new", "12345678").await?;
        ui.fill_testid("change-password-repeat", "12345678").await?;
        ui.click("change-password-submit").await?;
        let problem = ui.wait_visible(&testid("change-password-problem")).await?.text().await?;
        ensure!(problem.contains("数字") || problem.to_lowercase().contains("digit"), "the refusal says {problem:?}");
        ui.checkpoint("63-digits-only-refused", Expect::NoErrors).await?;
        ui.fill_testid("change-password-new", NEW_PASSWORD).await?;
        ui.fill_testid("change-password-repeat", NEW_PASSWORD).await?;
        ui.click("change-password-submit").await?;
        ui.wait_visible_for(&testid("app-main"), long_timeout()).await?;
        account_name(ui, NEW_NAME).await?;
        ui.wait_visible_for(&testid("sync-again"), long_timeout()).await?;
        ui.checkpoint("63-second-supplier", Expect::NoErrors).await
    })
    .await?;
    // The hub took the new password, and the issued one no longer opens the account.
    HubApi::login(&second.url, NEW_CODE, NEW_PASSWORD).await.context("the new password does not log in")?;
    ensure!(
        HubApi::login(&second.url, NEW_CODE, &issued.initial_password).await.is_err(),
        "the issued password still logs in after it was changed"
    );
    let url = settings_hub(ui).await?;
    ensure!(url == second.url, "after adding it the settings show {url:?}, not the second hub {}", second.url);
    close_settings(ui).await?;

    ui.step("64-switch-supplier", async {
        ui.click("supplier-switcher").await?;
        let options = testid("supplier-option").to_string();
        let listed = poll("both suppliers in the switcher", timeout(), async || {
            let shown = ui.visible(&options).await?;
            Ok((shown.len() == 2).then_some(shown))
        })
        .await?;
        let mut other = None;
        for option in listed {
            let text = option.text().await?;
            if option.attr("data-current").await?.as_deref() == Some("false") {
                ensure!(text.contains(&first_name), "the other supplier's entry reads {text:?}");
                other = Some(option);
            }
        }
        other.context("no supplier listed as not current")?.click().await?;
        account_name(ui, &first_name).await?;
        ui.wait_visible_for(&testid("app-main"), long_timeout()).await?;
        let url = settings_hub(ui).await?;
        ensure!(url == h.hub.url, "after switching back the settings show {url:?}");
        close_settings(ui).await?;
        ui.checkpoint("64-switched-back", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_a_second_supplier_change_its_issued_password_and_switch_between_them() -> Result<(), Failure> {
    let h = Harness::start("suppliers_flow").await?;
    let dir = tempfile::Builder::new().prefix("restock-e2e-second-hub-").tempdir().map_err(|e| restock_e2e::Failure(e.to_string()))?;
    let second = match Hub::start(&h.cfg, dir.path(), h.cfg.screenshot_dir.join("logs/suppliers_flow-second-hub.log")).await {
        Ok(hub) => hub,
        Err(e) => return h.finish(Err(e.context("starting the second hub"))).await,
    };
    let result = suppliers_flow(&h, &second).await;
    h.finish(result).await
}
