//! A 300-line order by keyboard alone, as a buyer with a long list works: `/` to the search, a
//! code prefix and Enter to the first row, then for each row its quantity and Enter (which saves it
//! and moves to the next row); Alt+2 and `/` for the next search; Alt+3 to the cart, where keys
//! typed ahead of the saves land in the rows they were meant for, and Ctrl+Z / Ctrl+Y undo and
//! redo a quantity; Tab and PageDown to its submit button, Enter. No clicks. The cart and then the
//! hub must hold exactly the 300 lines typed, at the hub's prices.
//!
//! The catalogue lists at most 200 products per search (SEARCH_LIMIT in
//! ui/src/lib/catalogue/catalogue.svelte.ts), so the 300 lines come from several searches by code
//! prefix ("1001" lists the 100 products 100100–100199, and so on). Products that cannot be ordered
//! (delisted, sold out) are passed over with a bare Enter, as a buyer would.

use anyhow::{bail, ensure, Context, Result};
use restock_e2e::keyboard::{in_qty_cell_of, ALT, ARROW_DOWN, ARROW_UP, CONTROL, ENTER, PAGE_DOWN, TAB};
use restock_e2e::{log_in, poll, testid, timeout, wait_amount, Expect, Failure, Harness, HubApi, Ui, DEMO_PASSWORD, DEMO_USERNAME};
use restock_protocol::catalogue::{Product, ProductStatus};
use restock_protocol::money::{line_amount, order_total};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

const LINES: usize = 300;
/// Code prefixes searched in turn, each listing 100 products, until 300 lines are typed.
const PREFIXES: [&str; 6] = ["1001", "1002", "1003", "1004", "1005", "1006"];
/// How often (in rows) the test checks that the focus is on the row it expects.
const FOCUS_CHECK_EVERY: usize = 10;

/// What the test types for one product: the smallest quantity its rules allow (its pack multiple).
#[derive(Clone)]
struct Offer {
    product: Product,
    quantity: u32,
}

impl Offer {
    fn amount(&self) -> Decimal {
        line_amount(self.product.price, self.quantity)
    }
}

/// The products this customer can order now, with the quantity to type: on sale, priced, and with
/// enough stock and allocation left for one pack.
async fn offers(api: &HubApi) -> Result<HashMap<String, Offer>> {
    let catalogue = api.catalogue().await?;
    let limits = api.supply_limits().await?;
    let mut offers = HashMap::new();
    for p in catalogue.products {
        let pack = p.rules.pack_multiple.max(1);
        let quantity = pack.max(p.rules.min_per_order.div_ceil(pack) * pack);
        let (available, allocation) = limits.get(p.code.as_str()).copied().unwrap_or((None, None));
        let fits = p.status == ProductStatus::OnSale
            && p.price > Decimal::ZERO
            && p.rules.check(quantity).is_ok()
            && available.is_none_or(|a| a >= quantity)
            && allocation.is_none_or(|a| a >= quantity);
        if fits {
            offers.insert(p.code.clone(), Offer { product: p, quantity });
        }
    }
    Ok(offers)
}

/// The product rows the catalogue shows now, in order (read from the page).
async fn row_codes(ui: &Ui) -> Result<Vec<String>> {
    let value = ui
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=\"product-row\"]')).map(r => r.getAttribute('data-code'))",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

#[derive(Debug, Deserialize)]
struct CartLine {
    code: String,
    value: String,
}

/// The cart's lines as shown: product code and the quantity in its cell.
async fn cart_lines(ui: &Ui) -> Result<Vec<CartLine>> {
    let value = ui
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=\"cart-line\"]')).map(r => ({ \
                code: r.getAttribute('data-code'), \
                value: (r.querySelector('[data-testid=\"qty-input\"]') || {}).value || '' }))",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Tab until the focus is in a quantity cell (the first, from the top of the page); the Tabs it took.
async fn tab_to_first_qty_cell(ui: &Ui) -> Result<usize> {
    let mut tabs = 0;
    loop {
        let focus = ui.focus().await?;
        if focus.testid.as_deref() == Some("qty-input") {
            return Ok(tabs);
        }
        ensure!(tabs < 60, "60 Tabs did not reach a quantity cell; the focus is on {focus:?}");
        ui.keys(&TAB.to_string()).await?;
        tabs += 1;
    }
}

/// Wait until the cart lines `want` (code, quantity) show those quantities in their cells.
async fn wait_values(ui: &Ui, want: &[(String, u32)]) -> Result<()> {
    let mut seen = Vec::new();
    poll("the quantities typed ahead", timeout(), async || {
        let lines = cart_lines(ui).await?;
        seen = want
            .iter()
            .map(|(code, _)| {
                let line = lines.iter().find(|l| &l.code == code);
                (code.clone(), line.map(|l| l.value.clone()))
            })
            .collect::<Vec<_>>();
        Ok(want.iter().zip(&seen).all(|((_, q), (_, v))| v.as_deref() == Some(q.to_string().as_str())).then_some(()))
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e:#}; wanted {want:?}, the cells show {seen:?}"))
}

async fn wait_summary_count(ui: &Ui, count: usize, limit: Duration) -> Result<()> {
    let want = count.to_string();
    ui.wait_text_for(&testid("cart-summary-count"), &format!("the summary to count {count} products"), limit, &mut |t: &str| {
        (t.trim() == want).then_some(())
    })
    .await
}

async fn keyboard_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let offers = offers(&api).await?;
    ensure!(api.orders().await?.orders.is_empty(), "the demo customer already has orders");
    log_in(h).await?;

    // The lines typed, in order.
    let mut typed: Vec<Offer> = Vec::with_capacity(LINES);
    let mut passed_over: Vec<String> = Vec::new();
    let started = Instant::now();
    for (page, prefix) in PREFIXES.iter().enumerate() {
        if typed.len() >= LINES {
            break;
        }
        let step = format!("8{}-search-{prefix}", page + 1);
        ui.step(&step, async {
            if page > 0 {
                // Out of the quantity cell (Alt+2: the catalogue, which saves the cell), then `/`.
                ui.chord(&[ALT, '2']).await?;
                ui.wait_focus("the quantity cell to be left", |f| f.testid.as_deref() != Some("qty-input")).await?;
            }
            ui.keys("/").await?;
            ui.wait_focus("`/` to focus the catalogue search", |f| f.id.as_deref() == Some("catalogue-search")).await?;
            ui.keys(&format!("{prefix}{ENTER}")).await?;
            // Enter searches at once and goes to the first row's quantity.
            let codes = poll(&format!("the rows for {prefix} with the focus on the first"), timeout(), async || {
                let codes = row_codes(ui).await?;
                if codes.is_empty() || !codes.iter().all(|c| c.starts_with(prefix)) {
                    return Ok(None);
                }
                let ready = in_qty_cell_of(&codes[0])(&ui.focus().await?);
                Ok(ready.then_some(codes))
            })
            .await?;
            ui.log(&format!("{prefix}: {} rows; {} lines typed so far", codes.len(), typed.len()));
            for (i, code) in codes.iter().enumerate() {
                if typed.len() >= LINES {
                    break;
                }
                if i % FOCUS_CHECK_EVERY == 0 {
                    // Enter moves the focus when its save has answered (a key typed before that
                    // moves it at once): it must get to this row, and nowhere else.
                    ui.wait_focus(&format!("the focus in row {i} ({code})"), in_qty_cell_of(code)).await?;
                }
                match offers.get(code) {
                    Some(offer) => {
                        ui.keys(&format!("{}{ENTER}", offer.quantity)).await?;
                        typed.push(offer.clone());
                    }
                    None => {
                        ui.keys(&ENTER.to_string()).await?;
                        passed_over.push(code.clone());
                    }
                }
            }
            wait_summary_count(ui, typed.len(), timeout() * 2).await?;
            ui.checkpoint(&step, Expect::NoErrors).await
        })
        .await?;
    }
    ui.log(&format!("typed {} lines in {:.1} s; passed over {passed_over:?}", typed.len(), started.elapsed().as_secs_f64()));
    ensure!(typed.len() == LINES, "only {} orderable products under the prefixes {PREFIXES:?}", typed.len());
    let total = order_total(typed.iter().map(Offer::amount));
    let expected: BTreeMap<&str, u32> = typed.iter().map(|o| (o.product.code.as_str(), o.quantity)).collect();
    ensure!(expected.len() == LINES, "a product was typed twice");
    ui.log(&format!("expected total {total}"));

    ui.step("88-typed", async {
        wait_summary_count(ui, LINES, timeout()).await?;
        wait_amount(ui, "cart-summary-total", total).await?;
        ui.checkpoint("88-typed", Expect::NoErrors).await
    })
    .await?;

    ui.step("89-cart", async {
        ui.chord(&[ALT, '3']).await?;
        let lines = poll("300 cart lines", timeout(), async || {
            let lines = cart_lines(ui).await?;
            Ok((lines.len() == LINES).then_some(lines))
        })
        .await?;
        for line in &lines {
            let want =
                expected.get(line.code.as_str()).with_context(|| format!("the cart has a line of {} that was not typed", line.code))?;
            ensure!(line.value == want.to_string(), "the cart line of {} holds {:?}, {want} was typed", line.code, line.value);
        }
        wait_amount(ui, "cart-total", total).await?;
        ui.checkpoint("89-cart", Expect::NoErrors).await
    })
    .await?;

    ui.step("89b-typed-ahead", async {
        // Enter moves the focus once its save has answered, to draw it with the new totals; keys
        // typed before that (here in one WebDriver call, so they come back to back) must still
        // land in the rows they were meant for: a quantity, a bare Enter passing a line over,
        // another quantity. Then the same again with the old quantities back.
        let tabs = tab_to_first_qty_cell(ui).await?;
        ui.log(&format!("{tabs} Tabs to the first quantity cell"));
        let lines = cart_lines(ui).await?;
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| lines[i].code.clone());
        let was = |code: &str| expected[code];
        let (a2, c2) = (was(&a) * 2, was(&c) * 2);
        ui.keys(&format!("{a2}{ENTER}{ENTER}{c2}{ENTER}")).await?;
        ui.wait_focus("the focus on the fourth line", in_qty_cell_of(&d)).await?;
        let want = [(a.clone(), a2), (b.clone(), was(&b)), (c.clone(), c2)];
        wait_values(ui, &want).await?;
        ui.checkpoint("89b-typed-ahead", Expect::NoErrors).await?;
        ui.keys(&ARROW_UP.to_string().repeat(3)).await?;
        ui.wait_focus("the focus back on the first line", in_qty_cell_of(&a)).await?;
        ui.keys(&format!("{}{ENTER}{ENTER}{}{ENTER}", was(&a), was(&c))).await?;
        ui.wait_focus("the focus on the fourth line again", in_qty_cell_of(&d)).await?;
        let want = [(a.clone(), was(&a)), (b.clone(), was(&b)), (c.clone(), was(&c))];
        wait_values(ui, &want).await?;
        wait_amount(ui, "cart-total", total).await?;
        ui.checkpoint("89c-typed-ahead-back", Expect::NoErrors).await
    })
    .await?;

    ui.step("89d-undo-redo", async {
        // A quantity typed and ↓ (which saves it too, as Enter does); then Ctrl+Z takes that
        // change back (the line gets the focus and the total its old amount), Ctrl+Y does it
        // again, and a second Ctrl+Z leaves the cart as typed.
        let lines = cart_lines(ui).await?;
        let (d, e) = (lines[3].code.clone(), lines[4].code.clone());
        let was = expected[d.as_str()];
        ui.keys(&format!("{}{ARROW_DOWN}", was * 3)).await?;
        ui.wait_focus("the focus on the fifth line", in_qty_cell_of(&e)).await?;
        wait_values(ui, &[(d.clone(), was * 3)]).await?;
        ui.chord(&[CONTROL, 'z']).await?;
        wait_values(ui, &[(d.clone(), was)]).await?;
        ui.wait_focus("the focus on the line undone", in_qty_cell_of(&d)).await?;
        wait_amount(ui, "cart-total", total).await?;
        ui.wait_text(&testid("undo-status"), "the undo announced", |t| t.contains("已撤销").then_some(())).await?;
        ui.checkpoint("89d-undone", Expect::NoErrors).await?;
        ui.chord(&[CONTROL, 'y']).await?;
        wait_values(ui, &[(d.clone(), was * 3)]).await?;
        ui.wait_text(&testid("undo-status"), "the redo announced", |t| t.contains("已重做").then_some(())).await?;
        ui.checkpoint("89e-redone", Expect::NoErrors).await?;
        ui.chord(&[CONTROL, 'z']).await?;
        wait_values(ui, &[(d.clone(), was)]).await?;
        wait_amount(ui, "cart-total", total).await
    })
    .await?;

    let number = ui
        .step("90-submitted-by-keyboard", async {
            // Tab from the top of the page to the first quantity cell (there already after the
            // step above)…
            let tabs = tab_to_first_qty_cell(ui).await?;
            ui.log(&format!("{tabs} Tabs to the first quantity cell"));
            // …PageDown (10 rows a press) to the last line, Tab to the submit button, Enter.
            let last = cart_lines(ui).await?.pop().context("no cart lines")?.code;
            ui.keys(&PAGE_DOWN.to_string().repeat(LINES / 10)).await?;
            ui.wait_focus("PageDown to reach the last line", in_qty_cell_of(&last)).await?;
            ui.keys(&TAB.to_string()).await?;
            ui.wait_focus("Tab to reach the submit button", |f| f.testid.as_deref() == Some("submit-order")).await?;
            ui.keys(&ENTER.to_string()).await?;
            ui.wait_visible_for(&testid("order-confirmation"), timeout() * 2).await?;
            let number =
                ui.wait_text(&testid("order-number"), "the order number", |t| (!t.trim().is_empty()).then(|| t.trim().to_string())).await?;
            ui.checkpoint("90-submitted-by-keyboard", Expect::NoErrors).await?;
            Ok(number)
        })
        .await?;
    ui.log(&format!("order {number} submitted"));

    let orders = api.orders().await?.orders;
    ensure!(orders.len() == 1, "the hub has {} orders, expected 1", orders.len());
    let order = &orders[0];
    ensure!(order.order_number == number, "the hub's order is {}, the app showed {number}", order.order_number);
    ensure!(order.lines.len() == LINES, "the hub's order has {} lines, expected {LINES}", order.lines.len());
    let by_code: HashMap<&str, &Offer> = typed.iter().map(|o| (o.product.code.as_str(), o)).collect();
    for line in &order.lines {
        let Some(offer) = by_code.get(line.product_code.as_str()) else {
            bail!("the hub's order has a line of {} that was not typed", line.product_code);
        };
        ensure!(
            line.quantity == offer.quantity && line.unit_price == offer.product.price && line.line_amount == offer.amount(),
            "{}: {} × {} = {} at the hub, typed {} × {} = {}",
            line.product_code,
            line.quantity,
            line.unit_price,
            line.line_amount,
            offer.quantity,
            offer.product.price,
            offer.amount()
        );
    }
    ensure!(order.total == total, "the hub's total is {}, expected {total}", order.total);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_line_order_typed_with_the_keyboard_alone() -> Result<(), Failure> {
    let h = Harness::start("keyboard_flow").await?;
    let result = keyboard_flow(&h).await;
    h.finish(result).await
}
