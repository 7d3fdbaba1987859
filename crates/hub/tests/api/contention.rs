//! Orders and the back office's writes at the same moment: every write takes the database's turn
//! (on SQLite the hub's one writer), so none of them fails for a lock it could have waited for.

use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the customers order and the staff write at once.
const FOR: Duration = Duration::from_secs(5);

/// (status, what was asked) of every answer.
type Answers = Vec<(u16, String)>;

async fn place_orders(hub: Arc<TestHub>, customer: &'static str, products: Vec<String>) -> Answers {
    let token = hub.login(customer).await;
    let mut answers = Vec::new();
    let started = Instant::now();
    let mut n = 0usize;
    while started.elapsed() < FOR {
        let lines: Vec<_> = (0..3).map(|k| json!({"productCode": products[(n + k * 7) % products.len()], "quantity": 1})).collect();
        let (status, body) = hub.post("/api/v1/orders", Some(&token), &json!({"orderId": uuid::Uuid::now_v7(), "lines": lines})).await;
        answers.push((status, format!("order: {body}")));
        n += 1;
    }
    answers
}

/// Cycles through the staff's writes: resets, users, products, an import, customers, stock and
/// allocations, price rules.
async fn write_back_office(hub: Arc<TestHub>, clerk: usize, products: Vec<String>) -> Answers {
    let admin = hub.login("admin").await;
    let url = format!("{}/api/v1/admin/catalogue/export?format=csv", hub.url);
    let catalogue = hub.http.get(url).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
    let mut answers = Vec::new();
    let started = Instant::now();
    let mut n = 0usize;
    while started.elapsed() < FOR {
        let code = &products[(clerk * 31 + n) % products.len()];
        let tag = format!("{clerk}-{n}");
        let (status, body) = match n % 8 {
            0 => hub.post(&format!("/api/v1/admin/users/{CUSTOMER_C}/reset"), Some(&admin), &json!({})).await,
            1 => {
                hub.post(
                    &format!("/api/v1/admin/customers/{CUSTOMER_C}/users"),
                    Some(&admin),
                    &json!({"username": format!("clerk-{tag}"), "role": "buyer"}),
                )
                .await
            }
            2 => hub.put(&format!("/api/v1/admin/stock/{code}"), Some(&admin), &json!({"onHand": 900, "available": 800})).await,
            3 => {
                let (status, body) = hub
                    .put(
                        "/api/v1/admin/allocations",
                        Some(&admin),
                        &json!({"customerCode": CUSTOMER_A, "productCode": code, "quantity": 50}),
                    )
                    .await;
                if status != 204 {
                    (status, body)
                } else {
                    hub.delete(&format!("/api/v1/admin/allocations?customerCode={CUSTOMER_A}&productCode={code}"), Some(&admin)).await
                }
            }
            4 => {
                hub.post(
                    "/api/v1/admin/customers",
                    Some(&admin),
                    &json!({"code": format!("3302{clerk:02}{n:06}"), "name": format!("压测客户{tag}"), "tier": "B"}),
                )
                .await
            }
            5 => hub.post("/api/v1/admin/price-rules", Some(&admin), &json!({"tier": "C", "productCode": code, "rate": "0.99"})).await,
            6 => hub.put(&format!("/api/v1/admin/customers/{CUSTOMER_B}/balance"), Some(&admin), &json!({"prepaid": "100000.00"})).await,
            _ => {
                // The whole catalogue, as exported: every product upserted again.
                let url = format!("{}/api/v1/admin/catalogue/import?format=csv", hub.url);
                let response = hub.http.post(url).bearer_auth(&admin).body(catalogue.clone()).send().await.unwrap();
                let status = response.status().as_u16();
                (status, response.json().await.unwrap_or_default())
            }
        };
        answers.push((status, format!("staff write {}: {body}", n % 8)));
        n += 1;
    }
    answers
}

async fn orders_and_every_staff_write_at_once_never_fail_for_a_lock(backend: Backend) {
    let hub = Arc::new(spawn_hub(backend).await);
    let token = hub.login(CUSTOMER_A).await;
    let products: Vec<String> = hub
        .catalogue(&token)
        .await
        .into_iter()
        .filter(|p| {
            p.status == restock_protocol::catalogue::ProductStatus::OnSale && p.rules.pack_multiple == 1 && p.rules.min_per_order <= 1
        })
        .map(|p| p.code)
        .collect();
    let mut tasks = Vec::new();
    for customer in [CUSTOMER_A, CUSTOMER_B, CUSTOMER_C, CUSTOMER_B_FIXED] {
        tasks.push(tokio::spawn(place_orders(hub.clone(), customer, products.clone())));
    }
    for clerk in 0..2 {
        tasks.push(tokio::spawn(write_back_office(hub.clone(), clerk, products.clone())));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.extend(task.await.unwrap());
    }
    let failed: Vec<_> = answers.iter().filter(|(status, _)| *status >= 500).collect();
    assert!(failed.is_empty(), "{} of {} answers were 5xx, e.g. {:?}", failed.len(), answers.len(), failed.first());
    let orders = answers.iter().filter(|(status, what)| *status == 201 && what.starts_with("order")).count();
    let staff = answers.iter().filter(|(status, what)| *status < 300 && what.starts_with("staff")).count();
    assert!(orders > 20 && staff > 20, "both sides got work done: {orders} orders, {staff} staff writes");
    // Whatever was refused was refused for a reason a user can act on, in the error shape.
    for (status, what) in &answers {
        if *status >= 400 {
            assert!(what.contains("\"code\""), "{status}: {what}");
        }
    }
}

on_both_databases!(orders_and_every_staff_write_at_once_never_fail_for_a_lock);
