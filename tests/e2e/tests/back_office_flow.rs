//! The back office in the real window, for a reviewer (审核): a member of the supplier's staff logs
//! in to the same app and lands in the back office; filters the queue to one customer; opens an
//! order and sees its lines, their stock and the customer's balance; rejects it (a reason is required) and approves another; the hub has
//! both decisions; cuts a third order's quantity with a reason; and the customer's own desk shows
//! the rejection and the cut with their reasons.

use anyhow::{ensure, Context, Result};
use restock_e2e::{
    css_escape, log_in, log_in_staff, poll, testid, timeout, Expect, Failure, Harness, HubApi, DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::orders::{CreateOrder, Order, OrderLineInput, OrderList, OrderStatus};
use restock_protocol::routes;

const REASON: &str = "100001 正在换包装，请下周再订";
const CUT_REASON: &str = "100004 本周限量供应";

async fn place(api: &HubApi, code: &str, quantity: u32) -> Result<Order> {
    let order = CreateOrder {
        order_id: uuid::Uuid::now_v7(),
        lines: vec![OrderLineInput { product_code: code.into(), quantity, demand: None }],
        expected_total: None,
    };
    api.post(routes::ORDERS, &order).await
}

fn row(number: &str) -> String {
    format!("{}[data-order-number=\"{}\"]", testid("review-row"), css_escape(number))
}

/// The order's number cell: WebKitWebDriver clicks cells, not whole rows.
fn number_cell(number: &str) -> String {
    format!("{} {}", row(number), testid("review-row-number"))
}

async fn back_office_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let customer = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let rejected = place(&customer, "100001", 2).await?;
    let approved = place(&customer, "100002", 3).await?;
    let cut = place(&customer, "100004", 5).await?;
    ensure!(rejected.status == OrderStatus::Submitted, "the demo customer's order waits for review: {:?}", rejected.status);

    log_in_staff(h, "reviewer").await?;
    ui.step("80-reviewer-filters-the-queue", async {
        let role = ui.wait_visible(&testid("staff-role")).await?.text().await?;
        ensure!(role.contains("审核"), "the header names the role: {role:?}");
        ensure!(ui.visible(&testid("nav-catalogue")).await?.is_empty(), "the order desk's menu is not the back office's");
        let loaded = ui.wait_visible(&testid("review-count")).await?.attr("data-loaded-query").await?;
        ui.fill_testid("review-filter-customer", DEMO_USERNAME).await?;
        // The unfiltered queue holds these orders too: wait for the filtered answer, then read it.
        let customers = poll("the queue's answer to the customer filter", timeout(), async || {
            let Some(count) = ui.visible(&format!("{}[data-loading=\"false\"]", testid("review-count"))).await?.into_iter().next() else {
                return Ok(None);
            };
            if count.attr("data-loaded-query").await? == loaded {
                return Ok(None);
            }
            let mut customers = Vec::new();
            for r in ui.visible(&testid("review-row")).await? {
                customers.push(r.attr("data-customer").await?.unwrap_or_default());
            }
            Ok(Some(customers))
        })
        .await?;
        ensure!(customers.len() == 3 && customers.iter().all(|c| c == DEMO_USERNAME), "the filtered queue shows {customers:?}");
        for order in [&rejected, &approved, &cut] {
            ui.wait_visible(&row(&order.order_number)).await?;
        }
        ui.checkpoint("80-reviewer-filters-the-queue", Expect::NoErrors).await
    })
    .await?;

    ui.step("81-reviewer-rejects-with-a-reason", async {
        ui.wait_visible(&number_cell(&rejected.order_number)).await?.click().await?;
        ui.wait_text(&testid("review-detail-number"), "the opened order's number", |t| (t.trim() == rejected.order_number).then_some(()))
            .await?;
        ui.wait_visible(&format!("{}[data-code=\"100001\"]", testid("review-line"))).await?;
        let stock = ui.wait_visible(&format!("{}[data-code=\"100001\"] {}", testid("review-line"), testid("review-line-stock"))).await?;
        let stock = stock.text().await?;
        ensure!(stock.contains('/'), "the line shows no stock on hand / available: {stock:?}");
        ui.wait_visible(&testid("review-available")).await?;
        ui.click("review-reject").await?;
        ui.wait_visible("[role=\"alert\"]").await?;
        ui.fill_testid("review-reason", REASON).await?;
        ui.click("review-reject").await?;
        ui.wait_visible(&format!("{}[data-status=\"rejected\"]", testid("review-detail-status"))).await?;
        ui.wait_visible(&format!("{}[data-status=\"rejected\"]", row(&rejected.order_number))).await?;
        ui.checkpoint("81-reviewer-rejects-with-a-reason", Expect::NoErrors).await
    })
    .await?;

    ui.step("82-reviewer-approves-another", async {
        ui.wait_visible(&number_cell(&approved.order_number)).await?.click().await?;
        ui.wait_text(&testid("review-detail-number"), "the second order's number", |t| (t.trim() == approved.order_number).then_some(()))
            .await?;
        ui.click("review-approve").await?;
        ui.wait_visible(&format!("{}[data-status=\"approved\"]", testid("review-detail-status"))).await?;
        ui.checkpoint("82-reviewer-approves-another", Expect::NoErrors).await
    })
    .await?;

    ui.step("84-reviewer-cuts-with-a-reason", async {
        ui.wait_visible(&number_cell(&cut.order_number)).await?.click().await?;
        ui.wait_text(&testid("review-detail-number"), "the third order's number", |t| (t.trim() == cut.order_number).then_some(())).await?;
        ui.click("review-cut").await?;
        let quantity = format!("{}[data-code=\"100004\"]", testid("review-cut-quantity"));
        let input = ui.wait_visible(&quantity).await?;
        ui.fill(&input, "2").await?;
        // No reason: refused in place, nothing sent.
        ui.click("review-change-send").await?;
        ui.wait_visible(&testid("review-change-problem")).await?;
        ui.fill_testid("review-change-reason", CUT_REASON).await?;
        ui.click("review-change-send").await?;
        ui.wait_text(&testid("review-history"), "the cut in the order's history", |t| t.contains(CUT_REASON).then_some(())).await?;
        let row_total = ui.wait_visible(&format!("{} {}", row(&cut.order_number), testid("review-row-total"))).await?.text().await?;
        let detail_total = ui.wait_visible(&testid("review-detail-total")).await?.text().await?;
        ensure!(row_total.trim() == detail_total.trim(), "the queue shows {row_total:?}, the order {detail_total:?}");
        ui.checkpoint("84-reviewer-cuts-with-a-reason", Expect::NoErrors).await
    })
    .await?;

    let orders: OrderList = customer.get(routes::ORDERS).await?;
    let cut_line = orders.orders.iter().find(|o| o.order_id == cut.order_id).and_then(|o| o.lines.first()).context("the cut order")?;
    ensure!(cut_line.quantity == 2 && cut_line.demand == 5, "the hub's cut line is {} of {} asked", cut_line.quantity, cut_line.demand);
    let status_of = |id| orders.orders.iter().find(|o| o.order_id == id).map(|o| o.status);
    ensure!(status_of(rejected.order_id) == Some(OrderStatus::Rejected), "the hub has {:?}", status_of(rejected.order_id));
    ensure!(status_of(approved.order_id) == Some(OrderStatus::Approved), "the hub has {:?}", status_of(approved.order_id));

    ui.step("log-out-reviewer", ui.click("logout")).await?;
    log_in(h).await?;
    ui.step("83-customer-reads-why", async {
        ui.click("nav-orders").await?;
        let order = format!("{}[data-order-number=\"{}\"]", testid("order-row"), css_escape(&rejected.order_number));
        let status = ui.wait_visible(&format!("{order} {}", testid("order-row-status"))).await?.text().await?;
        ensure!(status.contains("已驳回"), "the row does not say it was rejected: {status:?}");
        ui.wait_visible(&format!("{order} .order-toggle")).await?.click().await?;
        let event = format!("{order} {}[data-status=\"rejected\"]", testid("order-event"));
        let text = ui.wait_visible(&event).await.context("the rejection in the order's history")?.text().await?;
        ensure!(text.contains(REASON) && text.contains("reviewer"), "the history does not say who rejected it and why: {text:?}");
        let order = format!("{}[data-order-number=\"{}\"]", testid("order-row"), css_escape(&cut.order_number));
        ui.wait_visible(&format!("{order} .order-toggle")).await?.click().await?;
        ui.wait_visible(&format!("{order} {}", testid("order-event"))).await?;
        let mut texts = Vec::new();
        for event in ui.visible(&format!("{order} {}", testid("order-event"))).await? {
            texts.push(event.text().await?);
        }
        ensure!(texts.iter().any(|t| t.contains(CUT_REASON) && t.contains("5→2")), "the cut order's history does not say why: {texts:?}");
        ui.checkpoint("83-customer-reads-why", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_rejects_and_approves_orders_in_the_back_office() -> Result<(), Failure> {
    let h = Harness::start("back_office_flow").await?;
    let result = back_office_flow(&h).await;
    h.finish(result).await
}
