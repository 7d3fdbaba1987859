//! 修改订单: the customer reopens a placed order from My orders, the grid holds its lines, a quantity
//! changes, and re-confirming changes that order at the hub (same number, one order, the new
//! quantity) instead of placing a second one.

use anyhow::{ensure, Context, Result};
use restock_e2e::{css_escape, enter_quantity, log_in, testid, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME};

const CODE: &str = "100004";

async fn change_order_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    log_in(h).await?;
    ui.step("first-order", async {
        enter_quantity(ui, CODE, 3).await?;
        ui.click("nav-cart").await?;
        ui.click("submit-order").await?;
        ui.wait_visible(&testid("order-confirmation")).await.map(drop)
    })
    .await?;
    let placed = api.orders().await?.orders;
    ensure!(placed.len() == 1, "expected the first order at the hub, found {}", placed.len());
    let number = placed[0].order_number.clone();

    ui.step("35-reopened-in-the-grid", async {
        ui.click("nav-orders").await?;
        let row = format!("{}[data-order-number=\"{}\"]", testid("order-row"), css_escape(&number));
        ui.wait_visible(&row).await?;
        ui.wait_visible(&format!("{row} {}", testid("order-change"))).await?.click().await?;
        let notice = ui.wait_visible(&testid("changing-order")).await?;
        let shown = notice.attr("data-order-number").await?;
        ensure!(shown.as_deref() == Some(number.as_str()), "the notice names {shown:?}, expected {number}");
        let lines = ui.visible(&testid("cart-line")).await?;
        ensure!(lines.len() == 1, "the reopened order has {} lines in the grid, expected 1", lines.len());
        ensure!(lines[0].attr("data-code").await?.as_deref() == Some(CODE), "the reopened line is not {CODE}");
        let submit = ui.wait_visible(&testid("submit-order")).await?.text().await?;
        ensure!(submit.contains("修改"), "the submit button does not say it changes the order: {submit:?}");
        ui.checkpoint("35-reopened-in-the-grid", Expect::NoErrors).await
    })
    .await?;

    ui.step("36-changed-and-reconfirmed", async {
        enter_quantity(ui, CODE, 5).await?;
        ui.click("nav-cart").await?;
        ui.wait_visible(&testid("changing-order")).await?;
        ui.click("submit-order").await?;
        let confirmation = ui.wait_visible(&testid("order-confirmation")).await?;
        let title = confirmation.text().await?;
        ensure!(title.contains("订单已修改"), "the confirmation does not say the order changed: {title:?}");
        let confirmed =
            ui.wait_text(&testid("order-number"), "the order number", |t| (!t.trim().is_empty()).then(|| t.trim().to_string())).await?;
        ensure!(confirmed == number, "the confirmation shows {confirmed}, expected the same order {number}");
        ui.checkpoint("36-changed-and-reconfirmed", Expect::NoErrors).await
    })
    .await?;

    let after = api.orders().await?.orders;
    ensure!(after.len() == 1, "changing the order placed another: the hub has {} orders", after.len());
    let line = after[0].lines.iter().find(|l| l.product_code == CODE).context("the changed order lost its line")?;
    ensure!(line.quantity == 5, "the hub's order has {} of {CODE}, expected 5", line.quantity);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_a_placed_order_in_the_grid_and_reconfirm_it() -> Result<(), Failure> {
    let h = Harness::start("change_order_flow").await?;
    let result = change_order_flow(&h).await;
    h.finish(result).await
}
