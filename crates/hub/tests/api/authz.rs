//! The authorization matrix: every endpoint × every kind of caller, with other tenants' ids. A
//! customer never reaches another customer's anything, staff see only their branch, and each staff
//! role does only its own work. Each row is checked against the status the caller gets.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    /// 330100000001's buyer (西湖分公司), who owns the orders the rows act on.
    Buyer,
    /// 330100000001's approver: the same company.
    Approver,
    /// 330100000002's buyer (滨江分公司): another tenant.
    OtherBuyer,
    /// Registered, not yet approved.
    Pending,
    /// Logged in with an issued password, not yet changed.
    MustChange,
    Admin,
    Reviewer,
    /// A reviewer of 西湖分公司 only.
    BranchReviewer,
    Warehouse,
    Finance,
}

use Who::*;

const EVERYONE: [Who; 11] =
    [Anonymous, Buyer, Approver, OtherBuyer, Pending, MustChange, Admin, Reviewer, BranchReviewer, Warehouse, Finance];

/// What a caller gets on a customer endpoint that isn't about one order: customers in, others out.
fn customer_read(who: Who) -> u16 {
    match who {
        Anonymous => 401,
        Buyer | Approver | OtherBuyer | Pending => 200,
        _ => 403,
    }
}

/// Prices: approved customers in; a self-registered one waits for the supplier's approval.
fn priced_read(who: Who) -> u16 {
    match who {
        Pending => 403,
        other => customer_read(other),
    }
}

/// On one of the buyer's orders: its company in, another tenant "not found", staff out.
fn own_order(who: Who, ok: u16) -> u16 {
    match who {
        Anonymous => 401,
        Buyer | Approver => ok,
        OtherBuyer | Pending => 404,
        _ => 403,
    }
}

/// A back-office endpoint open to admins and `roles`.
fn staff_only(who: Who, ok: u16, roles: &[Who]) -> u16 {
    match who {
        Anonymous => 401,
        Admin => ok,
        w if roles.contains(&w) => ok,
        _ => 403,
    }
}

struct World {
    tokens: HashMap<Who, String>,
    pending_code: String,
}

async fn world(hub: &TestHub) -> World {
    let mut tokens = HashMap::new();
    for (who, username) in [
        (Buyer, CUSTOMER_B_FIXED),
        (Approver, restock_hub::demo::SECOND_USER),
        (OtherBuyer, CUSTOMER_C),
        (Admin, "admin"),
        (Reviewer, "reviewer"),
        (BranchReviewer, "xihu-reviewer"),
        (Warehouse, "warehouse"),
        (Finance, "finance"),
    ] {
        tokens.insert(who, hub.login(username).await);
    }
    let (status, _) = hub
        .post("/api/v1/register", None, &json!({"username": "330188888888", "password": "pending-secret", "companyName": "待审核商店"}))
        .await;
    assert_eq!(status, 201);
    let (_, body) = hub.post("/api/v1/login", None, &json!({"username": "330188888888", "password": "pending-secret"})).await;
    tokens.insert(Pending, body["token"].as_str().unwrap().to_owned());
    let (_, body) =
        hub.post("/api/v1/admin/customers", Some(&tokens[&Admin]), &json!({"code": "330177777777", "name": "新店", "tier": "C"})).await;
    let (_, body) = hub.post("/api/v1/login", None, &json!({"username": "330177777777", "password": body["initialPassword"]})).await;
    tokens.insert(MustChange, body["token"].as_str().unwrap().to_owned());
    World { tokens, pending_code: "330188888888".into() }
}

/// A fresh submitted order of `owner`'s, so every row acts on an order in the same state.
async fn fresh_order(hub: &TestHub, world: &World, owner: Who) -> String {
    let (status, body) = hub.post("/api/v1/orders", Some(&world.tokens[&owner]), &order(&[("100002", 1)])).await;
    assert_eq!(status, 201, "{body}");
    body["orderId"].as_str().unwrap().to_owned()
}

/// A tier rule and a promotion that have run since last week, for each caller to edit and end.
async fn pricing_to_change(hub: &TestHub, world: &World) -> (i64, i64) {
    let admin = Some(world.tokens[&Admin].as_str());
    let (status, rule) = hub.post("/api/v1/admin/price-rules", admin, &price_rule()).await;
    assert_eq!(status, 201, "{rule}");
    let (status, promotion) = hub.post("/api/v1/admin/promotions", admin, &promotion_body()).await;
    assert_eq!(status, 201, "{promotion}");
    (rule["id"].as_i64().unwrap(), promotion["id"].as_i64().unwrap())
}

fn price_rule() -> Value {
    json!({"tier": "Z", "rate": "0.95", "validFrom": "2020-01-01"})
}

fn promotion_body() -> Value {
    json!({"id": 0, "name": "权限测试", "kind": "percent_off", "percent": "1", "covers": {"scope": "everything"}, "tiers": ["Z"],
           "validFrom": "2020-01-01", "validTo": "2099-12-31"})
}

async fn call(hub: &TestHub, who: Who, world: &World, method: &str, path: &str, body: &Value) -> (u16, Value) {
    let token = world.tokens.get(&who).map(String::as_str);
    match method {
        "GET" => hub.get(path, token).await,
        "POST" => hub.post(path, token, body).await,
        "PUT" => hub.put(path, token, body).await,
        "DELETE" => hub.delete(path, token).await,
        other => unreachable!("{other}"),
    }
}

async fn every_endpoint_for_every_caller(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let world = world(&hub).await;
    // Every order of the buyer's waits for the company's approver, so those rows have one to act on.
    let (status, body) = hub.put("/api/v1/company/approval-rule", Some(&world.tokens[&Approver]), &json!({"approvalOver": "0.00"})).await;
    assert_eq!(status, 200, "{body}");
    let mut failures = Vec::new();
    let mut rows = 0;
    for who in EVERYONE {
        // (name, method, path, body, expected status); order ids are made fresh for each caller.
        let buyers_order = fresh_order(&hub, &world, Buyer).await;
        let to_approve = fresh_order(&hub, &world, Buyer).await;
        let to_decline = fresh_order(&hub, &world, Buyer).await;
        let approver_only = match who {
            Approver => 200,
            Anonymous => 401,
            _ => 403, // a buyer, whichever company, is refused before any order is looked up
        };
        let other_tenants_order = fresh_order(&hub, &world, OtherBuyer).await;
        let other_to_cancel = fresh_order(&hub, &world, OtherBuyer).await;
        let (status, body) = hub.post("/api/v1/orders", Some(&world.tokens[&OtherBuyer]), &order(&[("100002", 1), ("100001", 1)])).await;
        assert_eq!(status, 201, "{body}");
        let other_to_cut = body["orderId"].as_str().unwrap().to_owned();
        let unique = format!("3301666{:05}", rows);
        let (status, notice) =
            hub.post("/api/v1/admin/announcements", Some(&world.tokens[&Admin]), &json!({"title": "t", "body": "b"})).await;
        assert_eq!(status, 201, "{notice}");
        let notice = notice["id"].as_i64().unwrap();
        let (rule, promotion) = pricing_to_change(&hub, &world).await;
        let cases: Vec<(&str, &str, String, Value, u16)> = vec![
            ("catalogue", "GET", "/api/v1/catalogue".into(), Value::Null, priced_read(who)),
            ("catalogue changes", "GET", "/api/v1/catalogue/changes".into(), Value::Null, priced_read(who)),
            ("promotions", "GET", "/api/v1/promotions".into(), Value::Null, priced_read(who)),
            ("my orders", "GET", "/api/v1/orders".into(), Value::Null, customer_read(who)),
            ("supply", "GET", "/api/v1/supply".into(), Value::Null, customer_read(who)),
            ("desk", "GET", "/api/v1/home".into(), Value::Null, customer_read(who)),
            ("supply changes", "GET", "/api/v1/supply/changes".into(), Value::Null, customer_read(who)),
            ("announcement changes", "GET", "/api/v1/announcements/changes".into(), Value::Null, customer_read(who)),
            (
                "create order",
                "POST",
                "/api/v1/orders".into(),
                order(&[("100001", 1)]),
                match who {
                    Buyer | Approver | OtherBuyer => 201,
                    Anonymous => 401,
                    _ => 403,
                },
            ),
            ("read an order", "GET", format!("/api/v1/orders/{buyers_order}"), Value::Null, own_order(who, 200)),
            (
                "change an order",
                "PUT",
                format!("/api/v1/orders/{buyers_order}"),
                json!({"lines": [{"productCode": "100002", "quantity": 2}]}),
                match who {
                    Pending => 403, // not approved: refused before the order is even looked up
                    w => own_order(w, 200),
                },
            ),
            (
                "confirm an order",
                "POST",
                format!("/api/v1/orders/{buyers_order}/confirm"),
                json!({}),
                match who {
                    Pending => 403,
                    w => own_order(w, 200),
                },
            ),
            ("cancel an order", "POST", format!("/api/v1/orders/{buyers_order}/cancel"), json!({}), own_order(who, 200)),
            ("approve an order for the company", "POST", format!("/api/v1/orders/{to_approve}/approve"), json!({}), approver_only),
            (
                "decline an order for the company",
                "POST",
                format!("/api/v1/orders/{to_decline}/decline"),
                json!({"reason": "买多了"}),
                approver_only,
            ),
            ("the company's approval rule", "GET", "/api/v1/company/approval-rule".into(), Value::Null, customer_read(who)),
            (
                "set the company's approval rule",
                "PUT",
                "/api/v1/company/approval-rule".into(),
                json!({"approvalOver": "0.00"}),
                approver_only,
            ),
            (
                "list customers",
                "GET",
                "/api/v1/admin/customers".into(),
                Value::Null,
                staff_only(who, 200, &[Reviewer, BranchReviewer, Finance]),
            ),
            (
                "open another branch's customer",
                "GET",
                format!("/api/v1/admin/customers/{CUSTOMER_C}"),
                Value::Null,
                match who {
                    BranchReviewer => 404, // 滨江's customer is not 西湖's to see
                    w => staff_only(w, 200, &[Reviewer, Finance]),
                },
            ),
            (
                "edit a customer",
                "PUT",
                format!("/api/v1/admin/customers/{CUSTOMER_C}"),
                json!({"name": "滨江客户", "tier": "C", "branch": "滨江分公司", "contact": "王五"}),
                staff_only(who, 200, &[]), // a reviewer, whichever branch, is refused before the customer is looked up
            ),
            (
                "the branches",
                "GET",
                "/api/v1/admin/branches".into(),
                Value::Null,
                staff_only(who, 200, &[Reviewer, BranchReviewer, Warehouse, Finance]),
            ),
            (
                "create a customer",
                "POST",
                "/api/v1/admin/customers".into(),
                json!({"code": unique, "name": "x", "tier": "C"}),
                staff_only(who, 201, &[]),
            ),
            (
                "add a customer's user",
                "POST",
                format!("/api/v1/admin/customers/{CUSTOMER_C}/users"),
                json!({"username": format!("{unique}-2"), "role": "approver"}),
                match who {
                    BranchReviewer => 403, // a reviewer, whichever branch
                    w => staff_only(w, 201, &[]),
                },
            ),
            (
                "approve a customer",
                "POST",
                format!("/api/v1/admin/customers/{}/approve", world.pending_code),
                json!({}),
                staff_only(who, 200, &[]),
            ),
            (
                "set a cycle",
                "PUT",
                format!("/api/v1/admin/customers/{CUSTOMER_C}/schedule"),
                json!({"orderingDays": [], "cutoff": null}),
                staff_only(who, 200, &[]),
            ),
            (
                "set a balance",
                "PUT",
                format!("/api/v1/admin/customers/{CUSTOMER_C}/balance"),
                json!({"prepaid": "100000.00", "creditLimit": null}),
                staff_only(who, 200, &[Finance]),
            ),
            ("issue a reset", "POST", format!("/api/v1/admin/users/{CUSTOMER_C}/reset"), json!({}), staff_only(who, 201, &[])),
            (
                "set stock",
                "PUT",
                "/api/v1/admin/stock/100300".into(),
                json!({"onHand": 500, "available": 400}),
                staff_only(who, 204, &[Warehouse]),
            ),
            (
                "set an allocation",
                "PUT",
                "/api/v1/admin/allocations".into(),
                json!({"customerCode": CUSTOMER_C, "productCode": "100003", "quantity": 40}),
                staff_only(who, 204, &[]),
            ),
            (
                "remove an allocation",
                "DELETE",
                format!("/api/v1/admin/allocations?customerCode={CUSTOMER_C}&productCode=100003"),
                Value::Null,
                staff_only(who, 204, &[]),
            ),
            ("stop tracking stock", "DELETE", "/api/v1/admin/stock/100300".into(), Value::Null, staff_only(who, 204, &[Warehouse])),
            ("announce", "POST", "/api/v1/admin/announcements".into(), json!({"title": "t", "body": "b"}), staff_only(who, 201, &[])),
            ("withdraw an announcement", "DELETE", format!("/api/v1/admin/announcements/{notice}"), Value::Null, staff_only(who, 204, &[])),
            ("the review rule", "GET", "/api/v1/admin/review-rule".into(), Value::Null, staff_only(who, 200, &[Reviewer, BranchReviewer])),
            (
                "set the review rule",
                "PUT",
                "/api/v1/admin/review-rule".into(),
                json!({"hqReviewOver": "20000.00"}),
                staff_only(who, 200, &[]),
            ),
            (
                "all orders",
                "GET",
                "/api/v1/admin/orders".into(),
                Value::Null,
                staff_only(who, 200, &[Reviewer, BranchReviewer, Warehouse, Finance]),
            ),
            (
                "another branch's order",
                "GET",
                format!("/api/v1/admin/orders/{other_tenants_order}"),
                Value::Null,
                match who {
                    BranchReviewer => 404, // 滨江's order is not 西湖's to see
                    w => staff_only(w, 200, &[Reviewer, Warehouse, Finance]),
                },
            ),
            (
                "approve another branch's order",
                "POST",
                format!("/api/v1/admin/orders/{other_tenants_order}/approve"),
                json!({}),
                match who {
                    BranchReviewer => 404, // 滨江's order is not 西湖's to see
                    w => staff_only(w, 200, &[Reviewer]),
                },
            ),
            (
                "cut another branch's order",
                "POST",
                format!("/api/v1/admin/orders/{other_to_cut}/cut"),
                json!({"lines": [{"productCode": "100001", "quantity": 0}], "reason": "缺货"}),
                match who {
                    BranchReviewer => 404,
                    w => staff_only(w, 200, &[Reviewer]),
                },
            ),
            (
                "cancel another branch's order",
                "POST",
                format!("/api/v1/admin/orders/{other_to_cancel}/cancel"),
                json!({"reason": "客户要求取消"}),
                match who {
                    BranchReviewer => 404,
                    w => staff_only(w, 200, &[Reviewer]),
                },
            ),
            ("edit a price rule", "PUT", format!("/api/v1/admin/price-rules/{rule}"), price_rule(), staff_only(who, 200, &[])),
            ("end a price rule", "POST", format!("/api/v1/admin/price-rules/{rule}/end"), json!({}), staff_only(who, 200, &[])),
            ("list promotions", "GET", "/api/v1/admin/promotions".into(), Value::Null, staff_only(who, 200, &[])),
            ("edit a promotion", "PUT", format!("/api/v1/admin/promotions/{promotion}"), promotion_body(), staff_only(who, 200, &[])),
            ("end a promotion", "POST", format!("/api/v1/admin/promotions/{promotion}/end"), json!({}), staff_only(who, 200, &[])),
            ("delete a promotion", "DELETE", format!("/api/v1/admin/promotions/{promotion}"), Value::Null, staff_only(who, 204, &[])),
            ("the stock", "GET", "/api/v1/admin/stock".into(), Value::Null, staff_only(who, 200, &[Warehouse, Reviewer, BranchReviewer])),
            ("the allocations", "GET", "/api/v1/admin/allocations".into(), Value::Null, staff_only(who, 200, &[])),
            // The user and the customer made by the rows above (for an admin; others are refused before any lookup).
            ("disable a user", "POST", format!("/api/v1/admin/users/{unique}-2/disable"), json!({}), staff_only(who, 204, &[])),
            ("enable a user", "POST", format!("/api/v1/admin/users/{unique}-2/enable"), json!({}), staff_only(who, 204, &[])),
            ("suspend a customer", "POST", format!("/api/v1/admin/customers/{unique}/suspend"), json!({}), staff_only(who, 200, &[])),
            ("reactivate a customer", "POST", format!("/api/v1/admin/customers/{unique}/reactivate"), json!({}), staff_only(who, 200, &[])),
        ];
        for (name, method, path, body, expected) in cases {
            rows += 1;
            let (status, answer) = call(&hub, who, &world, method, &path, &body).await;
            if status != expected {
                failures.push(format!("{who:?} {name} ({method} {path}): expected {expected}, got {status} {answer}"));
            }
            if status >= 400 && !answer["code"].is_string() {
                failures.push(format!("{who:?} {name}: error without a code: {answer}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {rows} rows wrong:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(rows, 11 * 52, "every caller met every endpoint");
}

async fn branch_staff_see_only_their_branch(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let world = world(&hub).await;
    let (_, all) = hub.get("/api/v1/admin/customers", Some(&world.tokens[&Reviewer])).await;
    let (_, xihu) = hub.get("/api/v1/admin/customers", Some(&world.tokens[&BranchReviewer])).await;
    let codes = |v: &Value| v.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(codes(&all).len() > codes(&xihu).len());
    assert!(codes(&xihu).iter().all(|c| c.ends_with(['1', '3', '5', '7', '9'])), "西湖 has the odd demo customers: {xihu}");
    assert!(xihu.as_array().unwrap().iter().all(|c| c["branch"] == "西湖分公司"));

    // Its own branch's order: approved, with who and when in the history; the customer sees it.
    let own = fresh_order(&hub, &world, Buyer).await;
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{own}/approve"), Some(&world.tokens[&BranchReviewer]), &json!({})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("approved")), "{body}");
    let (_, seen) = hub.get(&format!("/api/v1/orders/{own}"), Some(&world.tokens[&Buyer])).await;
    assert_eq!(seen["history"][1]["by"], "xihu-reviewer");
    let (_, orders) = hub.get("/api/v1/admin/orders", Some(&world.tokens[&BranchReviewer])).await;
    let orders = orders["orders"].as_array().unwrap();
    assert!(orders.iter().any(|o| o["orderId"] == own.as_str()), "its own branch's order is in its queue");
    assert!(orders.iter().all(|o| o["customerCode"].as_str().unwrap().ends_with(['1', '3', '5', '7', '9'])));

    // A rejection needs a reason the customer can act on, and gives back what the order took.
    let other = fresh_order(&hub, &world, OtherBuyer).await;
    let reject = format!("/api/v1/admin/orders/{other}/reject");
    let (status, body) = hub.post(&reject, Some(&world.tokens[&Reviewer]), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")));
    let (status, body) = hub.post(&reject, Some(&world.tokens[&Reviewer]), &json!({"reason": "本周该品规暂停供货"})).await;
    assert_eq!((status, body["order"]["status"].as_str()), (200, Some("rejected")));
    let (_, seen) = hub.get(&format!("/api/v1/orders/{other}"), Some(&world.tokens[&OtherBuyer])).await;
    assert_eq!(seen["history"][1]["note"], "本周该品规暂停供货");
    let (status, body) = hub.post(&format!("/api/v1/admin/orders/{other}/approve"), Some(&world.tokens[&Reviewer]), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("order_locked")));
}

on_both_databases!(every_endpoint_for_every_caller, branch_staff_see_only_their_branch);
