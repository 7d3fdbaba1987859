//! The back office's customers (客户管理) in the real window, for an administrator: a new customer
//! signs up on the sign-up screen with a contact; the administrator finds the registration among
//! those awaiting approval, reads what the applicant entered and approves it; issues a customer
//! (its first password is shown once) and an approver for it, and a reset code; the customer sets
//! a new password with that code on the reset screen and logs in.

use anyhow::{ensure, Context, Result};
use restock_e2e::{choose, css_escape, log_in_staff, long_timeout, testid, Expect, Failure, Harness, HubApi, Ui};

const APPLICANT: &str = "91330106MA2KNEW";
const APPLICANT_PASSWORD: &str = "Xihu-store-2026";
const ISSUED: &str = "330100000901";
const CHOSEN_PASSWORD: &str = "City-west-2026";

fn row_code(code: &str) -> String {
    format!("{}[data-code=\"{}\"] {}", testid("customer-row"), css_escape(code), testid("customer-row-code"))
}

/// What the hub issued, as the screen shows it once: (user name, the password or code).
async fn issued(ui: &Ui, kind: &str, username: &str) -> Result<String> {
    let css = format!("{}[data-kind=\"{kind}\"][data-username=\"{}\"]", testid("customer-issued"), css_escape(username));
    let note = ui.wait_visible(&css).await?;
    let secret = note.attr("data-secret").await?.context("the issued secret")?;
    let text = note.text().await?;
    ensure!(text.contains(&secret), "the note does not show {secret:?}: {text:?}");
    Ok(secret)
}

async fn customers_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), long_timeout()).await.map(drop) }).await?;
    ui.step("100-applicant-signs-up", async {
        ui.click("login-signup").await?;
        ui.wait_visible(&testid("signup-screen")).await?;
        ui.fill_testid("signup-hubUrl", &h.hub.url).await?;
        ui.fill_testid("signup-companyName", "文三路便利店").await?;
        ui.fill_testid("signup-contact", "王芳").await?;
        ui.fill_testid("signup-phone", "13800000000").await?;
        ui.fill_testid("signup-username", APPLICANT).await?;
        ui.fill_testid("signup-password", APPLICANT_PASSWORD).await?;
        ui.fill_testid("signup-repeat", APPLICANT_PASSWORD).await?;
        ui.click("signup-submit").await?;
        ui.wait_visible(&testid("login-note")).await.map(drop)
    })
    .await?;

    log_in_staff(h, "admin").await?;
    ui.step("101-admin-approves-the-registration", async {
        ui.click("office-nav-customers").await?;
        ui.wait_visible(&testid("customers-screen")).await?;
        choose(ui, "customers-status", "pending").await?;
        ui.wait_visible(&row_code(APPLICANT)).await?.click().await?;
        let contact = ui.wait_visible(&testid("customer-registration-contact")).await?.text().await?;
        ensure!(contact.trim() == "王芳", "the registration does not show the contact the applicant entered: {contact:?}");
        ui.checkpoint("101-registration-awaiting-approval", Expect::NoErrors).await?;
        ui.click("customer-approve").await?;
        ui.wait_visible(&format!("{}[data-status=\"active\"]", testid("customer-detail-status"))).await?;
        ui.wait_visible(&format!("{}[data-done=\"approved\"]", testid("customer-done"))).await.map(drop)
    })
    .await?;

    let (first_password, reset_code) = ui
        .step("102-admin-issues-a-customer-and-users", async {
            choose(ui, "customers-status", "").await?;
            ui.click("customer-new").await?;
            ui.fill_testid("customer-create-code", ISSUED).await?;
            ui.fill_testid("customer-create-name", "城西超市").await?;
            ui.fill_testid("customer-create-tier", "B").await?;
            ui.click("customer-create").await?;
            let first_password = issued(ui, "password", ISSUED).await?;
            ui.wait_visible(&row_code(ISSUED)).await?;
            ui.checkpoint("102-customer-issued", Expect::NoErrors).await?;

            ui.fill_testid("customer-user-name", "城西-审批").await?;
            choose(ui, "customer-user-role", "approver").await?;
            ui.click("customer-user-add").await?;
            issued(ui, "password", "城西-审批").await?;
            ui.wait_visible(&format!("{}[data-username=\"城西-审批\"]", testid("customer-user"))).await?;

            let user = format!("{}[data-username=\"{ISSUED}\"] {}", testid("customer-user"), testid("customer-user-reset"));
            ui.wait_visible(&user).await?.click().await?;
            let reset_code = issued(ui, "resetCode", ISSUED).await?;
            ui.checkpoint("102-reset-code-issued", Expect::NoErrors).await?;
            Ok((first_password, reset_code))
        })
        .await?;

    ensure!(HubApi::login(&h.hub.url, APPLICANT, APPLICANT_PASSWORD).await.is_ok(), "the approved applicant cannot log in");
    ui.step("log-out-admin", ui.click("logout")).await?;
    ui.step("103-customer-sets-a-password-with-the-code", async {
        ui.wait_visible(&testid("login-screen")).await?;
        ui.fill_testid("login-username", ISSUED).await?;
        ui.click("login-reset").await?;
        ui.wait_visible(&testid("reset-screen")).await?;
        ui.fill_testid("reset-hubUrl", &h.hub.url).await?;
        ui.fill_testid("reset-code", &reset_code).await?;
        ui.fill_testid("reset-password", CHOSEN_PASSWORD).await?;
        ui.fill_testid("reset-repeat", CHOSEN_PASSWORD).await?;
        ui.click("reset-submit").await?;
        ui.wait_visible(&testid("login-note")).await?;
        ui.fill_testid("login-password", CHOSEN_PASSWORD).await?;
        ui.click("login-submit").await?;
        ui.wait_visible_for(&testid("app-main"), long_timeout()).await?;
        ui.checkpoint("103-issued-customer-at-its-desk", Expect::NoErrors).await
    })
    .await?;
    ensure!(HubApi::login(&h.hub.url, ISSUED, &first_password).await.is_err(), "the first issued password still works after the reset");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_approves_a_sign_up_issues_a_customer_and_a_reset_code() -> Result<(), Failure> {
    let h = Harness::start("customers_flow").await?;
    let result = customers_flow(&h).await;
    h.finish(result).await
}
