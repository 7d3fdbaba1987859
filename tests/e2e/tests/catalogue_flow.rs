//! The catalogue as a buyer browses it: a brand filter narrows the list to that brand, a price band
//! narrows it further (and a band the wrong way round is said to be so), the cheapest first when
//! sorted by price; picture tiles show the picture the supplier uploaded; a product's details
//! show the customer's price; a product pinned as usual comes first in the next search.

use anyhow::{anyhow, ensure, Context, Result};
use restock_e2e::fantoccini::Locator;
use restock_e2e::{
    choose, log_in, numbers_in, poll, row_css, testid, timeout, Expect, Failure, Harness, HubApi, Ui, DEMO_PASSWORD, DEMO_USERNAME,
};
use restock_protocol::catalogue::{Product, ProductStatus};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The codes and prices of the rows on screen, in order.
async fn rows(ui: &Ui) -> Result<Vec<(String, Decimal)>> {
    let mut rows = Vec::new();
    for row in ui.visible(&testid("product-row")).await? {
        let code = row.attr("data-code").await?.ok_or_else(|| anyhow!("a product row without data-code"))?;
        let price = row.find(Locator::Css(&testid("product-price"))).await?.text().await?;
        let price = *numbers_in(&price).first().ok_or_else(|| anyhow!("row {code}: no price in {price:?}"))?;
        rows.push((code, price));
    }
    Ok(rows)
}

/// Waits until the rows on screen satisfy `check` (the list is searched again after each change).
async fn wait_rows<T>(ui: &Ui, what: &str, check: impl Fn(&[(String, Decimal)]) -> Option<T>) -> Result<T> {
    poll(what, timeout(), async || {
        let rows = rows(ui).await?;
        Ok(if rows.is_empty() { None } else { check(&rows) })
    })
    .await
}

/// The brand with the most products on sale, as long as they fit in one screenful of search results.
fn busiest_brand(products: &[Product]) -> Result<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in products.iter().filter(|p| p.status == ProductStatus::OnSale) {
        *counts.entry(p.brand.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| (4..=150).contains(n))
        .max_by_key(|(brand, n)| (*n, std::cmp::Reverse(*brand)))
        .map(|(brand, _)| brand.to_string())
        .context("the demo catalogue has no brand with 4 to 150 products")
}

async fn catalogue_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let buyer = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let products = buyer.catalogue().await?.products;
    let by_code: HashMap<&str, &Product> = products.iter().map(|p| (p.code.as_str(), p)).collect();
    let brand = busiest_brand(&products)?;
    // Everything of that brand the catalogue lists (delisted products are listed too, marked so).
    let mut of_brand: Vec<&Product> = products.iter().filter(|p| p.brand == brand).collect();
    of_brand.sort_by(|a, b| a.price.cmp(&b.price).then_with(|| a.code.cmp(&b.code)));
    let pictured = of_brand[0].code.clone();

    // The supplier uploads a picture for the cheapest product of the brand before the buyer logs in.
    let admin = HubApi::login(&h.hub.url, "admin", DEMO_PASSWORD).await?;
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../icons/128x128.png"))?;
    admin.put_bytes(&restock_protocol::routes::path(restock_protocol::routes::PRODUCT_IMAGE_UPLOAD, &[&pictured]), png).await?;

    log_in(h).await?;

    ui.step("51-brand-filter", async {
        ui.click("nav-catalogue").await?;
        ui.wait_visible(&testid("product-row")).await?;
        choose(ui, "filter-brand", &brand).await?;
        let want = of_brand.len();
        let shown = wait_rows(ui, &format!("the {want} products of {brand}"), |rows| {
            (rows.len() == want && rows.iter().all(|(c, _)| by_code.get(c.as_str()).is_some_and(|p| p.brand == brand)))
                .then(|| rows.to_vec())
        })
        .await?;
        for (code, price) in &shown {
            let product = by_code[code.as_str()];
            ensure!(*price == product.price, "{code} shows {price}, the hub's price for this customer is {}", product.price);
        }
        ui.checkpoint("51-brand-filter", Expect::NoErrors).await
    })
    .await?;

    ui.step("52-price-band-and-sort", async {
        choose(ui, "sort-select", "price_ascending").await?;
        let cheapest: Vec<String> = of_brand.iter().map(|p| p.code.clone()).collect();
        wait_rows(ui, "the brand's products, cheapest first", |rows| {
            (rows.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>() == cheapest).then_some(())
        })
        .await?;
        // A band from the median price up.
        let floor = of_brand[of_brand.len() / 2].price;
        ui.fill_testid("filter-min-price", &floor.to_string()).await?;
        let want = of_brand.iter().filter(|p| p.price >= floor).count();
        wait_rows(ui, &format!("the {want} products from ¥{floor}"), |rows| {
            (rows.len() == want && rows.iter().all(|(_, price)| *price >= floor) && rows.windows(2).all(|w| w[0].1 <= w[1].1)).then_some(())
        })
        .await?;
        // A band the wrong way round says so rather than showing nothing.
        let below = (floor - Decimal::ONE).max(Decimal::ZERO);
        ui.fill_testid("filter-max-price", &below.to_string()).await?;
        let problem = ui.wait_visible(&testid("price-problem")).await?.text().await?;
        ensure!(!problem.trim().is_empty(), "the price band problem is empty");
        ui.checkpoint("52-price-band-the-wrong-way-round", Expect::NoErrors).await?;
        ui.fill_testid("filter-max-price", "").await?;
        poll("the price band problem to go", timeout(), async || Ok(ui.visible(&testid("price-problem")).await?.is_empty().then_some(())))
            .await?;
        ui.fill_testid("filter-min-price", "").await?;
        wait_rows(ui, "the whole brand again", |rows| (rows.len() == of_brand.len()).then_some(())).await?;
        Ok(())
    })
    .await?;

    ui.step("53-picture-tiles", async {
        ui.click("view-toggle").await?;
        ui.wait_visible(&testid("product-tiles")).await?;
        let tile = format!("{}[data-view=\"tile\"]", row_css(&pictured));
        ui.wait_visible(&tile).await?;
        // The uploaded picture is fetched and decoded: a real image, not the brand's initial.
        let img = format!("{tile} {} img", testid("product-picture"));
        poll(&format!("the picture of {pictured} to be shown"), timeout(), async || {
            let width = ui
                .client
                .execute(
                    "const img = document.querySelector(arguments[0]); return img && img.complete ? img.naturalWidth : 0;",
                    vec![img.clone().into()],
                )
                .await?;
            Ok((width.as_u64().unwrap_or(0) > 0).then_some(width))
        })
        .await?;
        let placeholders = ui.visible(&format!("{} .initial", testid("product-picture"))).await?;
        ensure!(!placeholders.is_empty(), "products without a picture should show their brand's initial");
        ui.checkpoint("53-picture-tiles", Expect::NoErrors).await
    })
    .await?;

    ui.step("54-product-detail", async {
        let product = by_code[pictured.as_str()];
        let link = format!("{} .product-link", row_css(&pictured));
        ui.wait_visible(&link).await?.click().await?;
        ui.wait_visible(&testid("product-detail")).await?;
        ui.wait_text(&testid("detail-code"), "the detail's code", |t| (t.trim() == pictured).then_some(())).await?;
        let price = ui.wait_visible(&testid("detail-price")).await?.text().await?;
        ensure!(
            numbers_in(&price).first() == Some(&product.price),
            "the detail shows {price:?}, the hub's price for this customer is {}",
            product.price
        );
        let name = ui.wait_visible(&testid("product-detail")).await?.text().await?;
        ensure!(name.contains(&product.name), "the detail does not name {}", product.name);
        ui.checkpoint("54-product-detail", Expect::NoErrors).await?;
        ui.click("detail-close").await?;
        poll("the detail to close", timeout(), async || Ok(ui.visible(&testid("product-detail")).await?.is_empty().then_some(()))).await
    })
    .await?;

    ui.step("55-usual-first", async {
        ui.click("view-toggle").await?;
        ui.wait_visible(&format!("table {}", testid("product-row"))).await?;
        // The brand's dearest product, which is not first in any list so far.
        let usual = of_brand.last().map(|p| p.code.clone()).context("no product")?;
        let pin = format!("{} {}", row_css(&usual), testid("pin-usual"));
        ui.wait_visible(&pin).await?.click().await?;
        ui.wait_visible(&testid("usual-toast")).await?;
        ui.wait_visible(&format!("{pin}[data-pinned=\"true\"]")).await?;
        // Back to the whole catalogue in its usual order: the pinned product heads it.
        ui.click("filter-clear").await?;
        choose(ui, "sort-select", "relevance").await?;
        wait_rows(ui, &format!("{usual} first in the whole catalogue"), |rows| {
            (rows.len() > of_brand.len() && rows[0].0 == usual).then_some(())
        })
        .await?;
        let brand_chosen = ui.wait_visible(&format!("select{}", testid("filter-brand"))).await?.prop("value").await?;
        ensure!(brand_chosen.as_deref() == Some(""), "the brand filter still shows {brand_chosen:?}");
        ui.checkpoint("55-usual-first", Expect::NoErrors).await
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_sort_tiles_detail_and_usual_products_in_the_catalogue() -> Result<(), Failure> {
    let h = Harness::start("catalogue_flow").await?;
    let result = catalogue_flow(&h).await;
    h.finish(result).await
}
