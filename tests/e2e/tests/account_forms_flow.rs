//! The login screen's two other forms in the real window: a new customer signs up (新客户注册),
//! is sent back to the login form with a note and logs in, waiting for the supplier's approval;
//! a buyer whose supplier issued a reset code sets a new password with it and logs in with that.

use anyhow::{ensure, Result};
use restock_e2e::{testid, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::accounts::IssuedResetToken;
use restock_protocol::routes;

const NEW_USER: &str = "91330106MA2KXYZ";
const NEW_PASSWORD: &str = "Xihu-store-2026";

async fn account_forms_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), restock_e2e::long_timeout()).await.map(drop) })
        .await?;
    ui.step("90-sign-up", async {
        ui.click("login-signup").await?;
        ui.wait_visible(&testid("signup-screen")).await?;
        ui.fill_testid("signup-hubUrl", &h.hub.url).await?;
        ui.fill_testid("signup-companyName", "西湖便利店").await?;
        ui.fill_testid("signup-username", NEW_USER).await?;
        ui.fill_testid("signup-password", "12345678").await?;
        ui.fill_testid("signup-repeat", "12345678").await?;
        ui.click("signup-submit").await?;
        ui.wait_visible(&testid("signup-error")).await?;
        ui.checkpoint("90-sign-up-weak-password", Expect::LoginError).await?;
        ui.fill_testid("signup-password", NEW_PASSWORD).await?;
        ui.fill_testid("signup-repeat", NEW_PASSWORD).await?;
        ui.click("signup-submit").await?;
        let note = ui.wait_visible(&testid("login-note")).await?.text().await?;
        ensure!(note.contains("注册成功"), "the login form does not say the sign-up worked: {note:?}");
        let filled = ui.wait_visible(&testid("login-username")).await?.prop("value").await?.unwrap_or_default();
        ensure!(filled == NEW_USER, "the login form is not filled with the new user name: {filled:?}");
        ui.checkpoint("90-signed-up", Expect::NoErrors).await
    })
    .await?;
    ui.step("91-new-customer-logs-in-and-waits", async {
        ui.fill_testid("login-password", NEW_PASSWORD).await?;
        ui.click("login-submit").await?;
        ui.wait_visible_for(&testid("app-main"), restock_e2e::long_timeout()).await?;
        let banner = ui.wait_visible(&testid("error-banner")).await?.text().await?;
        ensure!(banner.contains("审核"), "the new customer is not told the supplier must approve first: {banner:?}");
        ui.checkpoint("91-new-customer-waits-for-approval", Expect::Banner).await?;
        ui.click("logout").await
    })
    .await?;

    let admin = HubApi::login(&h.hub.url, "admin", DEMO_PASSWORD).await?;
    let issued: IssuedResetToken = admin.post(&routes::path(routes::USER_RESET, &[DEMO_USERNAME]), &serde_json::json!({})).await?;
    ui.step("92-reset-with-the-suppliers-code", async {
        ui.wait_visible(&testid("login-screen")).await?;
        ui.fill_testid("login-username", DEMO_USERNAME).await?;
        ui.click("login-reset").await?;
        ui.wait_visible(&testid("reset-screen")).await?;
        ui.fill_testid("reset-hubUrl", &h.hub.url).await?;
        ui.fill_testid("reset-code", &"0".repeat(issued.token.len())).await?;
        ui.fill_testid("reset-password", NEW_PASSWORD).await?;
        ui.fill_testid("reset-repeat", NEW_PASSWORD).await?;
        ui.click("reset-submit").await?;
        ui.wait_visible(&testid("reset-error")).await?;
        ui.fill_testid("reset-code", &issued.token).await?;
        ui.click("reset-submit").await?;
        ui.wait_visible(&testid("login-note")).await?;
        ui.checkpoint("92-new-password-set", Expect::NoErrors).await?;
        ui.fill_testid("login-password", NEW_PASSWORD).await?;
        ui.click("login-submit").await?;
        ui.wait_visible_for(&testid("app-main"), restock_e2e::long_timeout()).await.map(drop)
    })
    .await?;
    ensure!(HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await.is_err(), "the old password still works");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_customer_signs_up_and_a_buyer_sets_a_new_password_with_a_reset_code() -> Result<(), Failure> {
    let h = Harness::start("account_forms_flow").await?;
    let result = account_forms_flow(&h).await;
    h.finish(result).await
}
