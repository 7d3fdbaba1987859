//! The back office's stock and allocations (库存与配额) in the real window. The warehouse filters the
//! stock (the low-stock view, then one product), is told on the row that available can't be more
//! than on hand, restores it with Escape, and sets the product's available in place with Enter. An
//! administrator then allocates the product to the demo customer and lowers it in place. The
//! customer's supply at the hub has both.

use anyhow::{ensure, Result};
use restock_e2e::fantoccini::Locator;
use restock_e2e::{log_in_staff, long_timeout, testid, Expect, Failure, Harness, HubApi, Ui, DEMO_PASSWORD, DEMO_USERNAME};

const PRODUCT: &str = "100025";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

fn stock_row() -> String {
    format!("{}[data-code=\"{PRODUCT}\"]", testid("stock-row"))
}

fn allocation_row() -> String {
    format!("{}[data-customer=\"{DEMO_USERNAME}\"][data-product=\"{PRODUCT}\"][data-cycle=\"\"]", testid("alloc-row"))
}

/// Types `text` into the input `id` of the row `row`, then presses `key` there, if any.
async fn type_in_row(ui: &Ui, row: &str, id: &str, text: &str, key: Option<&str>) -> Result<()> {
    let row = ui.wait_visible(row).await?;
    let input = row.find(Locator::Css(&testid(id))).await?;
    ui.fill(&input, text).await?;
    if let Some(key) = key {
        input.send_keys(key).await?;
    }
    Ok(())
}

async fn supply_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    log_in_staff(h, "warehouse").await?;
    ui.step("120-warehouse-opens-the-stock", async {
        ui.click("office-nav-supply").await?;
        ui.wait_visible_for(&format!("{}[data-loaded=\"true\"]", testid("stock-panel")), long_timeout()).await?;
        ensure!(ui.visible(&testid("supply-tab-allocations")).await?.is_empty(), "the warehouse is offered the allocations");
        ui.checkpoint("120-stock", Expect::NoErrors).await
    })
    .await?;

    ui.step("121-warehouse-filters-the-low-stock", async {
        ui.fill_testid("stock-search", "").await?;
        ui.fill_testid("stock-below", "1").await?;
        ui.click("stock-low-only").await?;
        // The demo sells out every 23rd product: 100023 is one.
        ui.wait_visible(&format!("{}[data-code=\"100023\"]", testid("stock-row"))).await?;
        ui.checkpoint("121-low-stock", Expect::NoErrors).await?;
        ui.click("stock-low-only").await?;
        ui.fill_testid("stock-search", PRODUCT).await?;
        ui.click("stock-search-go").await?;
        ui.wait_visible(&stock_row()).await?;
        let rows = ui.visible(&testid("stock-row")).await?.len();
        ensure!(rows == 1, "searching {PRODUCT} shows {rows} rows");
        ui.checkpoint("121-one-product", Expect::NoErrors).await
    })
    .await?;

    ui.step("122-more-available-than-on-hand-is-refused-on-the-row", async {
        type_in_row(ui, &stock_row(), "stock-on-hand", "90", None).await?;
        type_in_row(ui, &stock_row(), "stock-available", "100", Some(ENTER)).await?;
        ui.wait_visible(&format!("{}[data-code=\"form\"]", testid("stock-row-error"))).await?;
        ui.checkpoint("122-refused-on-the-row", Expect::NoErrors).await?;
        type_in_row(ui, &stock_row(), "stock-available", "100", Some(ESCAPE)).await?;
        ui.wait_visible(&format!("{}[data-edited=\"false\"]", stock_row())).await?;
        ensure!(ui.visible(&testid("stock-row-error")).await?.is_empty(), "Escape left the refusal on the row");
        Ok(())
    })
    .await?;

    ui.step("123-warehouse-sets-available-in-place", async {
        type_in_row(ui, &stock_row(), "stock-on-hand", "90", None).await?;
        type_in_row(ui, &stock_row(), "stock-available", "60", Some(ENTER)).await?;
        ui.wait_visible(&format!("{}[data-saved=\"true\"]", stock_row())).await?;
        ui.checkpoint("123-available-set", Expect::NoErrors).await
    })
    .await?;

    let customer = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let available = customer.supply().await?.items.into_iter().find(|i| i.product_code == PRODUCT).and_then(|i| i.available);
    ensure!(available == Some(60), "the customer's supply of {PRODUCT} is {available:?}, not 60 available");

    ui.step("warehouse-logs-out", async { ui.click("logout").await }).await?;
    log_in_staff(h, "admin").await?;
    ui.step("124-admin-opens-the-allocations", async {
        ui.click("office-nav-supply").await?;
        ui.click("supply-tab-allocations").await?;
        ui.wait_visible_for(&format!("{}[data-loaded=\"true\"]", testid("allocations-panel")), long_timeout()).await?;
        ui.checkpoint("124-allocations", Expect::NoErrors).await
    })
    .await?;

    ui.step("125-admin-allocates-to-the-customer", async {
        ui.fill_testid("alloc-new-customer", DEMO_USERNAME).await?;
        ui.fill_testid("alloc-new-product", PRODUCT).await?;
        ui.fill_testid("alloc-new-quantity", "24").await?;
        ui.click("alloc-new-save").await?;
        ui.wait_visible(&format!("{}[data-done=\"allocated\"]", testid("supply-done"))).await?;
        let left = format!("{} {}", allocation_row(), testid("alloc-left"));
        ui.wait_text(&left, "24 left", |text| (text.trim() == "24").then_some(())).await?;
        ui.checkpoint("125-allocated", Expect::NoErrors).await
    })
    .await?;

    ui.step("126-admin-lowers-it-in-place", async {
        type_in_row(ui, &allocation_row(), "alloc-quantity", "18", Some(ENTER)).await?;
        ui.wait_visible(&format!("{}[data-saved=\"true\"]", allocation_row())).await?;
        let left = format!("{} {}", allocation_row(), testid("alloc-left"));
        ui.wait_text(&left, "18 left", |text| (text.trim() == "18").then_some(())).await?;
        ui.checkpoint("126-lowered", Expect::NoErrors).await
    })
    .await?;

    let limits = customer.supply_limits().await?;
    ensure!(limits.get(PRODUCT) == Some(&(Some(60), Some(18))), "the customer's limits of {PRODUCT}: {:?}", limits.get(PRODUCT));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warehouse_sets_stock_and_an_administrator_allocates_in_place() -> Result<(), Failure> {
    let h = Harness::start("supply_flow").await?;
    let result = supply_flow(&h).await;
    h.finish(result).await
}
