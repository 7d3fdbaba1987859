use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use rust_decimal_macros::dec;

async fn each_customer_sees_its_own_prices(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let price_of = |products: &[restock_protocol::catalogue::Product], code: &str| products.iter().find(|p| p.code == code).unwrap().price;
    // Base price 250.00; tier B rate 0.92 → 230.00; customer 1 has a fixed 228.00 valid today.
    let b_fixed = hub.catalogue(&hub.login(CUSTOMER_B_FIXED).await).await;
    let b = hub.catalogue(&hub.login(CUSTOMER_B).await).await;
    let a = hub.catalogue(&hub.login(CUSTOMER_A).await).await;
    let c = hub.catalogue(&hub.login(CUSTOMER_C).await).await;
    assert_eq!(b_fixed[0].base_price, dec!(250.00));
    assert_eq!(price_of(&b_fixed, "100001"), dec!(228.00));
    assert_eq!(price_of(&b, "100001"), dec!(230.00));
    assert_eq!(price_of(&a, "100001"), dec!(225.00));
    assert_eq!(price_of(&c, "100001"), dec!(250.00));
    // The fixed price is for one product only: the rest follow the tier rate.
    let other = &b_fixed[1];
    assert_eq!(other.price, restock_protocol::money::apply_rate(other.base_price, dec!(0.92)));
    assert_eq!(b_fixed.len(), 400);
}

async fn openapi_describes_every_endpoint(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (status, doc) = hub.get("/openapi.json", None).await;
    assert_eq!(status, 200);
    let paths = [
        "/health",
        "/api/v1/login",
        "/api/v1/logout",
        "/api/v1/password",
        "/api/v1/password/reset",
        "/api/v1/register",
        "/api/v1/catalogue",
        "/api/v1/catalogue/changes",
        "/api/v1/orders",
        "/api/v1/orders/{order_id}",
        "/api/v1/orders/{order_id}/confirm",
        "/api/v1/orders/{order_id}/cancel",
        "/api/v1/supply",
        "/api/v1/home",
        "/api/v1/supply/changes",
        "/api/v1/announcements/changes",
        "/api/v1/admin/announcements/{id}",
        "/api/v1/admin/review-rule",
        "/api/v1/orders/{order_id}/approve",
        "/api/v1/orders/{order_id}/decline",
        "/api/v1/company/approval-rule",
        "/api/v1/admin/customers",
        "/api/v1/admin/customers/{code}",
        "/api/v1/admin/customers/{code}/approve",
        "/api/v1/admin/customers/{code}/users",
        "/api/v1/admin/customers/{code}/schedule",
        "/api/v1/admin/customers/{code}/balance",
        "/api/v1/admin/users/{username}/reset",
        "/api/v1/admin/users/{username}/disable",
        "/api/v1/admin/users/{username}/enable",
        "/api/v1/admin/customers/{code}/suspend",
        "/api/v1/admin/customers/{code}/reactivate",
        "/api/v1/admin/branches",
        "/api/v1/admin/stock/{product_code}",
        "/api/v1/admin/stock",
        "/api/v1/admin/allocations",
        "/api/v1/admin/announcements",
        "/api/v1/admin/orders",
        "/api/v1/admin/orders/{order_id}",
        "/api/v1/admin/orders/{order_id}/approve",
        "/api/v1/admin/orders/{order_id}/reject",
        "/api/v1/admin/orders/{order_id}/cut",
        "/api/v1/admin/orders/{order_id}/cancel",
        "/api/v1/admin/catalogue/export",
        "/api/v1/admin/catalogue/import",
        "/api/v1/admin/products/{code}",
        "/api/v1/admin/products/{code}/image",
        "/api/v1/products/{code}/image",
        "/api/v1/promotions",
        "/api/v1/admin/promotions",
        "/api/v1/admin/promotions/{id}",
        "/api/v1/admin/promotions/{id}/end",
        "/api/v1/categories",
        "/api/v1/admin/price-rules",
        "/api/v1/admin/price-rules/{id}",
        "/api/v1/admin/price-rules/{id}/end",
    ];
    for path in paths {
        assert!(doc["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert_eq!(doc["paths"].as_object().unwrap().len(), paths.len(), "every documented path is listed here");
    // Every operation but the health check says which errors it answers with, by code.
    for (path, operations) in doc["paths"].as_object().unwrap().iter().filter(|(p, _)| *p != "/health") {
        for (method, operation) in operations.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let errors: Vec<_> = responses.iter().filter(|(status, _)| status.starts_with('4')).collect();
            assert!(!errors.is_empty(), "{method} {path} documents no error");
            for (status, response) in errors {
                assert!(response["description"].as_str().unwrap_or("").contains('`'), "{method} {path} {status} names no error code");
            }
        }
    }
    // Every back-office operation documents who may not call it: a caller not logged in, and one whose role may not.
    for (path, operations) in doc["paths"].as_object().unwrap().iter().filter(|(p, _)| p.starts_with("/api/v1/admin/")) {
        for (method, operation) in operations.as_object().unwrap() {
            for status in ["401", "403"] {
                assert!(operation["responses"][status].is_object(), "{method} {path} does not document its {status}");
            }
        }
    }
    assert!(doc["components"]["schemas"]["ErrorCode"].is_object());
    let (_, health) = hub.get("/health", None).await;
    assert_eq!(health["database"], backend.name());
}

async fn changes(hub: &TestHub, token: &str, since: Option<&str>) -> restock_protocol::catalogue::CatalogueChanges {
    let path = match since {
        Some(cursor) => format!("/api/v1/catalogue/changes?since={cursor}"),
        None => "/api/v1/catalogue/changes".to_owned(),
    };
    let (status, body) = hub.get(&path, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn a_delta_pull_sends_only_what_changed(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_B).await;
    let first = changes(&hub, &token, None).await;
    assert!(first.full);
    assert_eq!(first.products.len(), 400);

    let unchanged = changes(&hub, &token, Some(&first.cursor)).await;
    assert!(!unchanged.full && unchanged.products.is_empty(), "an unchanged pull sends nothing");
    assert_eq!(unchanged.cursor, first.cursor);

    sqlx::query("UPDATE products SET base_price_fen = base_price_fen + 1000 WHERE code IN ('100004', '100010')")
        .execute(&hub.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET status = 'delisted' WHERE code = '100020'").execute(&hub.db.pool).await.unwrap();
    let delta = changes(&hub, &token, Some(&unchanged.cursor)).await;
    assert!(!delta.full);
    let codes: Vec<_> = delta.products.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["100004", "100010", "100020"]);
    let before = first.products.iter().find(|p| p.code == "100004").unwrap();
    assert_eq!(delta.products[0].price, before.price + dec!(9.20), "with this customer's price");

    // Products written by one transaction come together, and a later write after them.
    let mut tx = hub.db.pool.begin().await.unwrap();
    for code in ["100030", "100031", "100032"] {
        sqlx::query("UPDATE products SET name = name || ' 新' WHERE code = $1").bind(code).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("UPDATE products SET is_new = 1 WHERE code = '100033'").execute(&hub.db.pool).await.unwrap();
    let together = changes(&hub, &token, Some(&delta.cursor)).await;
    let codes: Vec<_> = together.products.iter().map(|p| p.code.as_str()).collect();
    assert_eq!((together.full, codes), (false, vec!["100030", "100031", "100032", "100033"]));
    assert!(changes(&hub, &token, Some(&together.cursor)).await.products.is_empty(), "and nothing twice");

    // A price rule change may move every price: the whole catalogue comes again.
    sqlx::query("UPDATE price_rules SET rate = '0.91' WHERE tier = 'B'").execute(&hub.db.pool).await.unwrap();
    let after_rules = changes(&hub, &token, Some(&delta.cursor)).await;
    assert!(after_rules.full);
    assert_eq!(after_rules.products.len(), 400);
    assert_eq!(
        after_rules.products.iter().find(|p| p.code == "100004").unwrap().price,
        restock_protocol::money::apply_rate(delta.products[0].base_price, dec!(0.91))
    );

    // A cursor from another tier or a garbled one also gets everything.
    let other = hub.login(CUSTOMER_A).await;
    assert!(changes(&hub, &other, Some(&after_rules.cursor)).await.full);
    assert!(changes(&hub, &token, Some("garbage")).await.full);
}

async fn the_catalogue_says_what_sells(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let buyer = hub.login(CUSTOMER_A).await;
    let order = serde_json::json!({"orderId": uuid::Uuid::now_v7(), "lines": [{"productCode": "100003", "quantity": 7}]});
    let (status, _) = hub.post("/api/v1/orders", Some(&buyer), &order).await;
    assert_eq!(status, 201);
    let other = hub.login(CUSTOMER_B).await;
    let products = hub.catalogue(&other).await;
    let sales = |code: &str| products.iter().find(|p| p.code == code).unwrap().sales;
    assert_eq!((sales("100003"), sales("100004")), (7, 0), "every customer's orders count, units of the last 30 days");
}

async fn the_category_tree_counts_what_is_on_sale(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = hub.login(CUSTOMER_A).await;
    let (status, tree) = hub.get("/api/v1/categories", Some(&token)).await;
    assert_eq!(status, 200, "{tree}");
    let on_sale: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE status = 'on_sale'").fetch_one(&hub.db.pool).await.unwrap();
    let counted: i64 = tree.as_array().unwrap().iter().map(|n| n["products"].as_i64().unwrap()).sum();
    assert_eq!(counted, on_sale);
    assert!(tree.as_array().unwrap().iter().any(|n| n["name"] == "卷烟"));
}

/// The brief's price example set up through the back office: a tier rate, then a customer's fixed
/// price for November, seen by the customer at once through a delta pull.
async fn price_rules_are_kept_by_the_back_office(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let buyer = hub.login(CUSTOMER_B).await; // tier B: 0.92 of base, so 230.00 for 100001
    let first = changes(&hub, &buyer, None).await;
    let today = hub.calendar.today();
    let rule = serde_json::json!({"customerCode": CUSTOMER_B, "productCode": "100001", "fixedPrice": "226.00",
        "validFrom": today.to_string(), "validTo": (today + chrono::Days::new(3)).to_string()});
    let (status, created) = hub.post("/api/v1/admin/price-rules", Some(&admin), &rule).await;
    assert_eq!(status, 201, "{created}");
    let after = changes(&hub, &buyer, Some(&first.cursor)).await;
    assert!(after.full, "prices may have moved anywhere: the whole catalogue comes again");
    assert_eq!(after.products.iter().find(|p| p.code == "100001").unwrap().price.to_string(), "226.00");

    for (bad, why) in [
        (
            serde_json::json!({"tier": "B", "customerCode": CUSTOMER_B, "rate": "0.9"}),
            "a rule is for one customer or for one tier: give exactly one",
        ),
        (
            serde_json::json!({"tier": "B", "rate": "0.9", "fixedPrice": "1.00"}),
            "a rule is a fixed price (一口价) or a rate (结算率): give exactly one",
        ),
        (serde_json::json!({"tier": "B", "rate": "-1"}), "a rate is above 0 and at most 10 (0.92 is 92% of the base price)"),
    ] {
        let (status, body) = hub.post("/api/v1/admin/price-rules", Some(&admin), &bad).await;
        assert_eq!((status, body["message"].as_str()), (422, Some(why)));
    }
    let (status, _) = hub.post("/api/v1/admin/price-rules", Some(&hub.login("reviewer").await), &rule).await;
    assert_eq!(status, 403);
    let id = created["id"].as_i64().unwrap();
    let response = hub.http.delete(format!("{}/api/v1/admin/price-rules/{id}", hub.url)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(hub.catalogue(&buyer).await.iter().find(|p| p.code == "100001").unwrap().price.to_string(), "230.00");
}

on_both_databases!(
    price_rules_are_kept_by_the_back_office,
    the_category_tree_counts_what_is_on_sale,
    the_catalogue_says_what_sells,
    each_customer_sees_its_own_prices,
    openapi_describes_every_endpoint,
    a_delta_pull_sends_only_what_changed
);
