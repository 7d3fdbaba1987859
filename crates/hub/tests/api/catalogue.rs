use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use rust_decimal_macros::dec;

async fn each_customer_sees_its_own_prices(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let price_of = |products: &[restock_protocol::catalogue::Product], code: &str| {
        products.iter().find(|p| p.code == code).unwrap().price
    };
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
    for path in ["/health", "/api/v1/login", "/api/v1/logout", "/api/v1/catalogue", "/api/v1/orders"] {
        assert!(doc["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert!(doc["components"]["schemas"]["ErrorCode"].is_object());
    let (_, health) = hub.get("/health", None).await;
    assert_eq!(health["database"], backend.name());
}

on_both_databases!(each_customer_sees_its_own_prices, openapi_describes_every_endpoint);
