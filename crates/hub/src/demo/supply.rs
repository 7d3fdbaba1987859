//! The demo's ordering cycles, allocations, stock, substitutes, announcements, promotions and one
//! past cycle with short items, so the app has all of them to show.

use super::Dice;
use crate::db::Tx;
use chrono::NaiveDate;

/// Every sixth customer from the fifth (330100000005, …11, …17) orders in cycles with a cutoff.
/// Those at 5, 17, 29… may order Monday to Saturday until 23:00; those at 11, 23, 35… on Tuesdays
/// and Fridays until 14:30, as in the domain brief.
pub const CYCLE_CUSTOMER: &str = "330100000005";
pub const TUESDAY_CUSTOMER: &str = "330100000011";

fn cycle_of(n: usize) -> Option<(i64, i64)> {
    match n % 12 {
        5 => Some((0b011_1111, 23 * 60)),
        11 => Some((0b001_0010, 14 * 60 + 30)),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn seed(
    tx: &mut Tx,
    dice: &mut Dice,
    products: usize,
    customers: usize,
    today: NaiveDate,
    now: i64,
) -> Result<(), sqlx::Error> {
    let code = |n: usize| format!("{}", 100000 + n);
    for n in (1..=customers).filter(|n| cycle_of(*n).is_some()) {
        let (days, cutoff) = cycle_of(n).expect("filtered");
        let customer = format!("3301{:08}", n);
        sqlx::query("UPDATE customers SET ordering_days = $1, cutoff_minute = $2 WHERE code = $3")
            .bind(days)
            .bind(cutoff)
            .bind(&customer)
            .execute(&mut **tx)
            .await?;
        // Allocations on the scarce cigarettes: 30 a cycle of the first 40, 10 of the next 20.
        for p in (1..=60).filter(|p| *p <= products) {
            sqlx::query(
                "INSERT INTO allocations (customer_id, product_code, cycle_date, quantity)
                 SELECT id, $1, '', $2 FROM customers WHERE code = $3",
            )
            .bind(code(p))
            .bind(if p <= 40 { 30i64 } else { 10 })
            .bind(&customer)
            .execute(&mut **tx)
            .await?;
        }
    }

    // Stock is tracked from the 21st product to the 400th; every 23rd of them is sold out.
    for p in (21..=400).filter(|p| *p <= products) {
        let available = if p % 23 == 0 { 0 } else { 40 + dice.below(460) as i64 };
        sqlx::query("INSERT INTO stock (product_code, on_hand, available, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(code(p))
            .bind(available + dice.below(50) as i64)
            .bind(available)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }

    // Two substitutes (替代品牌) for each allocated cigarette, from the unallocated ones.
    if products >= 120 {
        for p in 1..=40usize {
            for (rank, s) in [(1i64, 61 + (p * 7) % 60), (2, 61 + (p * 13 + 1) % 60)] {
                sqlx::query("INSERT INTO substitutes (product_code, substitute_code, rank) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(code(p))
                    .bind(code(s))
                    .bind(rank)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }

    let day = 24 * 3600 * 1000;
    for (title, body, tier, age_days) in [
        ("本周供货安排", "本周二、周五正常供货。卷烟按货源分配订购，请在截止时间前点击「决定购买」，未确认的订单将于截止时作废。", None, 1),
        ("新品上架", "饮料类新增多款气泡水与无糖茶，欢迎在商品目录中查看「新品」标记。", None, 3),
        ("A 类客户信用额度调整", "自本月起，A 类客户信用额度统一调整为 50,000.00 元。", Some("A"), 5),
    ] {
        sqlx::query("INSERT INTO announcements (title, body, tier, published_at) VALUES ($1, $2, $3, $4)")
            .bind(title)
            .bind(body)
            .bind(tier)
            .bind(now - age_days * day)
            .execute(&mut **tx)
            .await?;
    }

    // Promotions for this month: 满减 on a brand for tier A, 买10送1 on a brand for all, 95折 on a
    // category for tier B.
    for (name, kind, covers, tiers) in [
        (
            "农夫山泉 满1000减50（A类客户）",
            r#"{"kind":"spend_save","threshold":"1000.00","off":"50.00"}"#,
            r#"{"scope":"brand","value":"农夫山泉"}"#,
            "A",
        ),
        ("可口可乐 买10送1", r#"{"kind":"buy_get","buy":10,"get":1}"#, r#"{"scope":"brand","value":"可口可乐"}"#, ""),
        ("调味品 95折（B类客户）", r#"{"kind":"percent_off","percent":"5"}"#, r#"{"scope":"category","value":"调味品"}"#, "B"),
    ] {
        sqlx::query("INSERT INTO promotions (name, kind, covers, tiers, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(name)
            .bind(kind)
            .bind(covers)
            .bind(tiers)
            .bind((today - chrono::Days::new(15)).to_string())
            .bind((today + chrono::Days::new(15)).to_string())
            .execute(&mut **tx)
            .await?;
    }

    if customers >= 5 && products >= 41 {
        past_cycle_with_short_items(tx, today, now - day).await?;
    }
    Ok(())
}

/// Yesterday's cycle for the first cycle customer: 40 of product 1 asked for, 30 allotted; 15 of
/// product 41, 10 allotted. These come back as short items at the next order.
async fn past_cycle_with_short_items(tx: &mut Tx, today: NaiveDate, at: i64) -> Result<(), sqlx::Error> {
    let (customer_id, user_id): (i64, i64) =
        sqlx::query_as("SELECT c.id, u.id FROM customers c JOIN users u ON u.customer_id = c.id WHERE c.code = $1")
            .bind(CYCLE_CUSTOMER)
            .fetch_one(&mut **tx)
            .await?;
    let cycle = today.pred_opt().unwrap_or(today).to_string();
    let lines = [("100001", 40i64, 30i64), ("100041", 15, 10)];
    let mut total = 0i64;
    let mut priced = Vec::new();
    for (product, demand, quantity) in lines {
        let (name, unit, price): (String, String, i64) =
            sqlx::query_as("SELECT name, unit, base_price_fen FROM products WHERE code = $1").bind(product).fetch_one(&mut **tx).await?;
        total += price * quantity;
        priced.push((product, name, unit, demand, quantity, price));
    }
    let sequence = tx.next_order_sequence().await.map_err(|e| match e {
        crate::error::HubError::Database(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    })?;
    let order_id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date)
         VALUES ($1, $2, $3, $4, 'demo', 'submitted', $5, $6, $7)",
    )
    .bind(&order_id)
    .bind(customer_id)
    .bind(user_id)
    .bind(format!("SO-{}-{sequence:06}", today.pred_opt().unwrap_or(today).format("%Y%m%d")))
    .bind(total)
    .bind(at)
    .bind(&cycle)
    .execute(&mut **tx)
    .await?;
    for (index, (product, name, unit, demand, quantity, price)) in priced.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_code, product_name, unit, quantity, demand, unit_price_fen, line_amount_fen)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&order_id)
        .bind(index as i64 + 1)
        .bind(product)
        .bind(name)
        .bind(unit)
        .bind(quantity)
        .bind(demand)
        .bind(price)
        .bind(price * quantity)
        .execute(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO allocation_use (customer_id, product_code, cycle_date, used) VALUES ($1, $2, $3, $4)")
            .bind(customer_id)
            .bind(product)
            .bind(&cycle)
            .bind(quantity)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO order_events (order_id, status, at, by_user, note) VALUES ($1, 'submitted', $2, $3, 'confirmed (决定购买)')")
        .bind(&order_id)
        .bind(at)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
