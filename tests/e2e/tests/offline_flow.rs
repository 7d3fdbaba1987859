//! The hub goes away just as the buyer submits: the order waits in the offline queue (said so on the
//! cart, counted in the header, no error), and when the hub is back (same address, same database)
//! the queue sends it by itself: exactly one order reaches the hub, and nothing more comes of it later.

use anyhow::{ensure, Context, Result};
use restock_e2e::{
    enter_quantity, log_in, numbers_in, poll, testid, timeout, wait_amount, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::money::line_amount;
use restock_protocol::orders::OrderStatus;
use std::time::{Duration, Instant};

/// A cigarette on sale for the demo customer (pack 1, at most 50 an order).
const CODE: &str = "100004";
const QUANTITY: u32 = 3;
/// The queue tries every 5 s while an order waits: after the hub is back it must go within this.
const SENT_WITHIN: Duration = Duration::from_secs(15);
/// How long the hub stays away after the submit: more than one of the queue's tries.
const STILL_DOWN: Duration = Duration::from_secs(7);
/// How long to watch afterwards for a second copy of the order.
const WATCH: Duration = Duration::from_secs(10);

/// The header's queue indicator: (count, waiting, refused), or None when it is not shown.
async fn indicator(ui: &restock_e2e::Ui) -> Result<Option<(u32, u32, u32)>> {
    let Some(el) = ui.visible(&testid("queue-indicator")).await?.into_iter().next() else {
        return Ok(None);
    };
    let n = async |name: &str| -> Result<u32> {
        el.attr(name).await?.and_then(|v| v.parse().ok()).with_context(|| format!("`queue-indicator` has no {name}"))
    };
    Ok(Some((n("data-count").await?, n("data-waiting").await?, n("data-refused").await?)))
}

async fn offline_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let price = api.catalogue().await?.products.into_iter().find(|p| p.code == CODE).context("no product 100004")?.price;
    let amount = line_amount(price, QUANTITY);
    ensure!(api.orders().await?.orders.is_empty(), "the demo customer already has orders");

    log_in(h).await?;
    ui.step("61-cart-filled", async {
        enter_quantity(ui, CODE, QUANTITY).await?;
        wait_amount(ui, "cart-summary-total", amount).await?;
        ui.click("nav-cart").await?;
        wait_amount(ui, "cart-total", amount).await?;
        ui.checkpoint("61-cart-filled", Expect::NoErrors).await
    })
    .await?;

    h.hub.stop();
    ui.log("the hub is stopped");
    let queued_id = ui
        .step("62-submitted-while-offline", async {
            ui.click("submit-order").await?;
            ui.wait_visible(&testid("order-queued")).await?;
            poll("the header to count one waiting order", timeout(), async || {
                Ok(indicator(ui).await?.filter(|i| *i == (1, 1, 0)).map(drop))
            })
            .await?;
            let queued = ui.visible(&testid("queued-order")).await?;
            ensure!(queued.len() == 1, "the queue panel lists {} orders, expected 1", queued.len());
            ensure!(queued[0].attr("data-state").await?.as_deref() == Some("waiting"), "the queued order is not waiting");
            let id = queued[0].attr("data-order-id").await?.context("the queued order has no data-order-id")?;
            ensure!(ui.visible(&testid("order-confirmation")).await?.is_empty(), "an order confirmation is shown while the hub is down");
            // The cart keeps its line until the hub has the order.
            let lines = ui.visible(&testid("cart-line")).await?;
            ensure!(lines.len() == 1, "the cart shows {} lines while its order waits, expected 1", lines.len());
            ui.checkpoint("62-submitted-while-offline", Expect::NoErrors).await?;
            Ok(id)
        })
        .await?;
    ui.log(&format!("order {queued_id} waits in the queue"));

    // While the hub stays away the queue keeps trying (every 5 s) and keeps the order, quietly.
    ui.step("63-still-waiting", async {
        tokio::time::sleep(STILL_DOWN).await;
        let now = indicator(ui).await?;
        ensure!(now == Some((1, 1, 0)), "after {STILL_DOWN:?} offline the header shows {now:?}, expected one waiting order");
        ui.wait_visible(&testid("order-queued")).await?;
        ui.checkpoint("63-still-waiting", Expect::NoErrors).await
    })
    .await?;

    h.hub.restart().await?;
    let back = Instant::now();
    ui.log("the hub is back");
    let number = ui
        .step("64-sent-when-back", async {
            let sent = format!("{} [data-order-number]", testid("queue-sent"));
            let number = poll(&format!("the queue to send the order within {SENT_WITHIN:?}"), SENT_WITHIN, async || {
                let Some(el) = ui.visible(&sent).await?.into_iter().next() else {
                    return Ok(None);
                };
                Ok(el.attr("data-order-number").await?.filter(|n| !n.is_empty()))
            })
            .await?;
            ui.log(&format!("sent as {number} {:.1} s after the hub came back", back.elapsed().as_secs_f64()));
            let shown = ui.wait_visible(&sent).await?.text().await?;
            ensure!(shown.contains(&number), "`queue-sent` shows {shown:?}, without {number}");
            ensure!(numbers_in(&shown).contains(&amount), "`queue-sent` shows {shown:?}, without the amount {amount}");
            poll("the queue indicator to go", timeout(), async || Ok(indicator(ui).await?.is_none().then_some(()))).await?;
            poll("the queued notice to go", timeout(), async || Ok(ui.visible(&testid("order-queued")).await?.is_empty().then_some(())))
                .await?;
            poll("the sent line to leave the cart", timeout(), async || {
                Ok(ui.visible(&testid("cart-line")).await?.is_empty().then_some(()))
            })
            .await?;
            ui.wait_text(&testid("cart-summary-count"), "an empty cart", |t| (t.trim() == "0").then_some(())).await?;
            ui.checkpoint("64-sent-when-back", Expect::NoErrors).await?;
            Ok(number)
        })
        .await?;

    // The hub's record: exactly this one order, with the id the app gave it when it was queued.
    let check = async || -> Result<()> {
        let orders = api.orders().await?.orders;
        ensure!(
            orders.len() == 1,
            "the hub has {} orders for {DEMO_USERNAME}, expected exactly 1: {:?}",
            orders.len(),
            orders.iter().map(|o| &o.order_number).collect::<Vec<_>>()
        );
        let order = &orders[0];
        ensure!(order.order_number == number, "the hub's order is {}, the app showed {number}", order.order_number);
        ensure!(order.order_id.to_string() == queued_id, "the hub's order id is {}, the queued one was {queued_id}", order.order_id);
        ensure!(order.status == OrderStatus::Submitted, "the order is {:?}, expected submitted", order.status);
        let lines: Vec<(&str, u32)> = order.lines.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect();
        ensure!(lines == [(CODE, QUANTITY)], "the order's lines are {lines:?}");
        ensure!(order.total == amount, "the order's total is {}, expected {amount}", order.total);
        Ok(())
    };
    check().await?;

    ui.step("65-still-one-order", async {
        tokio::time::sleep(WATCH).await;
        check().await?;
        ensure!(indicator(ui).await?.is_none(), "the queue indicator came back");
        ui.checkpoint("65-still-one-order", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_submitted_while_the_hub_is_down_is_sent_once_when_it_is_back() -> Result<(), Failure> {
    let h = Harness::start("offline_flow").await?;
    let result = offline_flow(&h).await;
    h.finish(result).await
}
