//! Nothing changes silently: the supplier raises a price after the buyer filled the cart; pressing
//! submit shows the change in the pre-submit review (old and new price, both totals), and only
//! after the buyer accepts is the order sent, at the new price.

use anyhow::{ensure, Context, Result};
use restock_e2e::{
    css_escape, enter_quantity, log_in, testid, wait_amount, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::money::{format_yuan, line_amount, order_total};
use rust_decimal::Decimal;

/// Two tobacco products on sale for the demo customer (tier B: 92% of the base price).
const RAISED: &str = "100004";
const KEPT: &str = "100006";
const QUANTITY: u32 = 2;

async fn review_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let price_of = |catalogue: &restock_protocol::catalogue::Catalogue, code: &str| -> Result<Decimal> {
        Ok(catalogue.products.iter().find(|p| p.code == code).with_context(|| format!("no product {code}"))?.price)
    };
    let before = api.catalogue().await?;
    let (old_price, kept_price) = (price_of(&before, RAISED)?, price_of(&before, KEPT)?);
    let total_before = order_total([line_amount(old_price, QUANTITY), line_amount(kept_price, QUANTITY)]);

    log_in(h).await?;
    for code in [RAISED, KEPT] {
        ui.step(&format!("quantity-{code}"), enter_quantity(ui, code, QUANTITY)).await?;
    }
    ui.step("cart", async {
        ui.click("nav-cart").await?;
        wait_amount(ui, "cart-total", total_before).await
    })
    .await?;

    // The supplier raises the base price by 10.00 while the cart waits.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", h.hub.database.display())).await?;
    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code = $1").bind(RAISED).execute(&db).await?;
    db.close().await;
    let new_price = price_of(&api.catalogue().await?, RAISED)?;
    ensure!(new_price > old_price, "the hub's price of {RAISED} did not go up: {old_price} -> {new_price}");
    let total_after = order_total([line_amount(new_price, QUANTITY), line_amount(kept_price, QUANTITY)]);

    ui.step("21-review", async {
        ui.click("submit-order").await?;
        ui.wait_visible(&testid("review-panel")).await?;
        let change = format!("{}[data-code=\"{}\"][data-kind=\"price_up\"]", testid("review-change"), css_escape(RAISED));
        let rows = ui.visible(&testid("review-change")).await?;
        ensure!(rows.len() == 1, "the review lists {} changes, expected only {RAISED}'s price", rows.len());
        let row = ui.wait_visible(&change).await?;
        let text = row.text().await?;
        let (old, new) = (format_yuan(old_price), format_yuan(new_price));
        ensure!(text.contains(&old) && text.contains(&new), "the change row does not show {old} -> {new}: {text:?}");
        wait_amount(ui, "review-total-before", total_before).await?;
        wait_amount(ui, "review-total-after", total_after).await?;
        ensure!(api.orders().await?.orders.is_empty(), "an order reached the hub before the buyer accepted");
        ui.checkpoint("21-review", Expect::NoErrors).await
    })
    .await?;

    let number = ui
        .step("22-accepted-and-submitted", async {
            ui.click("review-accept").await?;
            ui.wait_visible(&testid("order-confirmation")).await?;
            let number = ui
                .wait_text(&testid("order-number"), "`order-number` to show the order number", |t| {
                    (!t.trim().is_empty()).then(|| t.trim().to_string())
                })
                .await?;
            ui.checkpoint("22-accepted-and-submitted", Expect::NoErrors).await?;
            Ok(number)
        })
        .await?;

    let orders = api.orders().await?.orders;
    ensure!(orders.len() == 1, "the hub has {} orders, expected 1", orders.len());
    ensure!(orders[0].order_number == number, "the hub's order is {}, the app showed {number}", orders[0].order_number);
    ensure!(orders[0].total == total_after, "charged {}, the buyer accepted {total_after}", orders[0].total);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_raised_after_the_cart_was_filled_is_shown_before_submitting() -> Result<(), Failure> {
    let h = Harness::start("review_flow").await?;
    let result = review_flow(&h).await;
    h.finish(result).await
}
