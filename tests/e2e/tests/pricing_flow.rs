//! The back office's prices and promotions (价格与促销) in the real window, for an administrator:
//! a refused edit of the demo customer's own price is shown beside the form, then the price is
//! changed, and the tier-B promotion is ended. The customer, through the hub, then pays the new
//! price and no longer gets the promotion.

use anyhow::{ensure, Result};
use restock_e2e::{css_escape, log_in_staff, long_timeout, testid, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::promotions::Promotion;
use restock_protocol::routes;

const PROMOTION: &str = "调味品 95折（B类客户）";
const NEW_PRICE: &str = "226.80";

fn own_rule() -> String {
    format!("{}[data-customer=\"{DEMO_USERNAME}\"][data-product=\"100001\"]", testid("rule-row"))
}

fn promotion_row() -> String {
    format!("{}[data-name=\"{}\"]", testid("promotion-row"), css_escape(PROMOTION))
}

async fn pricing_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    log_in_staff(h, "admin").await?;
    ui.step("110-admin-opens-prices-and-promotions", async {
        ui.click("office-nav-pricing").await?;
        ui.wait_visible_for(&format!("{}[data-loaded=\"true\"]", testid("pricing-screen")), long_timeout()).await?;
        ui.wait_visible(&own_rule()).await?;
        ui.wait_visible(&promotion_row()).await?;
        ui.checkpoint("110-prices-and-promotions", Expect::NoErrors).await
    })
    .await?;

    ui.step("111-a-refused-edit-is-shown-beside-the-form", async {
        ui.wait_visible(&format!("{} {}", own_rule(), testid("rule-edit"))).await?.click().await?;
        ui.wait_visible(&testid("rule-form")).await?;
        ui.fill_testid("rule-product", "NO-SUCH").await?;
        ui.click("rule-save").await?;
        ui.wait_visible(&format!("{} {}[data-code=\"not_found\"]", testid("rule-form"), testid("pricing-error"))).await?;
        ui.checkpoint("111-refused-edit", Expect::NoErrors).await
    })
    .await?;

    ui.step("112-admin-changes-the-customer-price", async {
        ui.fill_testid("rule-product", "100001").await?;
        ui.fill_testid("rule-value", NEW_PRICE).await?;
        ui.click("rule-save").await?;
        ui.wait_visible(&format!("{}[data-done=\"saved\"]", testid("pricing-done"))).await?;
        let price = format!("{} {}", own_rule(), testid("rule-price"));
        ui.wait_text(&price, &format!("the rule to show {NEW_PRICE}"), |text| text.contains(NEW_PRICE).then_some(())).await?;
        ui.checkpoint("112-price-changed", Expect::NoErrors).await
    })
    .await?;

    ui.step("113-admin-ends-the-promotion", async {
        ui.wait_visible(&format!("{} {}", promotion_row(), testid("promotion-end"))).await?.click().await?;
        ui.wait_visible(&format!("{}[data-state=\"ended\"]", promotion_row())).await?;
        ui.wait_visible(&format!("{}[data-done=\"ended\"]", testid("pricing-done"))).await?;
        ui.checkpoint("113-promotion-ended", Expect::NoErrors).await
    })
    .await?;

    // What the customer's app gets at its next sync.
    let customer = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let catalogue = customer.catalogue().await?;
    let price = catalogue.products.iter().find(|p| p.code == "100001").map(|p| p.price.to_string());
    ensure!(price.as_deref() == Some(NEW_PRICE), "the customer pays {price:?}, not {NEW_PRICE}");
    let promotions: Vec<Promotion> = customer.get(routes::PROMOTIONS).await?;
    ensure!(promotions.iter().all(|p| p.name != PROMOTION), "the customer still gets {PROMOTION}: {promotions:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_changes_a_price_and_ends_a_promotion() -> Result<(), Failure> {
    let h = Harness::start("pricing_flow").await?;
    let result = pricing_flow(&h).await;
    h.finish(result).await
}
