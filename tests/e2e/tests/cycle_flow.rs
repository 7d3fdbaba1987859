//! An ordering cycle with a cutoff, as the cycle customer lives it: on a Tuesday morning (the hub's
//! clock pretends so) Home shows ordering open with a countdown to 23:00 and what the last cycle
//! could not supply; one short item goes into the cart from Home, is submitted (the hub only saves
//! it), and is confirmed with 决定购买; Home then says this cycle's order has gone through, and the
//! hub's record went saved → submitted.

use anyhow::{ensure, Context, Result};
use restock_e2e::clock::{next_weekday, shanghai_today, Rfc3339, SHANGHAI_OFFSET_SECS};
use restock_e2e::{
    css_escape, log_in_as, numbers_in, poll, testid, timeout, wait_amount, Expect, Failure, Harness, HubApi, HubOptions, CYCLE_USERNAME,
    DEMO_PASSWORD,
};
use restock_protocol::cycles::CycleWindow;
use restock_protocol::money::line_amount;
use restock_protocol::orders::OrderStatus;
use rust_decimal::Decimal;

/// Last cycle's short items in the demo: (code, demand, ordered).
const SHORT: [(&str, u32, u32); 2] = [("100001", 40, 30), ("100041", 15, 10)];
/// The one put in the cart from Home: 15 asked for, 10 ordered, so 5 go in; its allocation is 10.
const ADDED: &str = "100041";
const ADDED_QUANTITY: u32 = 5;

/// 10:00 Shanghai on a Tuesday at least two days after today (so that the demo's past cycle, the day
/// before it was seeded, is the last cycle before this one): e.g. 2026-12-01T10:00:00+08:00.
fn tuesday_morning() -> Rfc3339 {
    let day = next_weekday(shanghai_today() + 2, 2);
    Rfc3339::local(day, 10 * 3600, SHANGHAI_OFFSET_SECS)
}

fn short_css(code: &str) -> String {
    format!("{}[data-code=\"{}\"]", testid("short-item"), css_escape(code))
}

async fn cycle_flow(h: &Harness, morning: Rfc3339) -> Result<()> {
    let ui = &h.ui;
    let cutoff = Rfc3339::local(morning.local_day(), 23 * 3600, SHANGHAI_OFFSET_SECS);
    let api = HubApi::login(&h.hub.url, CYCLE_USERNAME, DEMO_PASSWORD).await?;

    // The hub's own view first: the cycle is open until 23:00 and the demo's short items are there.
    let desk = api.desk().await?;
    match &desk.cycle {
        CycleWindow::Open { closes_at, .. } => {
            let closes = closes_at.context("the cycle customer's open cycle has no cutoff")?;
            ensure!(closes.timestamp_millis() == cutoff.unix_ms(), "the hub closes this cycle at {closes}, expected {cutoff}");
        }
        other => anyhow::bail!("on {morning} the hub says the cycle is {other:?}, expected open"),
    }
    let hub_short: Vec<(&str, u32, u32)> = desk.short_items.iter().map(|s| (s.product_code.as_str(), s.demand, s.ordered)).collect();
    ensure!(hub_short == SHORT, "the hub's short items are {hub_short:?}, expected {SHORT:?}");
    let catalogue = api.catalogue().await?;
    let product = catalogue.products.iter().find(|p| p.code == ADDED).with_context(|| format!("no product {ADDED}"))?;
    let amount = line_amount(product.price, ADDED_QUANTITY);
    let open_before = desk.balance.open_orders;
    ui.log(&format!("{ADDED} {} costs {} for this customer: {ADDED_QUANTITY} make {amount}", product.name, product.price));

    log_in_as(h, CYCLE_USERNAME).await?;

    ui.step("51-home-open-cycle", async {
        let status = ui.wait_visible(&testid("cycle-status")).await?;
        ensure!(status.attr("data-state").await?.as_deref() == Some("open"), "`cycle-status` is not open");
        ui.wait_text(&testid("cycle-headline"), "the headline to say ordering closes at 23:00", |t| t.contains("23:00").then_some(()))
            .await?;
        // About 13 hours left: 10:00 → 23:00 on the hub's clock, less the seconds since it started.
        let remaining: i64 = ui
            .wait_visible(&testid("cycle-countdown"))
            .await?
            .attr("data-remaining-ms")
            .await?
            .and_then(|v| v.parse().ok())
            .context("`cycle-countdown` has no data-remaining-ms")?;
        let thirteen_hours = 13 * 3600 * 1000;
        ensure!(
            (thirteen_hours - 10 * 60 * 1000..=thirteen_hours).contains(&remaining),
            "the countdown has {remaining} ms left ({:.2} h), expected just under 13 h",
            remaining as f64 / 3_600_000.0
        );
        // The countdown reads 12:5x:xx, and runs.
        let shown = ui.wait_visible(&testid("cycle-countdown")).await?.text().await?;
        ensure!(shown.contains("12:5"), "the countdown shows {shown:?}, expected about 12:59:xx");
        poll("the countdown to run", timeout(), async || {
            let now: Option<i64> =
                ui.wait_visible(&testid("cycle-countdown")).await?.attr("data-remaining-ms").await?.and_then(|v| v.parse().ok());
            Ok(now.filter(|n| *n <= remaining - 1000).map(drop))
        })
        .await?;
        let done = ui.wait_visible(&testid("cycle-done")).await?;
        ensure!(done.attr("data-state").await?.as_deref() == Some("none"), "`cycle-done` is not `none` before any order");
        // Last cycle's short items, each with what is still missing.
        poll("both short items", timeout(), async || Ok((ui.visible(&testid("short-item")).await?.len() == SHORT.len()).then_some(())))
            .await?;
        for (code, demand, ordered) in SHORT {
            let item = ui.wait_visible(&short_css(code)).await?;
            let figures = item.find(fantoccini::Locator::Css(&testid("short-figures"))).await?.text().await?;
            let numbers = numbers_in(&figures);
            let want = [demand, ordered, demand - ordered].map(Decimal::from);
            ensure!(
                numbers == want,
                "short item {code} shows {figures:?}, expected demand {demand}, ordered {ordered}, short {}",
                demand - ordered
            );
        }
        ui.checkpoint("51-home-open-cycle", Expect::NoErrors).await
    })
    .await?;

    ui.step("52-short-item-added", async {
        let add = format!("{} {}", short_css(ADDED), testid("short-add"));
        ui.wait_visible(&add).await?.click().await?;
        let in_cart = format!("{} {}", short_css(ADDED), testid("short-in-cart"));
        ui.wait_text(&in_cart, &format!("{ADDED} to be in the cart {ADDED_QUANTITY} times"), |t| {
            (numbers_in(t) == [Decimal::from(ADDED_QUANTITY)]).then_some(())
        })
        .await?;
        // The allocation (10) allows it: no problem under the item.
        ensure!(
            ui.visible(&format!("{} {}", short_css(ADDED), testid("short-problem"))).await?.is_empty(),
            "a problem is shown under {ADDED}"
        );
        ui.wait_text(&testid("cart-summary-count"), "one product in the cart", |t| (t.trim() == "1").then_some(())).await?;
        wait_amount(ui, "cart-summary-total", amount).await?;
        ui.checkpoint("52-short-item-added", Expect::NoErrors).await
    })
    .await?;

    let number = ui
        .step("53-saved-not-confirmed", async {
            ui.click("nav-cart").await?;
            let line = format!("{}[data-code=\"{ADDED}\"]", testid("cart-line"));
            let line = ui.wait_visible(&line).await?;
            let values = ui.input_values(&line).await?;
            ensure!(values == [ADDED_QUANTITY.to_string()], "the cart line of {ADDED} holds {values:?}");
            wait_amount(ui, "cart-total", amount).await?;
            ui.click("submit-order").await?;
            let confirmation = ui.wait_visible(&testid("order-confirmation")).await?;
            let status = confirmation.attr("data-status").await?;
            ensure!(status.as_deref() == Some("saved"), "the confirmation's order is {status:?}, expected saved");
            let number =
                ui.wait_text(&testid("order-number"), "the order number", |t| (!t.trim().is_empty()).then(|| t.trim().to_string())).await?;
            // It must be confirmed before today's 23:00.
            let hint = ui.wait_visible(&testid("order-saved-hint")).await?.text().await?;
            let by = format!("{} 23:00", restock_e2e::clock::date_string(morning.local_day()));
            ensure!(hint.contains(&by) && hint.contains("决定购买"), "the saved hint says {hint:?}, expected 决定购买 before {by}");
            let confirm = ui.wait_visible(&testid("confirm-purchase-after-submit")).await?;
            let label = confirm.text().await?;
            ensure!(label.contains("决定购买"), "the confirm button says {label:?}");
            ui.checkpoint("53-saved-not-confirmed", Expect::NoErrors).await?;
            Ok(number)
        })
        .await?;
    ui.log(&format!("order {number} saved"));

    let saved = api.orders().await?.orders.into_iter().find(|o| o.order_number == number);
    let saved = saved.with_context(|| format!("the hub has no order {number}"))?;
    ensure!(saved.status == OrderStatus::Saved, "before 决定购买 the hub has {number} as {:?}", saved.status);

    ui.step("54-confirmed", async {
        ui.click("confirm-purchase-after-submit").await?;
        poll("the confirmation to show the order as submitted", timeout(), async || {
            let el = ui.visible(&testid("order-confirmation")).await?.into_iter().next();
            Ok(match el {
                Some(el) => (el.attr("data-status").await?.as_deref() == Some("submitted")).then_some(()),
                None => None,
            })
        })
        .await?;
        ensure!(
            ui.visible(&testid("confirm-purchase-after-submit")).await?.is_empty(),
            "决定购买 is still offered after the order was confirmed"
        );
        ui.checkpoint("54-confirmed", Expect::NoErrors).await
    })
    .await?;

    ui.step("55-home-through", async {
        ui.click("nav-home").await?;
        let done = format!("{}[data-state=\"through\"]", testid("cycle-done"));
        let done = ui.wait_visible(&done).await?;
        let shown = done.attr("data-order-number").await?;
        ensure!(shown.as_deref() == Some(number.as_str()), "`cycle-done` names order {shown:?}, expected {number}");
        let text = done.text().await?;
        ensure!(text.contains(&number), "`cycle-done` says {text:?}, without the order number {number}");
        ensure!(ui.visible(&testid("confirm-purchase")).await?.is_empty(), "Home still offers 决定购买");
        // The balance counts it among the open orders.
        wait_amount(ui, "balance-open-orders", open_before + amount).await?;
        let row = format!("{}[data-order-number=\"{}\"]", testid("cycle-order"), css_escape(&number));
        let row = ui.wait_visible(&row).await?;
        ensure!(row.attr("data-status").await?.as_deref() == Some("submitted"), "this cycle's order is not listed as submitted");
        ui.checkpoint("55-home-through", Expect::NoErrors).await
    })
    .await?;

    // The hub's record: one order this cycle, confirmed, with its history.
    let orders = api.orders().await?.orders;
    let order = orders.iter().find(|o| o.order_number == number).with_context(|| format!("the hub has no order {number}"))?;
    ensure!(order.status == OrderStatus::Submitted, "the hub has {number} as {:?}, expected submitted", order.status);
    let history: Vec<OrderStatus> = order.history.iter().map(|e| e.status).collect();
    ensure!(
        history == [OrderStatus::Saved, OrderStatus::Submitted],
        "the hub's history of {number} is {history:?}, expected [saved, submitted]"
    );
    ensure!(order.history.iter().all(|e| e.by == CYCLE_USERNAME), "the history was not all by {CYCLE_USERNAME}: {:?}", order.history);
    let cycle_day = restock_e2e::clock::date_string(morning.local_day());
    ensure!(order.cycle_date.to_string() == cycle_day, "the order is in the cycle of {}, expected {cycle_day}", order.cycle_date);
    let lines: Vec<(&str, u32)> = order.lines.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect();
    ensure!(lines == [(ADDED, ADDED_QUANTITY)], "the order's lines are {lines:?}");
    ensure!(order.total == amount, "the order's total is {}, expected {amount}", order.total);
    let this_cycle = orders.iter().filter(|o| o.cycle_date == order.cycle_date).count();
    ensure!(this_cycle == 1, "the hub has {this_cycle} orders in this cycle, expected 1");
    let desk = api.desk().await?;
    let through: Vec<(&str, OrderStatus)> = desk.cycle_orders.iter().map(|o| (o.order_number.as_str(), o.status)).collect();
    ensure!(through == [(number.as_str(), OrderStatus::Submitted)], "the hub's desk lists this cycle's orders as {through:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycle_order_is_saved_then_confirmed_before_the_cutoff() -> Result<(), Failure> {
    let morning = tuesday_morning();
    println!("[e2e] cycle_flow: the hub pretends it is {morning}");
    let h = Harness::start_with("cycle_flow", HubOptions::pretending(morning.to_string())).await?;
    let result = cycle_flow(&h, morning).await;
    h.finish(result).await
}
