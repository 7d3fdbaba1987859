//! The demo's ordering cycles, allocations, stock (some sold out, some nearly), substitutes,
//! announcements, promotions (one ending today) and one past cycle with short items, so the app has
//! all of them to show.

use super::Dice;
use crate::db::Tx;
use crate::error::HubResult;
use crate::orders::store::claim::{Claim, Row};
use chrono::NaiveDate;
use restock_protocol::announcements::NewAnnouncement;
use restock_protocol::money::{from_fen, line_amount, order_total, to_fen};
use restock_protocol::orders::{OrderLine, OrderStatus};
use restock_protocol::promotions::{Covers, Promotion, PromotionKind};
use rust_decimal::Decimal;

/// Every sixth customer from the fifth (330100000005, …11, …17) orders in cycles with a cutoff.
/// Those at 5, 17, 29… may order Monday to Saturday until 23:00; those at 11, 23, 35… on Tuesdays
/// and Fridays until 14:30, as in the domain brief.
pub const CYCLE_CUSTOMER: &str = "330100000005";
pub const TUESDAY_CUSTOMER: &str = "330100000011";
/// What is left of the products the demo has nearly sold out.
pub const LOW_STOCK: u32 = 3;
/// The demo's promotion whose last day is today.
pub const EXPIRING_PROMOTION: &str = "统一 满500减20（C类客户，今天结束）";

fn cycle_of(n: usize) -> Option<(i64, i64)> {
    match n % 12 {
        5 => Some((0b011_1111, 23 * 60)),
        11 => Some((0b001_0010, 14 * 60 + 30)),
        _ => None,
    }
}

pub(super) async fn seed(tx: &mut Tx, dice: &mut Dice, products: usize, customers: usize, today: NaiveDate, now: i64) -> HubResult<()> {
    let code = |n: usize| format!("{}", 100000 + n);
    for n in (1..=customers).filter(|n| cycle_of(*n).is_some()) {
        let (days, cutoff) = cycle_of(n).expect("filtered");
        let customer = crate::customers::store::visible_id(tx, None, &format!("3301{:08}", n)).await?.expect("seeded");
        crate::customers::store::set_schedule(tx, customer, &crate::cycles::store::schedule_from(days, Some(cutoff))).await?;
        // Allocations on the scarce cigarettes: 30 a cycle of the first 40, 10 of the next 20.
        for p in (1..=60).filter(|p| *p <= products) {
            crate::supply::store::set_allocation(tx, customer, &code(p), None, if p <= 40 { 30 } else { 10 }, now).await?;
        }
    }

    // Stock is tracked from the 21st product to the 400th; every 23rd of them is sold out, and
    // every 29th nearly so (3 left: the warehouse's low-stock view has work in it).
    for p in (21..=400).filter(|p| *p <= products) {
        let mut available = if p % 23 == 0 { 0 } else { 40 + dice.below(460) as u32 };
        let reserved = dice.below(50) as u32;
        if p % 29 == 0 && available > 0 {
            available = LOW_STOCK;
        }
        crate::supply::store::set_stock(tx, &code(p), available + reserved, available, now).await?;
    }

    // Two substitutes (替代品牌) for each allocated cigarette, from the unallocated ones.
    if products >= 120 {
        for p in 1..=40usize {
            for (rank, s) in [(1i64, 61 + (p * 7) % 60), (2, 61 + (p * 13 + 1) % 60)] {
                crate::catalogue::store::add_substitute(tx, &code(p), &code(s), rank).await?;
            }
        }
    }

    let day = 24 * 3600 * 1000;
    for (title, body, tier, age_days) in [
        ("本周供货安排", "本周二、周五正常供货。卷烟按货源分配订购，请在截止时间前点击「决定购买」，未确认的订单将于截止时作废。", None, 1),
        ("新品上架", "饮料类新增多款气泡水与无糖茶，欢迎在商品目录中查看「新品」标记。", None, 3),
        ("A 类客户信用额度调整", "自本月起，A 类客户信用额度统一调整为 50,000.00 元。", Some("A"), 5),
    ] {
        let announcement = NewAnnouncement { title: title.into(), body: body.into(), tier: tier.map(Into::into), expires_at: None };
        crate::announcements::store::insert(tx, &announcement, now - age_days * day).await?;
    }

    // Promotions for this month: 满减 on a brand for tier A, 买10送1 on a brand for all, 95折 on a
    // category for tier B.
    for (name, kind, covers, tiers) in [
        (
            "农夫山泉 满1000减50（A类客户）",
            PromotionKind::SpendSave { threshold: from_fen(100_000), off: from_fen(5_000) },
            Covers::Brand("农夫山泉".into()),
            vec!["A".to_owned()],
        ),
        ("可口可乐 买10送1", PromotionKind::BuyGet { buy: 10, get: 1 }, Covers::Brand("可口可乐".into()), vec![]),
        (
            "调味品 95折（B类客户）",
            PromotionKind::PercentOff { percent: Decimal::new(5, 0) },
            Covers::Category("调味品".into()),
            vec!["B".to_owned()],
        ),
    ] {
        let promotion = Promotion {
            id: 0,
            name: name.into(),
            kind,
            covers,
            tiers,
            valid_from: today - chrono::Days::new(15),
            valid_to: today + chrono::Days::new(15),
        };
        crate::promotions::store::insert(tx, &promotion).await?;
    }
    // One that ends today, for tier C only, for the administrator to extend or let go.
    let ending = Promotion {
        id: 0,
        name: EXPIRING_PROMOTION.into(),
        kind: PromotionKind::SpendSave { threshold: from_fen(50_000), off: from_fen(2_000) },
        covers: Covers::Brand("统一".into()),
        tiers: vec!["C".to_owned()],
        valid_from: today - chrono::Days::new(6),
        valid_to: today,
    };
    crate::promotions::store::insert(tx, &ending).await?;

    if customers >= 5 && products >= 41 {
        past_cycle_with_short_items(tx, today, now - day).await?;
    }
    Ok(())
}

/// Yesterday's cycle for the first cycle customer: 40 of product 1 asked for, 30 allotted; 15 of
/// product 41, 10 allotted. These come back as short items at the next order.
async fn past_cycle_with_short_items(tx: &mut Tx, today: NaiveDate, at: i64) -> HubResult<()> {
    let (user_id, customer_id) = crate::accounts::store::user_by_name(tx, CYCLE_CUSTOMER).await?.expect("seeded");
    let customer_id = customer_id.expect("a customer's user");
    let yesterday = today.pred_opt().unwrap_or(today);
    let wanted = [("100001", 40u32, 30u32), ("100041", 15, 10)];
    let codes: Vec<String> = wanted.iter().map(|(code, _, _)| (*code).to_owned()).collect();
    let products = crate::catalogue::store::by_codes(tx, &codes).await?;
    let lines: Vec<OrderLine> = wanted
        .iter()
        .map(|(code, demand, quantity)| {
            let product = products.iter().find(|p| p.code == *code).expect("seeded");
            let price = product.base_price_fen.money();
            OrderLine {
                product_code: product.code.clone(),
                product_name: product.name.clone(),
                unit: product.unit.clone(),
                quantity: *quantity,
                demand: *demand,
                unit_price: price,
                line_amount: line_amount(price, *quantity),
            }
        })
        .collect();
    let total = order_total(lines.iter().map(|l| l.line_amount));
    let order_id = uuid::Uuid::now_v7().to_string();
    let claim = Claim { order_id: order_id.clone(), customer_id, user_id, request_hash: "demo".into(), now_ms: at };
    let row = Row { status: OrderStatus::Submitted, total_fen: to_fen(total), cycle: yesterday, closes_at_ms: None, today: yesterday };
    crate::orders::store::claim::claim_order(tx, &claim, &row).await?;
    crate::orders::store::insert_lines(tx, &order_id, &lines).await?;
    for line in &lines {
        let allocated = if line.product_code == "100001" { 30 } else { 10 };
        crate::supply::store::take_allocation(tx, customer_id, &line.product_code, yesterday, line.quantity, allocated).await?;
    }
    crate::orders::store::record_event(tx, &order_id, OrderStatus::Submitted, at, user_id, Some("confirmed (决定购买)")).await
}
