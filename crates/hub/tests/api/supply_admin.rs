//! Stock (可订货量) and allocations (货源分配) as the back office reads and keeps them: the stock
//! list with its filters and pages, the allocations with what placed orders used of them, standing
//! and dated, within a branch admin's own customers, and every refusal as `{code, message}`.

use crate::cycles::{order, shanghai, CYCLE_CUSTOMER};
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::{json, Value};

/// A refusal's (status, code, message).
fn refusal(answer: &(u16, Value)) -> (u16, &str, &str) {
    let (status, body) = answer;
    (*status, body["code"].as_str().unwrap_or("-"), body["message"].as_str().unwrap_or("-"))
}

fn codes(page: &Value, field: &str) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i[field].as_str().unwrap().to_owned()).collect()
}

async fn ok(hub: &TestHub, path: &str, token: &str) -> Value {
    let (status, body) = hub.get(path, Some(token)).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// A hub tracking the stock of exactly 100001–100005, with available 10, 20, … 50.
async fn with_five_tracked(backend: Backend) -> (TestHub, String) {
    let hub = spawn_hub(backend).await;
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let warehouse = hub.login("warehouse").await;
    for n in 1..=5u32 {
        let body = json!({"onHand": n * 10 + 5, "available": n * 10});
        let (status, answer) = hub.put(&format!("/api/v1/admin/stock/10000{n}"), Some(&warehouse), &body).await;
        assert_eq!(status, 204, "{answer}");
    }
    (hub, warehouse)
}

async fn stock_is_listed_filtered_and_paged(backend: Backend) {
    let (hub, warehouse) = with_five_tracked(backend).await;
    let all = ok(&hub, "/api/v1/admin/stock", &warehouse).await;
    assert_eq!(codes(&all, "productCode"), ["100001", "100002", "100003", "100004", "100005"]);
    let first = &all["items"][0];
    assert_eq!((first["onHand"].as_u64(), first["available"].as_u64(), &all["next"]), (Some(15), Some(10), &Value::Null), "{all}");
    assert!(first["productName"].as_str().is_some_and(|n| !n.is_empty()) && first["unit"].is_string(), "{first}");
    assert!(first["updatedAt"].as_str().is_some_and(|t| t.contains('T')), "{first}");

    // Pages of two, by code, until `next` is none.
    let mut seen = Vec::new();
    let mut path = "/api/v1/admin/stock?limit=2".to_owned();
    loop {
        let page = ok(&hub, &path, &warehouse).await;
        assert!(page["items"].as_array().unwrap().len() <= 2);
        seen.extend(codes(&page, "productCode"));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/admin/stock?limit=2&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, codes(&all, "productCode"));

    // The low-stock view, a code prefix, and text in the name whatever its case.
    assert_eq!(codes(&ok(&hub, "/api/v1/admin/stock?below=30", &warehouse).await, "productCode"), ["100001", "100002"]);
    assert_eq!(codes(&ok(&hub, "/api/v1/admin/stock?q=100004", &warehouse).await, "productCode"), ["100004"]);
    sqlx::query("UPDATE products SET name = 'Golden Leaf 100%' WHERE code = '100003'").execute(&hub.db.pool).await.unwrap();
    assert_eq!(codes(&ok(&hub, "/api/v1/admin/stock?q=gOLDEN%20leaf", &warehouse).await, "productCode"), ["100003"]);
    assert_eq!(codes(&ok(&hub, "/api/v1/admin/stock?q=100%25", &warehouse).await, "productCode"), ["100003"], "% is text");
    assert!(codes(&ok(&hub, "/api/v1/admin/stock?q=10_", &warehouse).await, "productCode").is_empty(), "_ is text");

    // Set, then read back; no longer tracked, it leaves the list.
    let (status, body) = hub.put("/api/v1/admin/stock/100002", Some(&warehouse), &json!({"onHand": 7, "available": 3})).await;
    assert_eq!(status, 204, "{body}");
    let page = ok(&hub, "/api/v1/admin/stock?q=100002", &warehouse).await;
    assert_eq!((page["items"][0]["onHand"].as_u64(), page["items"][0]["available"].as_u64()), (Some(7), Some(3)));
    let (status, _) = hub.delete("/api/v1/admin/stock/100005", Some(&warehouse)).await;
    assert_eq!(status, 204);
    assert!(!codes(&ok(&hub, "/api/v1/admin/stock", &warehouse).await, "productCode").contains(&"100005".to_owned()));

    // Reviewers and admins read it too.
    for who in ["reviewer", "admin"] {
        ok(&hub, "/api/v1/admin/stock", &hub.login(who).await).await;
    }
}

async fn stock_refusals_say_what_and_why(backend: Backend) {
    let (hub, warehouse) = with_five_tracked(backend).await;
    let get = |path: &'static str| {
        let (hub, token) = (&hub, warehouse.clone());
        async move { hub.get(path, Some(&token)).await }
    };
    assert_eq!(refusal(&get("/api/v1/admin/stock?below=few").await), (422, "bad_request", "below: 'few' is not a whole number of units"));
    assert_eq!(refusal(&get("/api/v1/admin/stock?below=-1").await).0, 422);
    for limit in ["0", "1001", "x"] {
        let answer = hub.get(&format!("/api/v1/admin/stock?limit={limit}"), Some(&warehouse)).await;
        let (status, code, message) = refusal(&answer);
        assert_eq!((status, code), (422, "bad_request"), "{limit}");
        assert!(message.starts_with("limit: "), "{message}");
    }
    assert_eq!(refusal(&get("/api/v1/admin/stock?sort=name").await).0, 400, "a parameter it doesn't take");
    let answer = hub.put("/api/v1/admin/stock/100001", Some(&warehouse), &json!({"onHand": 5, "available": 6})).await;
    assert_eq!(refusal(&answer), (422, "bad_request", "available to order can't be more than on hand"));
    for who in ["finance", CUSTOMER_B_FIXED] {
        let (status, body) = hub.get("/api/v1/admin/stock", Some(&hub.login(who).await)).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{who}: {body}");
    }
    assert_eq!(hub.get("/api/v1/admin/stock", None).await.0, 401);
}

fn find<'a>(page: &'a Value, product: &str, cycle: Option<&str>) -> &'a Value {
    let cycle = cycle.map_or(Value::Null, |c| json!(c));
    page["items"].as_array().unwrap().iter().find(|i| i["productCode"] == product && i["cycleDate"] == cycle).unwrap_or_else(|| {
        panic!("no allocation of {product} for {cycle}: {page}");
    })
}

fn used_left(row: &Value) -> (u64, u64, u64, bool) {
    (row["quantity"].as_u64().unwrap(), row["used"].as_u64().unwrap(), row["left"].as_u64().unwrap(), row["overridden"].as_bool().unwrap())
}

async fn allocations_show_what_orders_used_standing_and_dated(backend: Backend) {
    let hub = spawn_hub(backend).await;
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let admin = hub.login("admin").await;
    let buyer = hub.login(CYCLE_CUSTOMER).await;
    hub.calendar.pretend_now(shanghai("2026-12-01 10:00:00")); // a Tuesday, after the demo's past cycle
    let mine = format!("/api/v1/admin/allocations?customer={CYCLE_CUSTOMER}&product=100001");

    // The demo's standing 30, unused; today's cycle is the default.
    let page = ok(&hub, &mine, &admin).await;
    assert_eq!(page["cycleDate"], "2026-12-01");
    let standing = find(&page, "100001", None);
    assert_eq!(used_left(standing), (30, 0, 30, false));
    assert_eq!((standing["customerCode"].as_str(), standing["customerName"].is_string()), (Some(CYCLE_CUSTOMER), true));

    // An order confirmed (决定购买) takes 10 of it in this cycle; the next cycle's is untouched.
    let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100001", 10)])).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = hub.post(&format!("/api/v1/orders/{}/confirm", body["orderId"].as_str().unwrap()), Some(&buyer), &json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(used_left(find(&ok(&hub, &mine, &admin).await, "100001", None)), (30, 10, 20, false));
    let next_cycle = ok(&hub, &format!("{mine}&cycle=2026-12-02"), &admin).await;
    assert_eq!((next_cycle["cycleDate"].as_str(), used_left(find(&next_cycle, "100001", None))), (Some("2026-12-02"), (30, 0, 30, false)));

    // A dated 50 for this cycle replaces the standing one in it, and counts the cycle's use.
    let set = json!({"customerCode": CYCLE_CUSTOMER, "productCode": "100001", "cycleDate": "2026-12-01", "quantity": 50});
    let (status, body) = hub.put("/api/v1/admin/allocations", Some(&admin), &set).await;
    assert_eq!(status, 204, "{body}");
    let page = ok(&hub, &mine, &admin).await;
    assert_eq!(codes(&page, "productCode").len(), 2, "standing first, then dated: {page}");
    assert_eq!(page["items"][0]["cycleDate"], Value::Null);
    assert_eq!(used_left(find(&page, "100001", None)), (30, 0, 30, true));
    assert_eq!(used_left(find(&page, "100001", Some("2026-12-01"))), (50, 10, 40, false));
    // Asked about the next cycle, the standing one is in force again; the dated one keeps its own cycle's use.
    let next_cycle = ok(&hub, &format!("{mine}&cycle=2026-12-02"), &admin).await;
    assert_eq!(used_left(find(&next_cycle, "100001", None)), (30, 0, 30, false));
    assert_eq!(used_left(find(&next_cycle, "100001", Some("2026-12-01"))), (50, 10, 40, false));
    let (_, supply) = hub.get("/api/v1/supply", Some(&buyer)).await;
    let item = supply["items"].as_array().unwrap().iter().find(|i| i["productCode"] == "100001").unwrap();
    assert_eq!((item["allocation"].as_u64(), item["allocationLeft"].as_u64()), (Some(50), Some(40)), "the customer sees the same");

    // Removed, it leaves the list; a whole customer's allocations come in pages that add up.
    let (status, _) = hub
        .delete(&format!("/api/v1/admin/allocations?customerCode={CYCLE_CUSTOMER}&productCode=100001&cycleDate=2026-12-01"), Some(&admin))
        .await;
    assert_eq!(status, 204);
    assert_eq!(codes(&ok(&hub, &mine, &admin).await, "productCode").len(), 1);
    let whole = ok(&hub, &format!("/api/v1/admin/allocations?customer={CYCLE_CUSTOMER}"), &admin).await;
    let mut paged = Vec::new();
    let mut path = format!("/api/v1/admin/allocations?customer={CYCLE_CUSTOMER}&limit=7");
    loop {
        let page = ok(&hub, &path, &admin).await;
        paged.extend(codes(&page, "productCode"));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/admin/allocations?customer={CYCLE_CUSTOMER}&limit=7&after={next}"),
            None => break,
        }
    }
    assert!(paged.len() > 7, "the demo allocates 60 products: {}", paged.len());
    assert_eq!(paged, codes(&whole, "productCode"));
    let product = ok(&hub, "/api/v1/admin/allocations?product=100001", &admin).await;
    assert!(product["items"].as_array().unwrap().iter().all(|i| i["productCode"] == "100001"));
}

async fn allocations_are_for_admins_within_their_branch(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    for customer in [CUSTOMER_B_FIXED, CUSTOMER_C] {
        let set = json!({"customerCode": customer, "productCode": "100003", "quantity": 40});
        assert_eq!(hub.put("/api/v1/admin/allocations", Some(&admin), &set).await.0, 204);
    }
    let everyone = ok(&hub, "/api/v1/admin/allocations?product=100003", &admin).await;
    let customers = codes(&everyone, "customerCode");
    assert!(customers.contains(&CUSTOMER_B_FIXED.to_owned()) && customers.contains(&CUSTOMER_C.to_owned()), "{everyone}");

    // 西湖's admin sees only 西湖's customers; 滨江's asked for by code is "not found".
    let branch = xihu_admin(&hub).await;
    let xihu = ok(&hub, "/api/v1/admin/allocations?product=100003", &branch).await;
    let xihu = codes(&xihu, "customerCode");
    assert!(xihu.contains(&CUSTOMER_B_FIXED.to_owned()) && !xihu.contains(&CUSTOMER_C.to_owned()), "{xihu:?}");
    let other = hub.get(&format!("/api/v1/admin/allocations?customer={CUSTOMER_C}"), Some(&branch)).await;
    assert_eq!(refusal(&other), (404, "not_found", "there is no such customer"));
    let all = ok(&hub, "/api/v1/admin/allocations?limit=1000", &branch).await;
    assert!(codes(&all, "customerCode").iter().all(|c| c.ends_with(['1', '3', '5', '7', '9'])), "{all}");

    // Every refusal, as `{code, message}`.
    let get = |path: String| {
        let (hub, token) = (&hub, admin.clone());
        async move { hub.get(&path, Some(&token)).await }
    };
    let base = "/api/v1/admin/allocations";
    assert_eq!(refusal(&get(format!("{base}?cycle=12/01")).await), (422, "bad_request", "cycle: '12/01' is not a date (YYYY-MM-DD)"));
    assert_eq!(refusal(&get(format!("{base}?limit=5000")).await).0, 422);
    assert_eq!(refusal(&get(format!("{base}?after=zz")).await).0, 422);
    assert_eq!(refusal(&get(format!("{base}?product=NO-SUCH")).await), (404, "not_found", "there is no such product"));
    assert_eq!(refusal(&get(format!("{base}?customer=339999999999")).await).0, 404);
    assert_eq!(refusal(&get(format!("{base}?customerCode={CUSTOMER_C}")).await).0, 400, "the list's names, not the delete's");
    for who in ["reviewer", "xihu-reviewer", "warehouse", "finance", CUSTOMER_B_FIXED] {
        let (status, body) = hub.get(base, Some(&hub.login(who).await)).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{who}: {body}");
    }
}

on_both_databases!(
    stock_is_listed_filtered_and_paged,
    stock_refusals_say_what_and_why,
    allocations_show_what_orders_used_standing_and_dated,
    allocations_are_for_admins_within_their_branch,
);
