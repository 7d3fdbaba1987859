//! The company's approval (审批) in the real window: the approver sets the company's limit in
//! Settings; the buyer is warned before submitting that an order over it waits for the approver,
//! submits it and sees it waiting; the approver logs in on the same PC, sees it on Home and
//! approves it; the hub has it placed, once.

use anyhow::{ensure, Context, Result};
use restock_e2e::{
    css_escape, enter_quantity, log_in, log_in_as, testid, wait_amount, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::money::line_amount;
use restock_protocol::orders::OrderStatus;

/// The demo customer's manager (审批人).
const APPROVER: &str = "330100000001-2";
/// 7 of 100001 come to ¥1,596.00 for the demo customer: over a ¥1,000 limit.
const CODE: &str = "100001";
const QUANTITY: u32 = 7;
const LIMIT: &str = "1000";

async fn approval_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let price = api.catalogue().await?.products.iter().find(|p| p.code == CODE).context("no product 100001")?.price;
    let total = line_amount(price, QUANTITY);

    log_in_as(h, APPROVER).await?;
    ui.step("70-approver-sets-the-limit", async {
        ui.click("open-settings").await?;
        ui.wait_visible(&testid("settings-approval")).await?;
        ui.fill_testid("settings-approval-limit", "-5").await?;
        ui.click("settings-approval-save").await?;
        ui.wait_text(&testid("settings-approval-status"), "a refusal of a negative limit", |t| (!t.trim().is_empty()).then_some(()))
            .await?;
        ui.fill_testid("settings-approval-limit", LIMIT).await?;
        ui.click("settings-approval-save").await?;
        ui.wait_text(&testid("settings-approval"), "the limit to be shown as ¥1,000.00", |t| t.contains("1,000.00").then_some(())).await?;
        ui.checkpoint("70-approver-sets-the-limit", Expect::NoErrors).await?;
        ui.click("settings-close").await
    })
    .await?;
    let rule = api.desk().await?.company;
    ensure!(rule.approval_over.map(|a| a.to_string()).as_deref() == Some("1000.00"), "the hub's limit is {rule:?}");
    ui.step("log-out-approver", ui.click("logout")).await?;

    log_in(h).await?;
    ui.step(&format!("quantity-{CODE}"), enter_quantity(ui, CODE, QUANTITY)).await?;
    ui.step("71-warned-before-submitting", async {
        ui.click("nav-cart").await?;
        wait_amount(ui, "cart-total", total).await?;
        let warning = format!("{}[data-code=\"needs_approval\"]", testid("cart-warning"));
        let text = ui.wait_visible(&warning).await?.text().await?;
        ensure!(text.contains("审批"), "the warning does not say the order waits for approval: {text:?}");
        ui.checkpoint("71-warned-before-submitting", Expect::NoErrors).await
    })
    .await?;

    let number = ui
        .step("72-submitted-and-waiting", async {
            ui.click("submit-order").await?;
            let confirmation = format!("{}[data-status=\"awaiting_approval\"]", testid("order-confirmation"));
            ui.wait_visible(&confirmation).await?;
            ui.wait_visible(&testid("after-submit-waiting")).await?;
            ensure!(ui.visible(&testid("after-submit-approve")).await?.is_empty(), "a buyer is offered to approve their own order");
            let number =
                ui.wait_text(&testid("order-number"), "the order number", |t| (!t.trim().is_empty()).then(|| t.trim().to_string())).await?;
            ui.checkpoint("72-submitted-and-waiting", Expect::NoErrors).await?;
            Ok(number)
        })
        .await?;
    let orders = api.orders().await?.orders;
    ensure!(orders.len() == 1 && orders[0].status == OrderStatus::AwaitingApproval, "the hub has {orders:?}");

    ui.step("log-out", ui.click("logout")).await?;
    log_in_as(h, APPROVER).await?;
    ui.step("73-approver-sees-it-on-home", async {
        ui.click("nav-home").await?;
        let awaiting = ui.wait_visible(&testid("cycle-awaiting")).await?;
        ensure!(awaiting.is_displayed().await?, "Home does not say an order waits");
        let done = format!("{}[data-state=\"awaiting\"][data-order-number=\"{}\"]", testid("cycle-done"), css_escape(&number));
        ui.wait_visible(&done).await?;
        ui.wait_visible(&testid("cycle-approve")).await?;
        ui.checkpoint("73-approver-sees-it-on-home", Expect::NoErrors).await
    })
    .await?;
    ui.step("74-approved", async {
        ui.click("cycle-approve").await?;
        let through = format!("{}[data-state=\"through\"][data-order-number=\"{}\"]", testid("cycle-done"), css_escape(&number));
        ui.wait_visible(&through).await?;
        ui.checkpoint("74-approved", Expect::NoErrors).await
    })
    .await?;

    let orders = api.orders().await?.orders;
    ensure!(orders.len() == 1, "the hub has {} orders, expected 1", orders.len());
    ensure!(orders[0].status == OrderStatus::Submitted, "after approval the hub's order is {:?}", orders[0].status);
    ensure!(orders[0].history.last().map(|e| e.by.as_str()) == Some(APPROVER), "approved by {:?}", orders[0].history.last());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_over_the_companys_limit_waits_for_the_approver_who_approves_it() -> Result<(), Failure> {
    let h = Harness::start("approval_flow").await?;
    let result = approval_flow(&h).await;
    h.finish(result).await
}
