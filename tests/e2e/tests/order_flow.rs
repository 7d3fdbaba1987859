//! The buyer's main path, end to end: log in, find two products, enter quantities, submit the
//! order, and see it in the order history; then the hub's API must hold exactly that order.
//! Run with `cargo xtask test` (it sets RESTOCK_APP_BIN, RESTOCK_HUB_BIN, RESTOCK_SCREENSHOT_DIR).

use anyhow::{anyhow, bail, ensure, Result};
use restock_e2e::{
    css_escape, enter_quantity, log_in, long_timeout, numbers_in, poll, testid, timeout, wait_amount, Expect, Failure, Harness, HubApi,
    DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::catalogue::{Catalogue, Product, ProductStatus};
use restock_protocol::money::{line_amount, order_total};
use restock_protocol::orders::Order;
use rust_decimal::Decimal;

/// One line the test orders.
struct Pick {
    product: Product,
    quantity: u32,
}

impl Pick {
    fn amount(&self) -> Decimal {
        line_amount(self.product.price, self.quantity)
    }
}

/// Two on-sale products whose rules allow 2 packs: the first ordered as 2 packs, the second as the
/// smallest allowed quantity (one pack, or the minimum rounded up to the pack).
fn pick_products(catalogue: &Catalogue) -> Result<[Pick; 2]> {
    let fits = |p: &&Product| {
        let pack = p.rules.pack_multiple.max(1);
        p.status == ProductStatus::OnSale
            && p.price > Decimal::ZERO
            && p.rules.min_per_order <= 2 * pack
            && p.rules.max_per_order.is_none_or(|max| max >= 2 * pack)
    };
    let candidates: Vec<&Product> = catalogue.products.iter().filter(fits).collect();
    ensure!(candidates.len() >= 2, "the demo catalogue has fewer than two on-sale products that allow 2 packs");
    // Prefer a pack bigger than 1 for the first, so the quantity is a real multiple.
    let first = candidates.iter().find(|p| p.rules.pack_multiple > 1).unwrap_or(&candidates[0]);
    let second = candidates.iter().find(|p| p.code != first.code).expect("two candidates");
    let pack = |p: &Product| p.rules.pack_multiple.max(1);
    let smallest = |p: &Product| pack(p).max(p.rules.min_per_order.div_ceil(pack(p)) * pack(p));
    let picks =
        [Pick { product: (*first).clone(), quantity: 2 * pack(first) }, Pick { product: (*second).clone(), quantity: smallest(second) }];
    for pick in &picks {
        pick.product
            .rules
            .check(pick.quantity)
            .map_err(|e| anyhow!("picked quantity {} for {} breaks its rules: {e}", pick.quantity, pick.product.code))?;
    }
    Ok(picks)
}

async fn order_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;

    // What the hub offers this customer: choose the lines and work out the total ourselves.
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let catalogue = api.catalogue().await?;
    let picks = pick_products(&catalogue)?;
    let expected_total = order_total(picks.iter().map(Pick::amount));
    for p in &picks {
        ui.log(&format!(
            "will order {} × {} ({}, {} each, pack {}, min {}, max {:?}) = {}",
            p.quantity,
            p.product.code,
            p.product.name,
            p.product.price,
            p.product.rules.pack_multiple,
            p.product.rules.min_per_order,
            p.product.rules.max_per_order,
            p.amount()
        ));
    }
    ui.log(&format!("expected total {expected_total}; catalogue has {} products", catalogue.products.len()));

    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), long_timeout()).await.map(drop) }).await?;
    ui.step("01-login", ui.checkpoint("01-login", Expect::NoErrors)).await?;
    // The login screen is already up: log_in fills it and waits for the catalogue.
    log_in(h).await?;
    ui.step("02-catalogue", ui.checkpoint("02-catalogue", Expect::NoErrors)).await?;

    let mut running = Vec::new();
    for pick in &picks {
        running.push(pick.amount());
        let so_far = order_total(running.iter().copied());
        ui.step(&format!("quantity-{}", pick.product.code), async {
            enter_quantity(ui, &pick.product.code, pick.quantity).await?;
            wait_amount(ui, "cart-summary-total", so_far).await
        })
        .await?;
    }
    ui.step("03-quantities", async {
        ui.checkpoint("03-quantities", Expect::NoErrors).await?;
        wait_amount(ui, "cart-summary-total", expected_total).await
    })
    .await?;

    ui.step("04-cart", async {
        ui.click("nav-cart").await?;
        let lines = testid("cart-line");
        poll("two `cart-line`s", timeout(), async || Ok((ui.visible(&lines).await?.len() == 2).then_some(()))).await?;
        for pick in &picks {
            let line = ui.visible(&lines).await?;
            let mut found = false;
            for l in line {
                let text = l.text().await?;
                if text.contains(&pick.product.code) || text.contains(&pick.product.name) {
                    found = true;
                    // The quantity is in an input if the line is editable, else in the text.
                    let values = ui.input_values(&l).await?;
                    let quantity = Decimal::from(pick.quantity);
                    let shown = if values.is_empty() {
                        numbers_in(&text).contains(&quantity)
                    } else {
                        values.iter().any(|v| numbers_in(v) == [quantity])
                    };
                    ensure!(
                        shown,
                        "the cart line of {} does not show the quantity {}: text {text:?}, inputs {values:?}",
                        pick.product.code,
                        pick.quantity
                    );
                }
            }
            ensure!(found, "no cart line shows {} ({})", pick.product.code, pick.product.name);
        }
        wait_amount(ui, "cart-total", expected_total).await?;
        ui.checkpoint("04-cart", Expect::NoErrors).await
    })
    .await?;

    let order_number = ui
        .step("05-submitted", async {
            ui.click("submit-order").await?;
            ui.wait_visible(&testid("order-confirmation")).await?;
            let shown = ui
                .wait_text(&testid("order-number"), "`order-number` to show the order number", |t| {
                    let t = t.trim();
                    (!t.is_empty()).then(|| t.to_string())
                })
                .await?;
            ui.checkpoint("05-submitted", Expect::NoErrors).await?;
            Ok(shown)
        })
        .await?;
    ui.log(&format!("the app shows order number {order_number:?}"));

    // The hub's own record of it.
    let orders = api.orders().await?.orders;
    let matching: Vec<&Order> =
        orders.iter().filter(|o| o.order_number == order_number || order_number.contains(o.order_number.as_str())).collect();
    ensure!(
        matching.len() == 1,
        "expected exactly one order numbered {order_number:?} at the hub, found {} (the hub has {:?})",
        matching.len(),
        orders.iter().map(|o| &o.order_number).collect::<Vec<_>>()
    );
    let order = matching[0];

    ui.step("06-orders", async {
        ui.click("nav-orders").await?;
        let row = format!("{}[data-order-number=\"{}\"]", testid("order-row"), css_escape(&order.order_number));
        ui.wait_visible(&row).await?;
        ui.checkpoint("06-orders", Expect::NoErrors).await
    })
    .await?;

    ensure!(order.lines.len() == 2, "the order has {} lines, expected 2: {:#?}", order.lines.len(), order.lines);
    for pick in &picks {
        let Some(line) = order.lines.iter().find(|l| l.product_code == pick.product.code) else {
            bail!("the order has no line for {}: {:#?}", pick.product.code, order.lines);
        };
        ensure!(line.quantity == pick.quantity, "{}: quantity {} at the hub, {} entered", pick.product.code, line.quantity, pick.quantity);
        ensure!(
            line.unit_price == pick.product.price,
            "{}: unit price {} at the hub, {} in the catalogue",
            pick.product.code,
            line.unit_price,
            pick.product.price
        );
        ensure!(
            line.line_amount == pick.amount(),
            "{}: line amount {} at the hub, expected {}",
            pick.product.code,
            line.line_amount,
            pick.amount()
        );
    }
    ensure!(order.total == expected_total, "order total {} at the hub, expected {expected_total}", order.total);
    ui.log(&format!("hub has order {} with total {}", order.order_number, order.total));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_two_products_and_find_it_in_the_history() -> Result<(), Failure> {
    let h = Harness::start("order_flow").await?;
    let result = order_flow(&h).await;
    h.finish(result).await
}

async fn wrong_password(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    ui.step("wait-login-screen", async { ui.wait_visible_for(&testid("login-screen"), long_timeout()).await.map(drop) }).await?;
    ui.step("log-in-wrong-password", async {
        ui.fill_testid("login-hub-url", &h.hub.url).await?;
        ui.fill_testid("login-username", DEMO_USERNAME).await?;
        ui.fill_testid("login-password", "not-the-password").await?;
        ui.click("login-submit").await
    })
    .await?;
    ui.step("10-login-error", async {
        let message = ui
            .wait_text(&testid("login-error"), "`login-error` to show a message", |t| {
                let t = t.trim();
                (!t.is_empty()).then(|| t.to_string())
            })
            .await?;
        ui.log(&format!("login-error says {message:?}"));
        ui.checkpoint("10-login-error", Expect::LoginError).await?;
        ensure!(ui.visible(&testid("app-main")).await?.is_empty(), "`app-main` is showing after a wrong password");
        Ok(())
    })
    .await?;
    ui.step("11-screen-check-catches-an-unnamed-control", async {
        // The checks every screenshot makes, shown to work: a button with nothing a screen reader
        // could read fails it, and the same screen without it passes.
        let add = "const b = document.createElement('button'); b.id = 'unnamed-probe'; \
                   b.style.width = '40px'; b.style.height = '20px'; document.body.appendChild(b);";
        ui.client.execute(add, vec![]).await?;
        let caught = ui.checkpoint("11-unnamed-control", Expect::LoginError).await;
        ui.client.execute("document.getElementById('unnamed-probe').remove();", vec![]).await?;
        ensure!(
            caught.as_ref().is_err_and(|e| e.to_string().contains("unnamed-probe")),
            "a button without a name passed the screen check: {caught:?}"
        );
        ui.checkpoint("11-named-controls-only", Expect::LoginError).await?;
        // A text field with the focus and its outline taken away fails it too.
        let add = "const i = document.createElement('input'); i.id = 'focus-probe'; \
                   i.setAttribute('aria-label', 'probe'); \
                   i.style.setProperty('outline', 'none', 'important'); \
                   i.style.setProperty('box-shadow', 'none', 'important'); \
                   document.body.appendChild(i); i.focus();";
        ui.client.execute(add, vec![]).await?;
        let caught = ui.checkpoint("11-hidden-focus", Expect::LoginError).await;
        ui.client.execute("document.getElementById('focus-probe').remove();", vec![]).await?;
        ensure!(
            caught.as_ref().is_err_and(|e| e.to_string().contains("focus-probe")),
            "a focus nothing showed passed the screen check: {caught:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_shows_login_error() -> Result<(), Failure> {
    let h = Harness::start("login_error").await?;
    let result = wrong_password(&h).await;
    h.finish(result).await
}
