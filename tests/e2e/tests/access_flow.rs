//! Ending access (暂停) in the real window: the administrator suspends a customer in the back
//! office; its buyer's login is then refused with why, and works again once it is reactivated.

use anyhow::{ensure, Result};
use restock_e2e::{css_escape, log_in, log_in_staff, testid, Expect, Failure, Harness, DEMO_PASSWORD, DEMO_USERNAME};

fn row_code(code: &str) -> String {
    format!("{}[data-code=\"{}\"] {}", testid("customer-row"), css_escape(code), testid("customer-row-code"))
}

async fn open_demo_customer(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    ui.click("office-nav-customers").await?;
    ui.wait_visible(&testid("customers-screen")).await?;
    ui.wait_visible(&row_code(DEMO_USERNAME)).await?.click().await?;
    ui.wait_text(&testid("customer-detail-name"), "the demo customer to open", |t| (!t.trim().is_empty()).then_some(())).await
}

async fn access_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    log_in_staff(h, "admin").await?;
    ui.step("104-admin-suspends-a-customer", async {
        open_demo_customer(h).await?;
        ui.click("customer-suspend").await?;
        ui.wait_visible(&format!("{}[data-status=\"suspended\"]", testid("customer-detail-status"))).await?;
        ui.wait_visible(&testid("customer-suspended")).await?;
        ui.checkpoint("104-admin-suspends-a-customer", Expect::NoErrors).await?;
        ui.click("logout").await
    })
    .await?;

    ui.step("105-suspended-customer-is-told-why", async {
        ui.wait_visible(&testid("login-screen")).await?;
        ui.fill_testid("login-hub-url", &h.hub.url).await?;
        ui.fill_testid("login-username", DEMO_USERNAME).await?;
        ui.fill_testid("login-password", DEMO_PASSWORD).await?;
        ui.click("login-submit").await?;
        let text = ui.wait_text(&testid("login-error"), "the refusal", |t| (!t.trim().is_empty()).then(|| t.to_string())).await?;
        ensure!(text.contains("暂停") || text.contains("停用"), "the login screen does not say the account is suspended: {text:?}");
        ensure!(ui.visible(&testid("app-main")).await?.is_empty(), "a suspended customer reached the order desk");
        ui.checkpoint("105-suspended-customer-is-told-why", Expect::LoginError).await
    })
    .await?;

    // Reactivated, the same buyer orders again.
    log_in_staff(h, "admin").await?;
    ui.step("106-admin-reactivates", async {
        open_demo_customer(h).await?;
        ui.click("customer-reactivate").await?;
        ui.wait_visible(&format!("{}[data-status=\"active\"]", testid("customer-detail-status"))).await?;
        ui.click("logout").await
    })
    .await?;
    log_in(h).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspended_customer_cannot_log_in_until_reactivated() -> Result<(), Failure> {
    let h = Harness::start("access_flow").await?;
    let result = access_flow(&h).await;
    h.finish(result).await
}
