//! Review in two levels (审核): an order of a branch's customer above the supplier's limit is
//! approved by the branch first, then by headquarters; smaller ones by either, once.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_hub::review::levels::BRANCH_APPROVED_NOTE;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// An order of 330100000001 (西湖分公司) coming to more than `over`.
pub async fn order_over(hub: &TestHub, token: &str, over: Decimal) -> String {
    let product = hub
        .catalogue(token)
        .await
        .into_iter()
        // On sale, with no maximum per order (stock is not tracked in these tests).
        .find(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.max_per_order.is_none())
        .expect("an unlimited product");
    let pack = Decimal::from(product.rules.pack_multiple);
    let packs = (over / (product.price * pack)).floor() + Decimal::ONE;
    let quantity = u32::try_from((packs * pack).mantissa()).unwrap().max(product.rules.min_per_order);
    let (status, body) = hub.post("/api/v1/orders", Some(token), &order(&[(&product.code, quantity)])).await;
    assert_eq!(status, 201, "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

async fn approve(hub: &TestHub, token: &str, order_id: &str) -> (u16, Value) {
    hub.post(&format!("/api/v1/admin/orders/{order_id}/approve"), Some(token), &json!({})).await
}

async fn setup(backend: Backend) -> (TestHub, String, String, String) {
    let hub = spawn_hub(backend).await;
    // Large orders, not limited by money or stock: these tests are about who reviews them.
    sqlx::query("UPDATE customers SET prepaid_balance_fen = NULL, credit_limit_fen = NULL").execute(&hub.db.pool).await.unwrap();
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let hq = hub.login("reviewer").await;
    let branch = hub.login("xihu-reviewer").await;
    (hub, buyer, hq, branch)
}

async fn a_large_order_is_approved_by_its_branch_then_by_headquarters(backend: Backend) {
    let (hub, buyer, hq, branch) = setup(backend).await;
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;

    // Headquarters can't go first.
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("needs_branch_review")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("over ¥20000.00"), "{body}");

    // The branch approves: recorded, still waiting for headquarters.
    let (status, body) = approve(&hub, &branch, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("submitted")), "{body}");
    let history = body["order"]["history"].as_array().unwrap().clone();
    let last = history.last().unwrap();
    assert_eq!((last["by"].as_str(), last["note"].as_str()), (Some("xihu-reviewer"), Some(BRANCH_APPROVED_NOTE)));
    // Twice is once.
    let (status, again) = approve(&hub, &branch, &large).await;
    assert_eq!(status, 200);
    assert_eq!(again["order"]["history"].as_array().unwrap().len(), history.len(), "no second branch approval");

    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
    assert_eq!(body["order"]["history"].as_array().unwrap().last().unwrap()["by"], "reviewer");
    let (_, seen) = hub.get(&format!("/api/v1/orders/{large}"), Some(&buyer)).await;
    assert_eq!(seen["status"], "approved", "the customer sees it approved: {seen}");
}

async fn small_orders_and_rejections_take_one_review(backend: Backend) {
    let (hub, buyer, hq, branch) = setup(backend).await;
    let small = order_over(&hub, &buyer, Decimal::new(100, 0)).await;
    let (status, body) = approve(&hub, &branch, &small).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "under the limit the branch decides: {body}");

    // A rejection by the branch is final, large or not.
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{large}/reject"), Some(&branch), &json!({"reason": "超出本月额度"})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("rejected")), "{body}");
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")), "{body}");

    // With the rule off, one review decides every order.
    let admin = hub.login("admin").await;
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": null})).await;
    assert_eq!((status, body["hqReviewOver"].clone()), (200, Value::Null), "{body}");
    let large = order_over(&hub, &buyer, Decimal::new(20_000, 0)).await;
    let (status, body) = approve(&hub, &hq, &large).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
}

async fn only_admins_set_the_review_rule(backend: Backend) {
    let (hub, buyer, hq, _) = setup(backend).await;
    let admin = hub.login("admin").await;
    let (status, body) = hub.get("/api/v1/admin/review-rule", Some(&hq)).await;
    assert_eq!((status, body["hqReviewOver"].as_str()), (200, Some("20000.00")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&hq), &json!({"hqReviewOver": "1.00"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.get("/api/v1/admin/review-rule", Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": "-5.00"})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    let (status, body) = hub.put("/api/v1/admin/review-rule", Some(&admin), &json!({"hqReviewOver": "5000.00"})).await;
    assert_eq!((status, body["hqReviewOver"].as_str()), (200, Some("5000.00")), "{body}");
    let (_, body) = hub.get("/api/v1/admin/review-rule", Some(&admin)).await;
    assert_eq!(body["hqReviewOver"], "5000.00");
}

on_both_databases!(
    a_large_order_is_approved_by_its_branch_then_by_headquarters,
    small_orders_and_rejections_take_one_review,
    only_admins_set_the_review_rule
);

// ---------------------------------------------------------------------------------------------
// The order queue: filters, sorts and keyset pages, against the same orders read straight from the database.

/// An order as the tests know it, read from the database.
#[derive(Debug, Clone)]
struct Known {
    id: String,
    at: i64,
    fen: i64,
    status: String,
    code: String,
    name: String,
    branch: Option<String>,
}

/// 2026-11-23 00:00 in Asia/Shanghai, in ms.
const DAY0: i64 = 1_795_363_200_000;
const DAY_MS: i64 = 86_400_000;

async fn insert_order(hub: &TestHub, code: &str, status: &str, fen: i64, at: i64, branch_approved_by: Option<i64>) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO orders (order_id, customer_id, user_id, order_number, request_hash, status, total_fen, created_at, cycle_date, branch_approved_by)
         SELECT $1, c.id, (SELECT MIN(u.id) FROM users u WHERE u.customer_id = c.id), 'SO-T-' || $1, 'queue-test', $2, $3, $4, '2026-11-23', $5
         FROM customers c WHERE c.code = $6",
    )
    .bind(&id)
    .bind(status)
    .bind(fen)
    .bind(at)
    .bind(branch_approved_by)
    .bind(code)
    .execute(&hub.db.pool)
    .await
    .unwrap();
    id
}

/// 150 orders over the demo's 12 customers and three days around midnight, four at each instant
/// and amounts that repeat, so every sort has ties its last key must break.
async fn seed_queue(hub: &TestHub) {
    let statuses = ["submitted", "approved", "rejected", "submitted", "cancelled", "saved"];
    for n in 0..150_i64 {
        let code = format!("3301000000{:02}", n % 12 + 1);
        // Four at each instant: 22:00 on the 22nd, then hourly into the 24th.
        let at = DAY0 - 2 * 3_600_000 + (n / 4) * 3_600_000;
        insert_order(hub, &code, statuses[n as usize % statuses.len()], 1_000 * (n % 7 + 1), at, None).await;
    }
}

async fn known(hub: &TestHub) -> Vec<Known> {
    type Row = (String, i64, i64, String, String, String, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.order_id, o.created_at, o.total_fen, o.status, c.code, c.name, b.name
         FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN branches b ON b.id = c.branch_id",
    )
    .fetch_all(&hub.db.pool)
    .await
    .unwrap();
    rows.into_iter().map(|(id, at, fen, status, code, name, branch)| Known { id, at, fen, status, code, name, branch }).collect()
}

fn sorted(mut orders: Vec<Known>, sort: &str) -> Vec<String> {
    match sort {
        "newest" => orders.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id))),
        "oldest" => orders.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id))),
        "amount_desc" => orders.sort_by(|a, b| (b.fen, b.at, &b.id).cmp(&(a.fen, a.at, &a.id))),
        "amount_asc" => orders.sort_by(|a, b| (a.fen, a.at, &a.id).cmp(&(b.fen, b.at, &b.id))),
        "customer" => orders.sort_by(|a, b| a.code.cmp(&b.code).then((b.at, &b.id).cmp(&(a.at, &a.id)))),
        other => panic!("{other}"),
    }
    orders.into_iter().map(|o| o.id).collect()
}

/// Every page of the queue for `query`, `limit` at a time: the ids in the order given.
async fn every_page(hub: &TestHub, token: &str, query: &str, limit: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..1000 {
        let cursor = after.as_ref().map(|a| format!("&after={a}")).unwrap_or_default();
        let (status, body) = hub.get(&format!("/api/v1/admin/orders?limit={limit}&{query}{cursor}"), Some(token)).await;
        assert_eq!(status, 200, "{query}: {body}");
        let page = body["orders"].as_array().unwrap();
        assert!(page.len() <= limit, "{query}: a page of at most {limit}");
        ids.extend(page.iter().map(|o| o["orderId"].as_str().unwrap().to_owned()));
        match body["next"].as_str() {
            Some(next) => {
                assert_eq!(page.len(), limit, "{query}: only the last page is short");
                after = Some(next.to_owned());
            }
            None => return ids,
        }
    }
    panic!("{query}: more than 1000 pages");
}

async fn the_queue_pages_through_every_order_once_in_each_sort(backend: Backend) {
    let (hub, _, hq, branch) = setup(backend).await;
    seed_queue(&hub).await;
    let all = known(&hub).await;
    assert!(all.len() > 150);
    let xihu: Vec<Known> = all.iter().filter(|o| o.branch.as_deref() == Some("西湖分公司")).cloned().collect();
    for sort in ["newest", "oldest", "amount_desc", "amount_asc", "customer"] {
        for limit in [7, 50] {
            let ids = every_page(&hub, &hq, &format!("sort={sort}"), limit).await;
            assert_eq!(ids, sorted(all.clone(), sort), "headquarters, {sort}, {limit} a page");
            let ids = every_page(&hub, &branch, &format!("sort={sort}"), limit).await;
            assert_eq!(ids, sorted(xihu.clone(), sort), "西湖, {sort}, {limit} a page");
        }
    }
    // The default: newest first, 50 a page.
    let (_, body) = hub.get("/api/v1/admin/orders", Some(&hq)).await;
    let first: Vec<&str> = body["orders"].as_array().unwrap().iter().map(|o| o["orderId"].as_str().unwrap()).collect();
    assert_eq!(first, sorted(all.clone(), "newest")[..50].iter().map(String::as_str).collect::<Vec<_>>());
    let row = &body["orders"][0];
    for field in ["orderNumber", "customerCode", "customerName", "branch", "status", "createdAt", "cycleDate", "total", "branchApproved"] {
        assert!(!row[field].is_null(), "{field} in {row}");
    }
}

async fn each_filter_narrows_the_queue(backend: Backend) {
    let (hub, _, hq, branch) = setup(backend).await;
    seed_queue(&hub).await;
    let all = known(&hub).await;
    let name_of_3 = all.iter().find(|o| o.code == CUSTOMER_A).unwrap().name.clone();
    let name_part: String = name_of_3.chars().skip(1).take(3).collect();
    let xihu_id: i64 = sqlx::query_scalar("SELECT id FROM branches WHERE name = '西湖分公司'").fetch_one(&hub.db.pool).await.unwrap();
    let day = |d: i64| DAY0 + d * DAY_MS;
    type Keep = Box<dyn Fn(&Known) -> bool>;
    let cases: Vec<(String, Keep)> = vec![
        ("status=submitted".into(), Box::new(|o: &Known| o.status == "submitted")),
        ("status=submitted,rejected".into(), Box::new(|o: &Known| o.status == "submitted" || o.status == "rejected")),
        (
            "status=approved,%20cancelled,saved".into(),
            Box::new(|o: &Known| ["approved", "cancelled", "saved"].contains(&o.status.as_str())),
        ),
        ("from=2026-11-23&to=2026-11-23".into(), Box::new(move |o: &Known| o.at >= day(0) && o.at < day(1))),
        ("from=2026-11-24".into(), Box::new(move |o: &Known| o.at >= day(1))),
        ("to=2026-11-22".into(), Box::new(move |o: &Known| o.at < day(0))),
        (format!("customer={CUSTOMER_A}"), Box::new(|o: &Known| o.code == CUSTOMER_A)),
        ("customer=00000001".into(), Box::new(|o: &Known| o.code.contains("00000001"))),
        (format!("customer={name_part}"), Box::new(move |o: &Known| o.name.contains(&name_part) || o.code.contains(&name_part))),
        ("customer=%25".into(), Box::new(|o: &Known| o.name.contains('%') || o.code.contains('%'))),
        ("branch=西湖分公司".into(), Box::new(|o: &Known| o.branch.as_deref() == Some("西湖分公司"))),
        (format!("branch={xihu_id}"), Box::new(|o: &Known| o.branch.as_deref() == Some("西湖分公司"))),
        ("branch=杭州大区".into(), Box::new(|o: &Known| o.branch.is_some())),
        ("minAmount=30&maxAmount=50.00".into(), Box::new(|o: &Known| (3_000..=5_000).contains(&o.fen))),
        ("minAmount=60.5".into(), Box::new(|o: &Known| o.fen >= 6_050)),
        ("maxAmount=20".into(), Box::new(|o: &Known| o.fen <= 2_000)),
        (
            "status=submitted,approved&from=2026-11-23&minAmount=20&customer=3301&branch=滨江分公司".to_owned(),
            Box::new(move |o: &Known| {
                ["submitted", "approved"].contains(&o.status.as_str())
                    && o.at >= day(0)
                    && o.fen >= 2_000
                    && o.branch.as_deref() == Some("滨江分公司")
            }),
        ),
    ];
    for (query, keep) in &cases {
        let expected: Vec<Known> = all.iter().filter(|o| keep(o)).cloned().collect();
        assert!(!expected.is_empty() || query.contains("%25"), "{query} keeps some orders");
        for sort in ["newest", "amount_asc", "customer"] {
            let ids = every_page(&hub, &hq, &format!("{query}&sort={sort}"), 9).await;
            assert_eq!(ids, sorted(expected.clone(), sort), "{query}, {sort}");
        }
        // Branch staff: the same filter within their branch; another branch is "no such branch" to them.
        if query.contains("branch=滨江分公司") {
            let (status, body) = hub.get(&format!("/api/v1/admin/orders?{query}"), Some(&branch)).await;
            assert_eq!((status, body["message"].as_str()), (422, Some("branch: there is no branch 滨江分公司")), "西湖: {query}: {body}");
            continue;
        }
        let within: Vec<Known> = expected.iter().filter(|o| o.branch.as_deref() == Some("西湖分公司")).cloned().collect();
        let ids = every_page(&hub, &branch, &format!("{query}&sort=oldest"), 9).await;
        assert_eq!(ids, sorted(within, "oldest"), "西湖: {query}");
    }
}

async fn bad_parameters_and_cursors_are_refused_by_name(backend: Backend) {
    let (hub, _, hq, _) = setup(backend).await;
    seed_queue(&hub).await;
    let cases = [
        ("status=shipped", 422, "status"),
        ("from=2026-13-01", 422, "from"),
        ("from=2026-11-24&to=2026-11-23", 422, "from"),
        ("to=yesterday", 422, "to"),
        ("limit=0", 422, "limit"),
        ("limit=201", 422, "limit"),
        ("limit=ten", 422, "limit"),
        ("minAmount=1.234", 422, "minAmount"),
        ("minAmount=-1", 422, "minAmount"),
        ("maxAmount=lots", 422, "maxAmount"),
        ("maxAmount=99999999999999999999", 422, "maxAmount"),
        ("minAmount=10&maxAmount=5", 422, "minAmount"),
        ("sort=price", 422, "sort"),
        ("branch=月球分公司", 422, "branch"),
        ("awaitingMe=maybe", 422, "awaitingMe"),
        ("after=zz", 422, "after"),
        ("after=5b5d", 422, "after"),
        ("minamount=5", 400, "minamount"),
    ];
    for (query, status, named) in cases {
        let (got, body) = hub.get(&format!("/api/v1/admin/orders?{query}"), Some(&hq)).await;
        assert_eq!((got, body["code"].as_str()), (status, Some("bad_request")), "{query}: {body}");
        assert!(body["message"].as_str().unwrap().contains(named), "{query} names {named}: {body}");
    }
    // A cursor belongs to its filters and its sort.
    let (_, body) = hub.get("/api/v1/admin/orders?limit=5&status=submitted", Some(&hq)).await;
    let next = body["next"].as_str().unwrap().to_owned();
    for other in ["status=approved", "status=submitted&sort=oldest", "status=submitted&minAmount=1", ""] {
        let (got, body) = hub.get(&format!("/api/v1/admin/orders?limit=5&{other}&after={next}"), Some(&hq)).await;
        assert_eq!(got, 422, "{other}: {body}");
        assert!(body["message"].as_str().unwrap().contains("other filters"), "{body}");
    }
    // Another limit is the same queue, paged differently.
    let (got, body) = hub.get(&format!("/api/v1/admin/orders?limit=7&status=submitted&after={next}"), Some(&hq)).await;
    assert_eq!(got, 200, "{body}");
    // Customers have no queue.
    let buyer = hub.login(CUSTOMER_B_FIXED).await;
    let (got, body) = hub.get("/api/v1/admin/orders", Some(&buyer)).await;
    assert_eq!((got, body["code"].as_str()), (403, Some("forbidden")), "{body}");
}

async fn one_order_in_full_for_those_who_may_see_it(backend: Backend) {
    let (hub, buyer, hq, branch) = setup(backend).await;
    let own = order_over(&hub, &buyer, Decimal::new(100, 0)).await;
    let other_buyer = hub.login(CUSTOMER_C).await; // 滨江分公司
    let other = order_over(&hub, &other_buyer, Decimal::new(100, 0)).await;
    let warehouse = hub.login("warehouse").await;
    for token in [&hq, &branch, &warehouse] {
        let (status, body) = hub.get(&format!("/api/v1/admin/orders/{own}"), Some(token)).await;
        assert_eq!((status, body["order"]["orderId"].as_str()), (200, Some(own.as_str())), "{body}");
        assert!(!body["order"]["lines"].as_array().unwrap().is_empty(), "with its lines: {body}");
        assert_eq!(body["customerCode"], CUSTOMER_B_FIXED);
    }
    let (status, body) = hub.get(&format!("/api/v1/admin/orders/{other}"), Some(&hq)).await;
    assert_eq!(status, 200, "{body}");
    // 滨江's order is not 西湖's to see: not found, as an order that doesn't exist.
    let (status, body) = hub.get(&format!("/api/v1/admin/orders/{other}"), Some(&branch)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    let (status, missing) = hub.get(&format!("/api/v1/admin/orders/{}", uuid::Uuid::now_v7()), Some(&branch)).await;
    assert_eq!((status, &missing["message"]), (404, &body["message"]), "{missing}");
    let (status, _) = hub.get("/api/v1/admin/orders/not-an-id", Some(&hq)).await;
    assert_eq!(status, 404);
    let (status, body) = hub.get(&format!("/api/v1/admin/orders/{own}"), Some(&buyer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    // Nor does 西湖 find it in its queue, whatever it filters by.
    for query in ["", &format!("customer={CUSTOMER_C}")] {
        let ids = every_page(&hub, &branch, query, 50).await;
        assert!(!ids.contains(&other), "{query}");
    }
    let (status, body) = hub.get("/api/v1/admin/orders?branch=滨江分公司", Some(&branch)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
}

async fn awaiting_me_is_what_each_level_reviews_next(backend: Backend) {
    let (hub, _, hq, branch) = setup(backend).await;
    // The rule: over 20,000.00 a branch's customer's order is reviewed by the branch, then headquarters.
    let xihu_reviewer: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'xihu-reviewer'").fetch_one(&hub.db.pool).await.unwrap();
    sqlx::query("UPDATE customers SET branch_id = NULL WHERE code = '330100000011'").execute(&hub.db.pool).await.unwrap();
    sqlx::query("UPDATE orders SET status = 'approved'").execute(&hub.db.pool).await.unwrap();
    let large_new = insert_order(&hub, CUSTOMER_B_FIXED, "submitted", 2_500_000, DAY0, None).await;
    let large_branch_approved = insert_order(&hub, CUSTOMER_A, "submitted", 2_500_000, DAY0 + 1, Some(xihu_reviewer)).await;
    let small = insert_order(&hub, CUSTOMER_B_FIXED, "submitted", 1_000_000, DAY0 + 2, None).await;
    let at_the_limit = insert_order(&hub, CUSTOMER_A, "submitted", 2_000_000, DAY0 + 3, None).await;
    let _decided = insert_order(&hub, CUSTOMER_B_FIXED, "approved", 2_500_000, DAY0 + 4, None).await;
    let hq_own_large = insert_order(&hub, "330100000011", "submitted", 2_500_000, DAY0 + 5, None).await;
    let binjiang_small = insert_order(&hub, CUSTOMER_C, "submitted", 100_000, DAY0 + 6, None).await;
    let binjiang_large = insert_order(&hub, CUSTOMER_C, "submitted", 2_500_000, DAY0 + 7, None).await;

    let ids = every_page(&hub, &branch, "awaitingMe=true&sort=oldest", 2).await;
    assert_eq!(ids, [large_new.clone(), small.clone(), at_the_limit.clone()], "西湖 reviews what it hasn't approved of its own");
    let ids = every_page(&hub, &hq, "awaitingMe=true&sort=oldest", 2).await;
    assert_eq!(
        ids,
        [large_branch_approved, small, at_the_limit, hq_own_large, binjiang_small.clone()],
        "headquarters: all but what a branch reviews first"
    );
    assert!(!ids.contains(&binjiang_large));
    // What the queue says matches what approving does.
    let (status, body) = approve(&hub, &hq, &large_new).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("needs_branch_review")), "{body}");
    let (status, body) = approve(&hub, &branch, &large_new).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("submitted")), "{body}");
    let ids = every_page(&hub, &branch, "awaitingMe=true", 50).await;
    assert!(!ids.contains(&large_new), "approved by the branch: no longer 西湖's to review");
    let ids = every_page(&hub, &hq, "awaitingMe=true", 50).await;
    assert!(ids.contains(&large_new), "now headquarters'");
    // With other filters, and with statuses that can't be awaiting anyone.
    let ids = every_page(&hub, &hq, "awaitingMe=true&minAmount=20000.01&sort=amount_desc", 50).await;
    assert_eq!(ids.len(), 3, "{ids:?}");
    let (status, body) = hub.get("/api/v1/admin/orders?awaitingMe=true&status=approved", Some(&hq)).await;
    assert_eq!((status, body["orders"].as_array().map(Vec::len)), (200, Some(0)), "{body}");
    let (status, body) = hub.get("/api/v1/admin/orders?awaitingMe=false", Some(&hq)).await;
    assert_eq!(status, 200, "{body}");
    // Only reviewers review.
    let warehouse = hub.login("warehouse").await;
    let (status, body) = hub.get("/api/v1/admin/orders?awaitingMe=true", Some(&warehouse)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, _) = hub.get("/api/v1/admin/orders", Some(&warehouse)).await;
    assert_eq!(status, 200);
}

on_both_databases!(
    the_queue_pages_through_every_order_once_in_each_sort,
    each_filter_narrows_the_queue,
    bad_parameters_and_cursors_are_refused_by_name,
    one_order_in_full_for_those_who_may_see_it,
    awaiting_me_is_what_each_level_reviews_next
);

// ---------------------------------------------------------------------------------------------
// One order as a reviewer decides it: the customer, its money, each line's stock and allocation.

fn money(value: &Value) -> Decimal {
    value.as_str().unwrap_or_else(|| panic!("an amount as text: {value}")).parse().unwrap()
}

/// The line of `detail.supply` for `code`.
fn supply_of<'a>(detail: &'a Value, code: &str) -> &'a Value {
    detail["supply"].as_array().unwrap().iter().find(|s| s["productCode"] == code).unwrap_or_else(|| panic!("{code} in {detail}"))
}

async fn the_detail_shows_stock_allocation_balance_and_history(backend: Backend) {
    let hub = spawn_hub(backend).await;
    sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
    let (buyer, hq, branch, admin) =
        (hub.login(CUSTOMER_B_FIXED).await, hub.login("reviewer").await, hub.login("xihu-reviewer").await, hub.login("admin").await);
    let unlimited: Vec<_> = hub
        .catalogue(&buyer)
        .await
        .into_iter()
        .filter(|p| p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.max_per_order.is_none())
        .collect();
    let (stocked, big) = (&unlimited[0], &unlimited[1]);
    // The stocked product: 500 on hand, 400 to order; 330100000001 may have 100 of it a cycle.
    let (status, body) =
        hub.put(&format!("/api/v1/admin/stock/{}", stocked.code), Some(&admin), &json!({"onHand": 500, "available": 400})).await;
    assert_eq!(status, 204, "{body}");
    let allocation = json!({"customerCode": CUSTOMER_B_FIXED, "productCode": stocked.code, "quantity": 100});
    let (status, body) = hub.put("/api/v1/admin/allocations", Some(&admin), &allocation).await;
    assert_eq!(status, 204, "{body}");
    let taken = (stocked.rules.pack_multiple * 5).max(stocked.rules.min_per_order);
    // Enough of the other to come over the demo's review limit (20,000.00): the branch reviews it first.
    let pack = Decimal::from(big.rules.pack_multiple);
    let packs = (Decimal::new(20_000, 0) / (big.price * pack)).floor() + Decimal::ONE;
    let many = u32::try_from((packs * pack).mantissa()).unwrap().max(big.rules.min_per_order);
    let (status, placed) = hub.post("/api/v1/orders", Some(&buyer), &order(&[(&stocked.code, taken), (&big.code, many)])).await;
    assert_eq!(status, 201, "{placed}");
    let id = placed["orderId"].as_str().unwrap().to_owned();
    let total = money(&placed["total"]);
    assert!(total > Decimal::new(20_000, 0), "{total}");

    let detail = |token: String| {
        let (hub, id) = (&hub, id.clone());
        async move {
            let (status, body) = hub.get(&format!("/api/v1/admin/orders/{id}"), Some(&token)).await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let before = detail(branch.clone()).await;
    assert_eq!(
        (&before["customerCode"], &before["branch"], &before["tier"], &before["order"]["orderId"]),
        (&json!(CUSTOMER_B_FIXED), &json!("西湖分公司"), &json!("B"), &json!(id)),
        "{before}"
    );
    assert!(before["customerName"].as_str().is_some_and(|n| !n.is_empty()), "{before}");
    assert_eq!(before["order"]["lines"].as_array().unwrap().len(), 2);
    // The balance as the 余额不足 check counts it: 100,000.00 prepaid, this order open.
    let balance = &before["balance"];
    assert_eq!((money(&balance["prepaid"]), &balance["creditLimit"]), (Decimal::new(100_000, 0), &Value::Null), "{balance}");
    assert_eq!(money(&balance["openOrders"]), total, "{balance}");
    assert_eq!(money(&balance["available"]), Decimal::new(100_000, 0) - total, "{balance}");
    // Stock and allocation after the order took its share; the other product tracks neither.
    let line = supply_of(&before, &stocked.code);
    assert_eq!(
        (&line["onHand"], &line["available"], &line["allocation"], &line["allocationLeft"]),
        (&json!(500), &json!(400 - taken), &json!(100), &json!(100 - taken)),
        "{line}"
    );
    let line = supply_of(&before, &big.code);
    for field in ["onHand", "available", "allocation", "allocationLeft"] {
        assert_eq!(line[field], Value::Null, "{field} of an untracked, unallocated product: {line}");
    }
    assert_eq!((&before["awaitingMe"], &before["branchApproved"]), (&json!(true), &json!(false)), "西湖 reviews it first");
    let seen = detail(hq.clone()).await;
    assert_eq!((&seen["awaitingMe"], &seen["branchApproved"]), (&json!(false), &json!(false)), "not yet headquarters'");
    let seen = detail(hub.login("warehouse").await).await;
    assert_eq!(seen["awaitingMe"], false, "the warehouse reviews nothing");
    assert_eq!(seen["supply"], before["supply"], "the warehouse sees the same stock");

    // The branch approves: its history says so, and headquarters decides next.
    let (status, body) = approve(&hub, &branch, &id).await;
    assert_eq!(status, 200, "{body}");
    let after = detail(branch.clone()).await;
    assert_eq!((&after["awaitingMe"], &after["branchApproved"]), (&json!(false), &json!(true)), "{after}");
    let history = after["order"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!((&history[0]["status"], &history[0]["by"]), (&json!("submitted"), &json!(CUSTOMER_B_FIXED)));
    let last = &history[1];
    assert_eq!(
        (&last["status"], &last["by"], last["note"].as_str()),
        (&json!("submitted"), &json!("xihu-reviewer"), Some(BRANCH_APPROVED_NOTE)),
        "{last}"
    );
    assert!(last["at"].as_str().is_some_and(|at| at >= history[0]["at"].as_str().unwrap()), "{history:?}");
    assert_eq!((&after["supply"], &after["balance"]), (&before["supply"], &before["balance"]), "an approval takes nothing more");
    let seen = detail(hq.clone()).await;
    assert_eq!((&seen["awaitingMe"], &seen["branchApproved"]), (&json!(true), &json!(true)), "now headquarters'");

    // Rejected by headquarters: it gives back what it took, and says why.
    let reason = "本周库存不足";
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{id}/reject"), Some(&hq), &json!({"reason": reason})).await;
    assert_eq!(status, 200, "{body}");
    let rejected = detail(hq.clone()).await;
    let last = rejected["order"]["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((&last["status"], &last["by"], &last["note"]), (&json!("rejected"), &json!("reviewer"), &json!(reason)));
    assert_eq!(rejected["awaitingMe"], false);
    let line = supply_of(&rejected, &stocked.code);
    assert_eq!((&line["available"], &line["allocationLeft"]), (&json!(400), &json!(100)), "given back: {line}");
    assert_eq!(money(&rejected["balance"]["available"]), Decimal::new(100_000, 0), "no longer open");

    // 滨江's reviewer doesn't see 西湖's order: not found, as an order that doesn't exist.
    let now = restock_hub::db::now_ms();
    let issued = restock_hub::accounts::staff::create_staff(
        &hub.db,
        "binjiang-reviewer",
        restock_protocol::accounts::UserRole::Reviewer,
        Some("滨江分公司"),
        now,
    )
    .await
    .unwrap();
    let (status, body) =
        hub.post("/api/v1/login", None, &json!({"username": "binjiang-reviewer", "password": issued.initial_password})).await;
    assert_eq!(status, 200, "{body}");
    let binjiang = body["token"].as_str().unwrap().to_owned();
    let change = json!({"currentPassword": issued.initial_password, "newPassword": "binjiang-secret-7"});
    let (status, body) = hub.post("/api/v1/password", Some(&binjiang), &change).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = hub.get(&format!("/api/v1/admin/orders/{id}"), Some(&binjiang)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    let (_, missing) = hub.get(&format!("/api/v1/admin/orders/{}", uuid::Uuid::now_v7()), Some(&binjiang)).await;
    assert_eq!(body["message"], missing["message"], "{missing}");
    // …but its own branch's orders it does.
    let other_buyer = hub.login(CUSTOMER_C).await;
    let own = order_over(&hub, &other_buyer, Decimal::new(100, 0)).await;
    let (status, body) = hub.get(&format!("/api/v1/admin/orders/{own}"), Some(&binjiang)).await;
    assert_eq!((status, &body["branch"], &body["awaitingMe"]), (200, &json!("滨江分公司"), &json!(true)), "{body}");
}

on_both_databases!(the_detail_shows_stock_allocation_balance_and_history);

// ---------------------------------------------------------------------------------------------
// The demo: orders waiting for review at each level, placed in the current cycle.

async fn the_demo_has_review_work_waiting_at_each_level(backend: Backend) {
    let hub = spawn_hub_of(backend, restock_hub::demo::DemoSize { products: usize::MAX, customers: 20 }).await;
    let (hq, branch) = (hub.login("reviewer").await, hub.login("xihu-reviewer").await);
    let today = hub.calendar.today().to_string();
    let limit = Decimal::new(restock_hub::demo::DEMO_HQ_REVIEW_OVER_FEN, 2);
    let waiting = |token: String| {
        let hub = &hub;
        async move {
            let (status, body) = hub.get("/api/v1/admin/orders?awaitingMe=true&sort=oldest", Some(&token)).await;
            assert_eq!(status, 200, "{body}");
            body["orders"].as_array().unwrap().clone()
        }
    };
    let for_hq = waiting(hq.clone()).await;
    // Besides the cycle customer's order of yesterday's cycle (its short items), a few of this one.
    let current = for_hq.iter().filter(|o| o["cycleDate"] == today.as_str()).count();
    assert!(current >= 4, "a few orders of the current cycle for headquarters: {for_hq:?}");
    let approved: Vec<&Value> = for_hq.iter().filter(|o| o["branchApproved"] == true).collect();
    assert_eq!(approved.len(), 1, "one large order its branch approved: {for_hq:?}");
    assert!(money(&approved[0]["total"]) > limit && approved[0]["branch"] == "西湖分公司", "{:?}", approved[0]);
    assert_eq!(approved[0]["cycleDate"], today.as_str());
    assert!(for_hq.iter().filter(|o| o["branchApproved"] == false).all(|o| money(&o["total"]) <= limit), "{for_hq:?}");

    let for_branch = waiting(branch.clone()).await;
    let large: Vec<&Value> = for_branch.iter().filter(|o| money(&o["total"]) > limit).collect();
    assert_eq!(large.len(), 1, "one large order for 西湖 to review first: {for_branch:?}");
    assert_eq!(
        (&large[0]["branch"], &large[0]["branchApproved"], &large[0]["cycleDate"]),
        (&json!("西湖分公司"), &json!(false), &json!(today))
    );
    assert!(!for_hq.iter().any(|o| o["orderId"] == large[0]["orderId"]), "not headquarters' yet");

    // Each in full: stock, allocation and history as the reviewer sees them.
    let (status, detail) = hub.get(&format!("/api/v1/admin/orders/{}", approved[0]["orderId"].as_str().unwrap()), Some(&hq)).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["awaitingMe"], true);
    let last = detail["order"]["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((&last["by"], last["note"].as_str()), (&json!("xihu-reviewer"), Some(BRANCH_APPROVED_NOTE)), "{last}");
    let supply = detail["supply"].as_array().unwrap();
    let allocated: Vec<&Value> = supply.iter().filter(|s| !s["allocation"].is_null()).collect();
    assert_eq!(allocated.len(), 1, "the cigarette line has an allocation: {supply:?}");
    let ordered = detail["order"]["lines"].as_array().unwrap().iter().find(|l| l["productCode"] == allocated[0]["productCode"]).unwrap();
    assert_eq!(
        allocated[0]["allocationLeft"].as_u64().unwrap() + ordered["quantity"].as_u64().unwrap(),
        allocated[0]["allocation"].as_u64().unwrap(),
        "what the order took is gone from the allocation: {supply:?}"
    );
    assert!(allocated[0]["onHand"].as_u64().unwrap() >= allocated[0]["available"].as_u64().unwrap(), "{supply:?}");
    let (status, detail) = hub.get(&format!("/api/v1/admin/orders/{}", large[0]["orderId"].as_str().unwrap()), Some(&branch)).await;
    assert_eq!((status, &detail["awaitingMe"]), (200, &json!(true)), "{detail}");
    // Money the customers had: the orders count against it.
    assert_eq!(money(&detail["balance"]["openOrders"]), money(&detail["order"]["total"]), "{detail}");

    // And the reviewers can decide them.
    let (status, body) = approve(&hub, &branch, large[0]["orderId"].as_str().unwrap()).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("submitted")), "{body}");
    let (status, body) = approve(&hub, &hq, approved[0]["orderId"].as_str().unwrap()).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
}

on_both_databases!(the_demo_has_review_work_waiting_at_each_level);
