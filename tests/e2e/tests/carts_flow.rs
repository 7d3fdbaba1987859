//! Saved carts and the paste dialog in the real window: a pasted list becomes a named cart (an
//! unknown code is listed, never dropped), then the cart is duplicated and the copy deleted.

use anyhow::{ensure, Result};
use restock_e2e::{log_in, poll, testid, timeout, Expect, Failure, Harness};

async fn saved_carts(ui: &restock_e2e::Ui) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for cart in ui.visible(&testid("saved-cart")).await? {
        names.push(cart.find(fantoccini::Locator::Css(&testid("saved-cart-name"))).await?.text().await?);
    }
    Ok(names)
}

async fn carts_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    log_in(h).await?;
    ui.step("41-pasted-list", async {
        ui.click("nav-cart").await?;
        ui.click("import-open").await?;
        ui.wait_visible(&testid("import-dialog")).await?;
        ui.fill_testid("import-name", "周二补货").await?;
        // Typed as a person types it: Enter (U+E007) between the rows.
        let rows = ["100004, 2", "NOPE-9 1", "100010 3"];
        let text = ui.wait_visible(&testid("import-text")).await?;
        text.click().await?;
        text.send_keys(&rows.join("\u{E007}")).await?;
        let value = text.prop("value").await?.unwrap_or_default();
        ensure!(value == rows.join("\n"), "the list box holds {value:?}");
        ui.click("import-submit").await?;
        ui.wait_text(&testid("cart-name"), "the new cart's name", |t| t.contains("周二补货").then_some(())).await?;
        let lines = ui.visible(&testid("cart-line")).await?;
        ensure!(lines.len() == 2, "the pasted cart has {} lines, expected 2", lines.len());
        let skipped = ui.visible(&testid("skipped-row")).await?;
        ensure!(skipped.len() == 1, "expected the unknown code listed once, found {} rows", skipped.len());
        ensure!(skipped[0].text().await?.contains("NOPE-9"), "the skipped row does not show the unknown code");
        ensure!(skipped[0].attr("data-reason").await?.as_deref() == Some("unknown_product"));
        ui.checkpoint("41-pasted-list", Expect::NoErrors).await
    })
    .await?;

    ui.step("42-duplicated", async {
        let active = format!("{}[data-active=\"true\"]", testid("saved-cart"));
        let duplicate = format!("{active} {}", testid("cart-duplicate"));
        ui.wait_visible(&duplicate).await?.click().await?;
        ui.wait_visible(&testid("cart-name-input")).await?;
        ui.fill_testid("cart-name-input", "周二补货 备份").await?;
        ui.click("cart-name-save").await?;
        poll("three saved carts", timeout(), async || Ok((saved_carts(ui).await?.len() == 3).then_some(()))).await?;
        let names = saved_carts(ui).await?;
        ensure!(names.iter().any(|n| n == "周二补货 备份"), "saved carts are {names:?}");
        ui.wait_text(&testid("cart-name"), "the copy to be the open cart", |t| t.contains("备份").then_some(())).await?;
        ensure!(ui.visible(&testid("cart-line")).await?.len() == 2, "the copy does not hold the two lines");
        ui.checkpoint("42-duplicated", Expect::NoErrors).await
    })
    .await?;

    ui.step("43-deleted", async {
        let active = format!("{}[data-active=\"true\"]", testid("saved-cart"));
        ui.wait_visible(&format!("{active} {}", testid("cart-delete"))).await?.click().await?;
        ui.click("cart-delete-confirm").await?;
        poll("two saved carts", timeout(), async || Ok((saved_carts(ui).await?.len() == 2).then_some(()))).await?;
        let names = saved_carts(ui).await?;
        ensure!(!names.iter().any(|n| n.contains("备份")), "the deleted copy is still listed: {names:?}");
        ui.checkpoint("43-deleted", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_a_list_into_a_named_cart_then_duplicate_and_delete_it() -> Result<(), Failure> {
    let h = Harness::start("carts_flow").await?;
    let result = carts_flow(&h).await;
    h.finish(result).await
}
