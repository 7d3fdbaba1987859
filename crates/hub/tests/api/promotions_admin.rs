//! Price rules and promotions kept in the back office: listed, edited, ended and deleted, every
//! refusal with its code, and each change seen by customers (their prices, their promotions, their
//! next orders) as creating one is.

use crate::cycles::order;
use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::{json, Value};

fn day(offset: i64, today: chrono::NaiveDate) -> String {
    (today + chrono::Duration::days(offset)).to_string()
}

async fn price_of(hub: &TestHub, token: &str, code: &str) -> String {
    hub.catalogue(token).await.iter().find(|p| p.code == code).unwrap().price.to_string()
}

async fn price_rules_are_edited_and_ended(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (admin, reviewer) = (hub.login("admin").await, hub.login("reviewer").await);
    let buyer = hub.login(CUSTOMER_B).await; // tier B: 0.92 of base, so 230.00 for 100001
    let today = hub.calendar.today();
    let rule = json!({"customerCode": CUSTOMER_B, "productCode": "100001", "fixedPrice": "226.00",
        "validFrom": day(-5, today), "validTo": day(3, today)});
    let (status, created) = hub.post("/api/v1/admin/price-rules", Some(&admin), &rule).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/price-rules/{id}");
    assert_eq!(price_of(&hub, &buyer, "100001").await, "226.00");

    // An edit reaches the customer's next pull as a new rule does: the whole catalogue again.
    let (status, body) = hub.get("/api/v1/catalogue/changes", Some(&buyer)).await;
    assert_eq!(status, 200, "{body}");
    let cursor = body["cursor"].as_str().unwrap().to_owned();
    let edited = json!({"customerCode": CUSTOMER_B, "productCode": "100001", "fixedPrice": "224.50",
        "validFrom": day(-5, today), "validTo": day(3, today)});
    let (status, body) = hub.put(&path, Some(&admin), &edited).await;
    assert_eq!((status, body["id"].as_i64(), body["fixedPrice"].as_str()), (200, Some(id), Some("224.50")), "{body}");
    let (_, after) = hub.get(&format!("/api/v1/catalogue/changes?since={cursor}"), Some(&buyer)).await;
    assert_eq!(after["full"], true, "prices may have moved anywhere: {after}");
    assert_eq!(price_of(&hub, &buyer, "100001").await, "224.50");
    // A fixed price can become a rate, for the tier instead of the customer.
    let as_rate = json!({"tier": "B", "productCode": "100001", "rate": "0.9", "validFrom": day(-5, today)});
    let (status, body) = hub.put(&path, Some(&admin), &as_rate).await;
    assert_eq!((status, body["rate"].as_str(), body["customerCode"].as_str()), (200, Some("0.9"), None), "{body}");
    let (_, listed) = hub.get("/api/v1/admin/price-rules", Some(&admin)).await;
    let listed = listed.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!((listed["tier"].as_str(), listed["validTo"].as_str()), (Some("B"), None), "{listed}");
    assert_eq!(price_of(&hub, &buyer, "100001").await, "225.00", "0.9 of the base 250.00");
    assert_eq!(price_of(&hub, &hub.login(CUSTOMER_B_FIXED).await, "100001").await, "228.00", "its own price still wins");
    let (status, _) = hub.put(&path, Some(&admin), &edited).await;
    assert_eq!(status, 200);

    for (bad, why) in [
        (json!({"tier": "B", "customerCode": CUSTOMER_B, "rate": "0.9"}), "a rule is for one customer or for one tier: give exactly one"),
        (
            json!({"tier": "B", "rate": "0.9", "fixedPrice": "1.00"}),
            "a rule is a fixed price (一口价) or a rate (结算率): give exactly one",
        ),
        (json!({"tier": "B", "rate": "11"}), "a rate is above 0 and at most 10 (0.92 is 92% of the base price)"),
        (json!({"tier": "B", "fixedPrice": "-1.00"}), "a fixed price can't be negative"),
        (json!({"tier": " ", "rate": "0.9"}), "say which tier the rule is for"),
        (json!({"tier": "B", "rate": "0.9", "validFrom": day(2, today), "validTo": day(1, today)}), "the rule ends before it starts"),
    ] {
        let (status, body) = hub.put(&path, Some(&admin), &bad).await;
        assert_eq!((status, body["code"].as_str(), body["message"].as_str()), (422, Some("bad_request"), Some(why)));
    }
    for bad in [json!({"tier": "B", "productCode": "NO-SUCH", "rate": "0.9"}), json!({"customerCode": "330199999999", "rate": "0.9"})] {
        let (status, body) = hub.put(&path, Some(&admin), &bad).await;
        assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "{body}");
    }
    let (status, body) = hub.put("/api/v1/admin/price-rules/999999", Some(&admin), &edited).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = hub.put(&path, Some(&reviewer), &edited).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(price_of(&hub, &buyer, "100001").await, "224.50", "nothing refused changed the price");

    // Ending stops it now: its last day is yesterday and the tier's rate prices the product again.
    let end = format!("{path}/end");
    let (status, body) = hub.post(&end, Some(&reviewer), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, body) = hub.post(&end, Some(&admin), &json!({})).await;
    assert_eq!(
        (status, body["validTo"].as_str(), body["fixedPrice"].as_str()),
        (200, Some(day(-1, today).as_str()), Some("224.50")),
        "{body}"
    );
    assert_eq!(price_of(&hub, &buyer, "100001").await, "230.00");
    let (status, body) = hub.post(&end, Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("already ended"), "{body}");
    let (status, body) = hub.post("/api/v1/admin/price-rules/999999/end", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));

    // One that starts tomorrow has priced nothing yet: it is deleted, not ended.
    let later = json!({"tier": "B", "productCode": "100003", "rate": "0.5", "validFrom": day(1, today)});
    let (_, later) = hub.post("/api/v1/admin/price-rules", Some(&admin), &later).await;
    let later = later["id"].as_i64().unwrap();
    let (status, body) = hub.post(&format!("/api/v1/admin/price-rules/{later}/end"), Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("delete it instead"), "{body}");
    let (status, _) = hub.delete(&format!("/api/v1/admin/price-rules/{later}"), Some(&admin)).await;
    assert_eq!(status, 204);
    let (status, body) = hub.delete(&format!("/api/v1/admin/price-rules/{later}"), Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

fn promotion(name: &str, kind: Value, tiers: &[&str], from: String, to: String) -> Value {
    let mut body = json!({"id": 0, "name": name, "covers": {"scope": "everything"}, "tiers": tiers, "validFrom": from, "validTo": to});
    for (key, value) in kind.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

/// The promotions a customer's app pulls at its sync, by name.
async fn seen_by(hub: &TestHub, token: &str) -> Vec<String> {
    let (status, listed) = hub.get("/api/v1/promotions", Some(token)).await;
    assert_eq!(status, 200, "{listed}");
    listed.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect()
}

async fn promotions_are_listed_edited_ended_and_deleted(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (admin, reviewer) = (hub.login("admin").await, hub.login("reviewer").await);
    let buyer = hub.login(CUSTOMER_C).await; // tier C
    let today = hub.calendar.today();
    let five = json!({"kind": "percent_off", "percent": "5"});
    let body = promotion(" 测试 95折 ", five.clone(), &["C"], day(-2, today), day(5, today));
    let (status, created) = hub.post("/api/v1/admin/promotions", Some(&admin), &body).await;
    assert_eq!((status, created["name"].as_str()), (201, Some("测试 95折")), "{created}");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/promotions/{id}");

    // The list: every promotion, newest first; `current` only today's.
    let (status, all) = hub.get("/api/v1/admin/promotions", Some(&admin)).await;
    assert_eq!(status, 200, "{all}");
    let ids: Vec<i64> = all.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids[0], id, "newest first: {all}");
    assert!(ids.len() >= 4 && ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    let (status, body) = hub.get("/api/v1/admin/promotions?limit=3", Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")));
    let (status, body) = hub.get("/api/v1/admin/promotions", Some(&reviewer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    assert!(seen_by(&hub, &buyer).await.contains(&"测试 95折".to_owned()));

    // Edited before any order used it: anything may change, and the customer sees it at once.
    let ten = json!({"kind": "percent_off", "percent": "10"});
    let (status, body) = hub.put(&path, Some(&admin), &promotion("测试 9折", ten.clone(), &["C"], day(-2, today), day(5, today))).await;
    assert_eq!((status, body["id"].as_i64(), body["percent"].as_str()), (200, Some(id), Some("10")), "{body}");
    let names = seen_by(&hub, &buyer).await;
    assert!(names.contains(&"测试 9折".to_owned()) && !names.contains(&"测试 95折".to_owned()), "{names:?}");
    for (bad, why) in [
        (promotion(" ", ten.clone(), &[], day(0, today), day(1, today)), "a promotion needs a name customers understand"),
        (promotion("x", ten.clone(), &[], day(1, today), day(0, today)), "the promotion ends before it starts"),
        (
            promotion("x", json!({"kind": "spend_save", "threshold": "10.00", "off": "20.00"}), &[], day(0, today), day(1, today)),
            "this promotion gives nothing (or more than it asks): check its numbers",
        ),
        (promotion("x", ten.clone(), &["A,B"], day(0, today), day(1, today)), "a tier's name has no commas: give each tier on its own"),
    ] {
        let (status, body) = hub.put(&path, Some(&admin), &bad).await;
        assert_eq!((status, body["code"].as_str(), body["message"].as_str()), (422, Some("bad_request"), Some(why)));
    }
    let unused = promotion("x", ten.clone(), &[], day(0, today), day(1, today));
    let (status, body) = hub.put("/api/v1/admin/promotions/999999", Some(&admin), &unused).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = hub.put(&path, Some(&reviewer), &unused).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    // Once an order used it, its terms stay (a cut applies them again); its name and dates may change.
    let (status, placed) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100002", 2)])).await;
    assert_eq!(status, 201, "{placed}");
    let used = |o: &Value| o["adjustments"].as_array().unwrap().iter().any(|a| a["promotionId"] == id);
    assert!(used(&placed), "{placed}");
    let (status, body) = hub.put(&path, Some(&admin), &promotion("测试 9折", five, &["C"], day(-2, today), day(5, today))).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("orders have used this promotion"), "{body}");
    let (status, body) = hub.put(&path, Some(&admin), &promotion("测试 九折", ten, &["C"], day(-3, today), day(9, today))).await;
    assert_eq!((status, body["name"].as_str(), body["validTo"].as_str()), (200, Some("测试 九折"), Some(day(9, today).as_str())), "{body}");

    // Ended: its last day is yesterday, customers no longer get it, and neither do new orders.
    let end = format!("{path}/end");
    let (status, body) = hub.post(&end, Some(&reviewer), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, body) = hub.post(&end, Some(&admin), &json!({})).await;
    assert_eq!((status, body["validTo"].as_str()), (200, Some(day(-1, today).as_str())), "{body}");
    assert!(!seen_by(&hub, &buyer).await.contains(&"测试 九折".to_owned()));
    let (status, next) = hub.post("/api/v1/orders", Some(&buyer), &order(&[("100002", 2)])).await;
    assert_eq!(status, 201, "{next}");
    assert!(!used(&next), "an ended promotion still applied: {next}");
    let (_, current) = hub.get("/api/v1/admin/promotions?current=true", Some(&admin)).await;
    assert!(current.as_array().unwrap().iter().all(|p| p["id"] != id), "{current}");
    let (status, body) = hub.post(&end, Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("already ended"), "{body}");
    let (status, body) = hub.post("/api/v1/admin/promotions/999999/end", Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));

    // Deleted: gone from the list; the order that used it keeps what it did.
    let (status, body) = hub.delete(&path, Some(&reviewer)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, _) = hub.delete(&path, Some(&admin)).await;
    assert_eq!(status, 204);
    let (_, all) = hub.get("/api/v1/admin/promotions", Some(&admin)).await;
    assert!(all.as_array().unwrap().iter().all(|p| p["id"] != id));
    let (_, kept) = hub.get(&format!("/api/v1/orders/{}", placed["orderId"].as_str().unwrap()), Some(&buyer)).await;
    assert!(used(&kept) && kept["total"] == placed["total"], "{kept}");
    let (status, body) = hub.delete(&path, Some(&admin)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));

    // One that starts tomorrow has given nothing yet: it is deleted, not ended.
    let later = promotion("明天起", json!({"kind": "buy_get", "buy": 10, "get": 1}), &[], day(1, today), day(3, today));
    let (_, later) = hub.post("/api/v1/admin/promotions", Some(&admin), &later).await;
    let (status, body) = hub.post(&format!("/api/v1/admin/promotions/{}/end", later["id"]), Some(&admin), &json!({})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("delete it instead"), "{body}");
}

/// A branch's admin keeps its own customers' prices: it neither sees nor changes another branch's
/// customer's rule (not found), and a tier's rules, which reach every branch, are headquarters'.
async fn a_branch_admin_keeps_only_its_customers_prices(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let branch = xihu_admin(&hub).await;

    // 滨江's customer's rule, made by headquarters.
    let others = json!({"customerCode": CUSTOMER_C, "productCode": "100001", "fixedPrice": "200.00"});
    let (status, body) = hub.post("/api/v1/admin/price-rules", Some(&admin), &others).await;
    assert_eq!(status, 201, "{body}");
    let other_id = body["id"].as_i64().unwrap();
    let (_, listed) = hub.get("/api/v1/admin/price-rules", Some(&branch)).await;
    let listed = listed.as_array().unwrap();
    assert!(listed.iter().all(|r| r["id"] != other_id), "another branch's customer's rule is not listed: {listed:?}");
    assert!(listed.iter().any(|r| r["tier"].is_string()), "the tiers' rules are read: {listed:?}");
    for (status, _) in [
        hub.delete(&format!("/api/v1/admin/price-rules/{other_id}"), Some(&branch)).await,
        hub.post(&format!("/api/v1/admin/price-rules/{other_id}/end"), Some(&branch), &json!({})).await,
        hub.put(&format!("/api/v1/admin/price-rules/{other_id}"), Some(&branch), &others).await,
    ] {
        assert_eq!(status, 404);
    }

    // A tier's rule is headquarters'.
    let tier = listed.iter().find(|r| r["tier"].is_string()).unwrap()["id"].as_i64().unwrap();
    let (status, body) = hub.delete(&format!("/api/v1/admin/price-rules/{tier}"), Some(&branch)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    let (status, body) = hub.post("/api/v1/admin/price-rules", Some(&branch), &json!({"tier": "B", "rate": "0.5"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "{body}");
    assert!(body["message"].as_str().unwrap().contains("headquarters"), "{body}");

    // Its own customer's: kept.
    let own = json!({"customerCode": CUSTOMER_B_FIXED, "productCode": "100002", "rate": "0.9"});
    let (status, body) = hub.post("/api/v1/admin/price-rules", Some(&branch), &own).await;
    assert_eq!(status, 201, "{body}");
    let own_id = body["id"].as_i64().unwrap();
    assert_eq!(hub.delete(&format!("/api/v1/admin/price-rules/{own_id}"), Some(&branch)).await.0, 204);
    // Headquarters still deletes anything.
    assert_eq!(hub.delete(&format!("/api/v1/admin/price-rules/{other_id}"), Some(&admin)).await.0, 204);
}

on_both_databases!(
    price_rules_are_edited_and_ended,
    promotions_are_listed_edited_ended_and_deleted,
    a_branch_admin_keeps_only_its_customers_prices
);
