//! The language button: the whole screen (navigation, Home's headings, the cart and its summary)
//! switches between Chinese and English, and the choice is remembered across a reload of the window.

use anyhow::{ensure, Context, Result};
use restock_e2e::{
    enter_quantity, log_in, long_timeout, numbers_in, poll, testid, timeout, Expect, Failure, Harness, HubApi, Ui, DEMO_PASSWORD,
    DEMO_USERNAME,
};
use restock_protocol::money::line_amount;
use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Zh,
    En,
}

/// (CSS, Chinese, English): exact texts from ui/src/lib/i18n/messages.ts. Navigation and Home.
const HOME: &[(&str, &str, &str)] = &[
    ("[data-testid=\"nav-home\"]", "首页", "Home"),
    ("[data-testid=\"nav-catalogue\"]", "商品目录", "Catalogue"),
    ("[data-testid=\"nav-orders\"]", "我的订单", "My orders"),
    ("[data-testid=\"lang-toggle\"]", "English", "简体中文"),
    ("#home-title", "首页", "Home"),
    ("#cycle-title", "本周期", "This cycle"),
    // The demo customer orders any day without a cutoff.
    ("[data-testid=\"cycle-headline\"]", "订货中", "Ordering is open"),
    ("#balance-title", "账户余额", "Balance"),
    ("#quick-title", "快速开始", "Quick start"),
    ("#short-title", "上次需求缺货", "Short last time"),
    ("#announcements-title", "系统公告", "Announcements"),
    ("footer.summary button", "去购物车 (Alt+3)", "Go to cart (Alt+3)"),
];

/// The cart with one line of [`CODE`] (amounts are checked apart: they are not words).
const CART: &[(&str, &str, &str)] = &[("#cart-title", "购物车", "Cart"), ("[data-testid=\"submit-order\"]", "提交订单", "Submit order")];
/// The labels in front of the cart's total and of the summary's count and total.
const CART_TOTAL_LABEL: (&str, &str) = ("订单合计", "Order total");
const SUMMARY_COUNT_LABEL: (&str, &str) = ("商品种类", "Products");
const SUMMARY_TOTAL_LABEL: (&str, &str) = ("合计", "Total");

const CODE: &str = "100004";
const QUANTITY: u32 = 2;

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3000}'..='\u{303F}').contains(&c))
}

/// Normalise whitespace (innerText puts a space or a line break between a label and its number).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Waits until every element shows exactly its text in `lang`.
async fn expect_texts(ui: &Ui, lang: Lang, table: &[(&str, &str, &str)]) -> Result<()> {
    for (css, zh, en) in table {
        let want = squash(pick(lang, zh, en));
        ui.wait_text(css, &format!("`{css}` to read {want:?}"), |t| (squash(t) == want).then_some(())).await?;
    }
    let lang_attr = ui.client.execute("return document.documentElement.lang", vec![]).await?;
    let want = pick(lang, "zh-CN", "en");
    ensure!(lang_attr == serde_json::json!(want), "<html lang> is {lang_attr}, expected {want}");
    Ok(())
}

/// What the page keeps of the choice (localStorage `restock.locale`).
async fn stored_locale(ui: &Ui) -> Result<serde_json::Value> {
    Ok(ui.client.execute("return localStorage.getItem('restock.locale')", vec![]).await?)
}

async fn toggle(ui: &Ui, to: Lang) -> Result<()> {
    ui.click("lang-toggle").await?;
    let want = pick(to, "English", "简体中文");
    ui.wait_text(&testid("lang-toggle"), &format!("the language button to offer {want:?}"), |t| (t.trim() == want).then_some(())).await
}

/// Reloads the window and waits for the app to be back (still logged in, on Home).
async fn reload(ui: &Ui) -> Result<()> {
    ui.client.refresh().await?;
    ui.wait_visible_for(&testid("app-main"), long_timeout()).await?;
    ui.wait_visible_for(&testid("cycle-status"), long_timeout()).await?;
    Ok(())
}

async fn language_flow(h: &Harness) -> Result<()> {
    let ui = &h.ui;
    let api = HubApi::login(&h.hub.url, DEMO_USERNAME, DEMO_PASSWORD).await?;
    let price = api.catalogue().await?.products.into_iter().find(|p| p.code == CODE).context("no product 100004")?.price;
    let amount = line_amount(price, QUANTITY);
    log_in(h).await?;
    ui.step("71-home-chinese", async {
        expect_texts(ui, Lang::Zh, HOME).await?;
        check_summary(ui, Lang::Zh, 0, Decimal::ZERO, false).await?;
        ui.checkpoint("71-home-chinese", Expect::NoErrors).await
    })
    .await?;

    ui.step("72-home-english", async {
        toggle(ui, Lang::En).await?;
        expect_texts(ui, Lang::En, HOME).await?;
        check_summary(ui, Lang::En, 0, Decimal::ZERO, false).await?;
        // No Chinese left in the navigation and Home's headings.
        for css in ["nav.tabs", "#home-title", "section.cycle-card h2", "footer.summary"] {
            for el in ui.visible(css).await? {
                let text = el.text().await?;
                ensure!(!has_cjk(&text), "`{css}` still shows Chinese in English: {text:?}");
            }
        }
        let stored = stored_locale(ui).await?;
        ensure!(stored == serde_json::json!("en"), "the choice is stored as {stored}, expected \"en\"");
        ui.checkpoint("72-home-english", Expect::NoErrors).await
    })
    .await?;

    ui.step("73-cart-english", async {
        enter_quantity(ui, CODE, QUANTITY).await?;
        ui.click("nav-cart").await?;
        ui.wait_visible(&format!("{}[data-code=\"{CODE}\"]", testid("cart-line"))).await?;
        expect_texts(ui, Lang::En, CART).await?;
        check_summary(ui, Lang::En, 1, amount, true).await?;
        ui.checkpoint("73-cart-english", Expect::NoErrors).await
    })
    .await?;

    ui.step("74-reloaded-english", async {
        reload(ui).await?;
        ui.click("nav-home").await?;
        expect_texts(ui, Lang::En, HOME).await?;
        check_summary(ui, Lang::En, 1, amount, false).await?;
        ui.checkpoint("74-reloaded-english", Expect::NoErrors).await
    })
    .await?;

    ui.step("75-back-to-chinese", async {
        toggle(ui, Lang::Zh).await?;
        expect_texts(ui, Lang::Zh, HOME).await?;
        ui.click("nav-cart").await?;
        expect_texts(ui, Lang::Zh, CART).await?;
        check_summary(ui, Lang::Zh, 1, amount, true).await?;
        let stored = stored_locale(ui).await?;
        ensure!(stored == serde_json::json!("zh"), "the choice is stored as {stored}, expected \"zh\"");
        ui.checkpoint("75-back-to-chinese", Expect::NoErrors).await
    })
    .await?;

    ui.step("76-reloaded-chinese", async {
        reload(ui).await?;
        ui.click("nav-cart").await?;
        expect_texts(ui, Lang::Zh, CART).await?;
        check_summary(ui, Lang::Zh, 1, amount, true).await?;
        ui.checkpoint("76-reloaded-chinese", Expect::NoErrors).await
    })
    .await
}

/// The footer's summary: "<label> <count>" and "<label> ¥<amount>" in `lang` (and, on the cart,
/// the cart's own total label).
async fn check_summary(ui: &Ui, lang: Lang, count: u32, amount: Decimal, on_cart: bool) -> Result<()> {
    let count_label = pick(lang, SUMMARY_COUNT_LABEL.0, SUMMARY_COUNT_LABEL.1);
    let total_label = pick(lang, SUMMARY_TOTAL_LABEL.0, SUMMARY_TOTAL_LABEL.1);
    let cart_label = pick(lang, CART_TOTAL_LABEL.0, CART_TOTAL_LABEL.1);
    let mut last = String::new();
    poll("the summary (and the cart total) in the language chosen", timeout(), async || {
        let text = |css: &'static str| async move {
            Ok::<_, anyhow::Error>(match ui.visible(css).await?.into_iter().next() {
                Some(el) => Some(squash(&el.text().await?)),
                None => None,
            })
        };
        let (Some(shown_count), Some(shown_total)) =
            (text("footer.summary .summary-count").await?, text("footer.summary .summary-total").await?)
        else {
            return Ok(None);
        };
        let cart = if on_cart { text("p.cart-total").await? } else { None };
        last = format!("{shown_count:?}, {shown_total:?}, cart {cart:?}");
        let words = |t: &str, label: &str| t.strip_prefix(label).is_some_and(|rest| rest.starts_with(' ') && !has_cjk(rest));
        let ok = shown_count == format!("{count_label} {count}")
            && words(&shown_total, total_label)
            && numbers_in(&shown_total) == [amount]
            && (!on_cart || cart.as_deref().is_some_and(|c| words(c, cart_label) && numbers_in(c) == [amount]));
        Ok(ok.then_some(()))
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e:#}; last read {last}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_button_switches_everything_and_is_remembered() -> Result<(), Failure> {
    let h = Harness::start("language_flow").await?;
    let result = language_flow(&h).await;
    h.finish(result).await
}
