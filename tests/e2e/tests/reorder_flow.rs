//! 再来一单: an order placed earlier is reused from My orders; the new cart holds its lines, and a
//! product delisted since is listed with its reason instead of vanishing.

use anyhow::{ensure, Result};
use restock_e2e::{
    css_escape, enter_quantity, log_in, poll, testid, timeout, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME,
};

const KEPT: &str = "100004";
const DELISTED_LATER: &str = "100006";

async fn reorder_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    log_in(h).await?;
    ui.step("first-order", async {
        enter_quantity(ui, KEPT, 3).await?;
        enter_quantity(ui, DELISTED_LATER, 2).await?;
        ui.click("nav-cart").await?;
        ui.click("submit-order").await?;
        ui.wait_visible(&testid("order-confirmation")).await.map(drop)
    })
    .await?;
    let past = api.orders().await?.orders;
    ensure!(past.len() == 1, "expected the first order at the hub, found {}", past.len());
    let number = past[0].order_number.clone();

    // The supplier delists one of the two products; the desk learns it at its next sync.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", h.hub.database.display())).await?;
    sqlx::query("UPDATE products SET status = 'delisted' WHERE code = $1").bind(DELISTED_LATER).execute(&db).await?;
    db.close().await;

    ui.step("31-reorder", async {
        ui.click("nav-orders").await?;
        let row = format!("{}[data-order-number=\"{}\"]", testid("order-row"), css_escape(&number));
        ui.wait_visible(&row).await?;
        // Sync again (the header's button), so the desk knows about the delisting.
        let version = || async {
            let status = ui.wait_visible(&testid("sync-status")).await?;
            Ok::<_, anyhow::Error>(status.attr("data-catalogue-version").await?.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0))
        };
        let before = version().await?;
        ui.click("sync-again").await?;
        poll("the catalogue to be synced again", timeout(), async || Ok((version().await? > before).then_some(()))).await?;
        ui.click("nav-orders").await?;
        let reorder = format!("{row} {}", testid("reorder"));
        ui.wait_visible(&reorder).await?.click().await?;
        ui.wait_visible(&testid("skipped-rows")).await?;
        let skipped = ui.visible(&testid("skipped-row")).await?;
        ensure!(skipped.len() == 1, "expected one skipped row (the delisted product), found {}", skipped.len());
        let reason = skipped[0].attr("data-reason").await?;
        ensure!(reason.as_deref() == Some("delisted"), "skipped for {reason:?}, expected delisted");
        let name = ui.wait_visible(&testid("cart-name")).await?.text().await?;
        ensure!(name.contains(&number), "the new cart is called {name:?}, expected it to name {number}");
        let lines = ui.visible(&testid("cart-line")).await?;
        ensure!(lines.len() == 1, "the reordered cart has {} lines, expected 1", lines.len());
        let code = lines[0].attr("data-code").await?;
        ensure!(code.as_deref() == Some(KEPT), "the reordered line is {code:?}, expected {KEPT}");
        ui.checkpoint("31-reorder", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reorder_a_past_order_and_see_what_could_not_come_back() -> Result<(), Failure> {
    let h = Harness::start("reorder_flow").await?;
    let result = reorder_flow(&h).await;
    h.finish(result).await
}
