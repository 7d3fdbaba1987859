//! Steps several tests share: logging in, typing a quantity into a product's row, waiting for an
//! amount on screen.

use crate::{css_escape, long_timeout, numbers_in, poll, shows_amount, testid, timeout, Harness, Ui, DEMO_PASSWORD, DEMO_USERNAME};
use anyhow::{ensure, Result};
use fantoccini::Locator;
use rust_decimal::Decimal;

pub fn row_css(code: &str) -> String {
    format!("{}[data-code=\"{}\"]", testid("product-row"), crate::css_escape(code))
}

/// Logs the demo customer in through the login screen and waits for the catalogue to be synced and
/// the home screen to show this cycle.
pub async fn log_in(h: &Harness) -> Result<()> {
    log_in_as(h, DEMO_USERNAME).await
}

/// Logs `username` (a demo user: password [`DEMO_PASSWORD`]) in through the login screen and waits
/// for the catalogue to be synced and the home screen to show this cycle.
pub async fn log_in_as(h: &Harness, username: &str) -> Result<()> {
    let ui = &h.ui;
    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), long_timeout()).await.map(drop) }).await?;
    ui.step("log-in", async {
        ui.fill_testid("login-hub-url", &h.hub.url).await?;
        ui.fill_testid("login-username", username).await?;
        ui.fill_testid("login-password", DEMO_PASSWORD).await?;
        ui.click("login-submit").await
    })
    .await?;
    ui.step("wait-catalogue-synced", async {
        ui.wait_visible_for(&testid("app-main"), long_timeout()).await?;
        // Done, not under way: while it runs the status shows progress (bytes, products) too.
        ui.wait_visible_for(&testid("sync-again"), long_timeout()).await?;
        ui.wait_text_for(&testid("sync-status"), "`sync-status` to show a number of products", long_timeout(), &mut |text: &str| {
            numbers_in(text).into_iter().find(|n| *n >= Decimal::ONE).map(drop)
        })
        .await?;
        ui.wait_visible_for(&testid("cycle-status"), long_timeout()).await.map(drop)
    })
    .await
}

/// Logs in as a member of the supplier's staff and waits for the back office's order queue.
pub async fn log_in_staff(h: &Harness, username: &str) -> Result<()> {
    let ui = &h.ui;
    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), long_timeout()).await.map(drop) }).await?;
    ui.step(&format!("log-in-{username}"), async {
        ui.fill_testid("login-hub-url", &h.hub.url).await?;
        ui.fill_testid("login-username", username).await?;
        ui.fill_testid("login-password", DEMO_PASSWORD).await?;
        ui.click("login-submit").await
    })
    .await?;
    ui.step("wait-back-office", async {
        ui.wait_visible_for(&testid("back-office"), long_timeout()).await?;
        ui.wait_visible_for(&format!("{}[data-loading=\"false\"]", testid("review-count")), long_timeout()).await.map(drop)
    })
    .await
}

/// Goes to the catalogue, searches for the product by code, then types the quantity into its row
/// and presses Enter.
pub async fn enter_quantity(ui: &Ui, code: &str, quantity: u32) -> Result<()> {
    ui.click("nav-catalogue").await?;
    ui.fill_testid("search-input", code).await?;
    let row = row_css(code);
    ui.wait_visible(&row).await?;
    let qty = quantity.to_string();
    poll(&format!("to type {qty} into the quantity of {code}"), timeout(), async || {
        let Some(row) = ui.visible(&row).await?.into_iter().next() else {
            return Ok(None);
        };
        let input = row.find(Locator::Css(&testid("qty-input"))).await?;
        ui.fill(&input, &qty).await?;
        input.send_keys("\u{E007}").await?; // Enter
        Ok(Some(()))
    })
    .await
}

pub async fn wait_amount(ui: &Ui, id: &str, amount: Decimal) -> Result<()> {
    ui.wait_text(&testid(id), &format!("`{id}` to show {amount}"), |text| shows_amount(text, amount).then_some(())).await
}

/// Chooses `value` in the `<select>` with this test id, by clicking its option as a user does.
pub async fn choose(ui: &Ui, id: &str, value: &str) -> Result<()> {
    let css = format!("select{} option[value=\"{}\"]", testid(id), css_escape(value));
    poll(&format!("the option {value:?} of `{id}`"), timeout(), async || {
        let Some(option) = ui.all(&css).await?.into_iter().next() else { return Ok(None) };
        option.click().await?;
        Ok(Some(()))
    })
    .await?;
    let select = ui.wait_visible(&format!("select{}", testid(id))).await?;
    let chosen = select.prop("value").await?.unwrap_or_default();
    ensure!(chosen == value, "`{id}` shows {chosen:?} after choosing {value:?}");
    Ok(())
}
