//! The cart's grid from the keyboard, as a buyer with codes on a paper list works: 按编码添加 (a code
//! and Enter adds the product with the smallest quantity its rules take and puts the focus in its
//! quantity; Enter there comes back to the code), a code already in the cart jumps to its line
//! instead of adding it twice; demand and order quantity side by side with the reason for a cut
//! (pack multiple, stock); a line nothing of which can be ordered says so in its row. Then Home's
//! quick starts: the usual products, the saved carts, and 再来一单 of the order just submitted, which
//! knows at once that the order took the stock.

use anyhow::{anyhow, ensure, Context, Result};
use restock_e2e::keyboard::{in_qty_cell_of, ALT, ENTER};
use restock_e2e::{log_in, poll, testid, timeout, Expect, Failure, Focus, Harness, HubApi, Ui, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::catalogue::{Product, ProductStatus};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::HashMap;

/// A cart line as the grid shows it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Line {
    /// The demand typed (需求量), the quantity cell's value.
    demand: String,
    /// The order quantity (订单量).
    order_qty: String,
    /// Why the order quantity is less than the demand, if it is.
    cut: String,
    /// What is wrong with the line, if anything.
    problem: String,
}

const READ_LINES: &str = r#"
const out = {};
for (const row of document.querySelectorAll('[data-testid="cart-line"]')) {
  const text = (sel) => { const e = row.querySelector(sel); return e ? e.textContent.trim() : ''; };
  out[row.getAttribute('data-code')] = {
    demand: (row.querySelector('[data-testid="qty-input"]') || {}).value || '',
    orderQty: text('[data-testid="order-qty"]'),
    cut: text('[data-testid="cut-reason"]'),
    problem: text('[data-testid="row-problem"]'),
  };
}
return out;
"#;

async fn lines(ui: &Ui) -> Result<HashMap<String, Line>> {
    Ok(serde_json::from_value(ui.client.execute(READ_LINES, vec![]).await?)?)
}

/// Wait until the cart's lines pass `want`; the error says what they were.
async fn wait_lines(ui: &Ui, what: &str, want: impl Fn(&HashMap<String, Line>) -> bool) -> Result<HashMap<String, Line>> {
    let mut seen = HashMap::new();
    poll(what, timeout(), async || {
        seen = lines(ui).await?;
        Ok(want(&seen).then(|| seen.clone()))
    })
    .await
    .map_err(|e| anyhow!("{e:#}; the cart shows {seen:?}"))
}

fn in_code_entry(f: &Focus) -> bool {
    f.testid.as_deref() == Some("code-entry")
}

/// Two products for the grid: one sold in packs (more than one to a pack, no stock or allocation
/// limit), and one whose stock is tracked and small, sold by ones.
struct Picks {
    packed: Product,
    stocked: Product,
    stock: u32,
}

async fn pick(api: &HubApi) -> Result<Picks> {
    let catalogue = api.catalogue().await?;
    let limits = api.supply_limits().await?;
    let orderable = |p: &&Product| p.status == ProductStatus::OnSale && p.price > Decimal::ZERO;
    let packed = catalogue
        .products
        .iter()
        .filter(orderable)
        .find(|p| {
            p.rules.pack_multiple >= 2
                && p.rules.min_per_order <= p.rules.pack_multiple
                && p.rules.max_per_order.is_none()
                && !limits.contains_key(p.code.as_str())
        })
        .context("no product sold in packs without a stock or allocation limit")?
        .clone();
    let (stocked, stock) = catalogue
        .products
        .iter()
        .filter(orderable)
        .find_map(|p| {
            let (available, allocation) = *limits.get(p.code.as_str())?;
            let n = available?;
            let fits = (1..=200).contains(&n)
                && allocation.is_none()
                && p.rules.pack_multiple == 1
                && p.rules.min_per_order <= 1
                && p.rules.max_per_order.is_none();
            fits.then(|| (p.clone(), n))
        })
        .context("no product with a small tracked stock, sold by ones")?;
    Ok(Picks { packed, stocked, stock })
}

/// Type a code into 按编码添加 (which has the focus) and Enter.
async fn enter_code(ui: &Ui, code: &str) -> Result<()> {
    ui.wait_focus("the focus in the code entry", in_code_entry).await?;
    ui.keys(&format!("{code}{ENTER}")).await
}

async fn grid_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let picks = pick(&api).await?;
    let (p, s) = (&picks.packed, &picks.stocked);
    let pack = p.rules.pack_multiple;
    ui.log(&format!("packed {} (pack {pack}, minimum {}), stocked {} ({} available)", p.code, p.rules.min_per_order, s.code, picks.stock));
    log_in(h).await?;

    ui.step("91-code-added", async {
        ui.chord(&[ALT, '3']).await?;
        ui.click("code-entry").await?;
        enter_code(ui, &p.code).await?;
        ui.wait_focus("the focus in the new line", in_qty_cell_of(&p.code)).await?;
        let smallest = pack.max(p.rules.min_per_order).to_string();
        wait_lines(ui, "the line added with its pack multiple", |l| {
            l.get(&p.code).is_some_and(|l| l.demand == smallest && l.order_qty == smallest)
        })
        .await?;
        ui.wait_text(&testid("code-entry-status"), "the code entry to say it was added", |t| t.contains("已加入").then_some(())).await?;
        ui.checkpoint("91-code-added", Expect::NoErrors).await
    })
    .await?;

    ui.step("92-cut-to-the-pack", async {
        // Two packs and one more: the order quantity is rounded down to two packs, and the row
        // says why; Enter goes back to the code entry.
        let typed = pack * 2 + 1;
        ui.keys(&format!("{typed}{ENTER}")).await?;
        ui.wait_focus("the focus back in the code entry", in_code_entry).await?;
        let seen = wait_lines(ui, "the demand and the cut order quantity", |l| {
            l.get(&p.code).is_some_and(|l| l.demand == typed.to_string() && l.order_qty == (pack * 2).to_string())
        })
        .await?;
        let cut = &seen[&p.code].cut;
        ensure!(
            cut.contains("订货倍数") && cut.contains(&pack.to_string()),
            "the cut's reason reads {cut:?}, expected the pack multiple {pack}"
        );
        ui.checkpoint("92-cut-to-the-pack", Expect::NoErrors).await
    })
    .await?;

    ui.step("93-code-again-jumps", async {
        // The same code again: no second line, the focus goes to the line there; less than a
        // pack there can be ordered at all, and the row says so.
        enter_code(ui, &p.code).await?;
        ui.wait_focus("the focus in the line already there", in_qty_cell_of(&p.code)).await?;
        ui.wait_text(&testid("code-entry-status"), "the code entry to say it is in the cart", |t| t.contains("已在购物车中").then_some(()))
            .await?;
        let count = ui.all(&testid("cart-line")).await?.len();
        ensure!(count == 1, "the cart has {count} lines after the same code twice");
        let less = pack - 1;
        ui.keys(&format!("{less}{ENTER}")).await?;
        let seen = wait_lines(ui, "a problem shown in the row", |l| {
            l.get(&p.code).is_some_and(|l| l.demand == less.to_string() && !l.problem.is_empty())
        })
        .await?;
        ensure!(
            seen[&p.code].order_qty == "0",
            "the order quantity of {less} (under a pack of {pack}) reads {:?}",
            seen[&p.code].order_qty
        );
        ui.checkpoint("93-problem-in-the-row", Expect::NoErrors).await?;
        // Fixed by typing whole packs: the problem and the cut go.
        enter_code(ui, &p.code).await?;
        ui.wait_focus("the focus in the line again", in_qty_cell_of(&p.code)).await?;
        let whole = pack * 3;
        ui.keys(&format!("{whole}{ENTER}")).await?;
        wait_lines(ui, "the line fixed", |l| {
            l.get(&p.code).is_some_and(|l| l.order_qty == whole.to_string() && l.problem.is_empty() && l.cut.is_empty())
        })
        .await
        .map(drop)
    })
    .await?;

    ui.step("94-cut-by-stock", async {
        // More than the stock: the order quantity is what is available, and the row says why.
        enter_code(ui, &s.code).await?;
        ui.wait_focus("the focus in the stocked line", in_qty_cell_of(&s.code)).await?;
        let typed = picks.stock + 5;
        ui.keys(&format!("{typed}{ENTER}")).await?;
        ui.wait_focus("the focus back in the code entry", in_code_entry).await?;
        let seen = wait_lines(ui, "the stocked line cut", |l| {
            l.get(&s.code).is_some_and(|l| l.demand == typed.to_string() && l.order_qty == picks.stock.to_string())
        })
        .await?;
        let cut = &seen[&s.code].cut;
        ensure!(
            cut.contains("可订货量") && cut.contains(&picks.stock.to_string()),
            "the cut's reason reads {cut:?}, expected stock {}",
            picks.stock
        );
        ui.checkpoint("94-cut-by-stock", Expect::NoErrors).await
    })
    .await?;

    let number = ui
        .step("95-submitted", async {
            // The demand over the stock is listed before the submit (the hub would cut it), and
            // accepted.
            ui.click("submit-order").await?;
            ui.wait_visible(&testid("review-panel")).await?;
            let listed = ui.visible(&testid("review-change")).await?;
            let mut codes = Vec::new();
            for row in &listed {
                codes.push(row.text().await?);
            }
            ensure!(codes.len() == 1 && codes[0].contains(&s.code), "the pre-submit dialog lists {codes:?}, expected only {}", s.code);
            ui.checkpoint("95-reviewed", Expect::NoErrors).await?;
            ui.click("review-accept").await?;
            ui.wait_visible(&testid("order-confirmation")).await?;
            ui.wait_text(&testid("order-number"), "the order number", |t| (!t.trim().is_empty()).then(|| t.trim().to_string())).await
        })
        .await?;
    let orders = api.orders().await?.orders;
    let order = orders.iter().find(|o| o.order_number == number).with_context(|| format!("the hub has no order {number}"))?;
    let quantities: HashMap<&str, u32> = order.lines.iter().map(|l| (l.product_code.as_str(), l.quantity)).collect();
    ensure!(
        quantities == HashMap::from([(p.code.as_str(), pack * 3), (s.code.as_str(), picks.stock)]),
        "the hub's order {number} holds {quantities:?}"
    );

    ui.step("96-quick-starts", async {
        // Home: the usual products open the catalogue, the saved carts open the cart with the
        // focus on them, and 再来一单 puts the order just submitted in a new cart.
        ui.chord(&[ALT, '1']).await?;
        ui.click("quick-usual").await?;
        ui.wait_visible(&testid("search-input")).await?;
        ui.chord(&[ALT, '1']).await?;
        ui.click("quick-carts").await?;
        ui.wait_visible(&testid("saved-cart")).await?;
        poll("the focus on the saved carts", timeout(), async || {
            let inside = ui
                .client
                .execute(
                    "const f = document.activeElement; \
                     return !!(f && f.closest('[data-testid=\"saved-carts\"]'));",
                    vec![],
                )
                .await?;
            Ok((inside == serde_json::Value::Bool(true)).then_some(()))
        })
        .await?;
        ui.chord(&[ALT, '1']).await?;
        ui.click("quick-reorder").await?;
        ui.wait_text(&testid("cart-name"), "the new cart to be named after the order", |t| t.contains(&number).then_some(())).await?;
        wait_lines(ui, "the order's lines back in the new cart", |l| {
            l.len() == 2
                && l.get(&p.code).is_some_and(|l| l.demand == (pack * 3).to_string())
                && l.get(&s.code).is_some_and(|l| {
                    // The order just submitted took the whole stock: the new cart knows at once.
                    l.demand == picks.stock.to_string() && l.order_qty == "0"
                })
        })
        .await?;
        ui.checkpoint("96-reordered-from-home", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_by_code_see_cuts_and_problems_in_the_grid_and_start_again_from_home() -> Result<(), Failure> {
    let h = Harness::start("grid_flow").await?;
    let result = grid_flow(&h).await;
    h.finish(result).await
}
