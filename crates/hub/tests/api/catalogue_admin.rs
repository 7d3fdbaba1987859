//! The catalogue as a file (CSV and xlsx, all-or-nothing with every bad cell named) and pictures.

use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::catalogue::sheet;
use restock_hub::db::Backend;
use restock_protocol::catalogue::ProductRecord;
use serde_json::{json, Value};

async fn download(hub: &TestHub, token: &str, format: &str) -> (u16, Vec<u8>) {
    let response =
        hub.http.get(format!("{}/api/v1/admin/catalogue/export?format={format}", hub.url)).bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
}

async fn upload(hub: &TestHub, token: &str, format: &str, bytes: Vec<u8>) -> (u16, Value) {
    let response = hub
        .http
        .post(format!("{}/api/v1/admin/catalogue/import?format={format}", hub.url))
        .bearer_auth(token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

fn records(format: &str, bytes: &[u8]) -> Vec<ProductRecord> {
    let table = if format == "csv" { sheet::read_csv(bytes) } else { sheet::read_xlsx(bytes) }.unwrap();
    assert_eq!(table[0][0], "编码", "Chinese headers, as suppliers use them");
    sheet::products_from(&table).unwrap().unwrap()
}

async fn the_catalogue_round_trips_through_csv_and_xlsx(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    for format in ["csv", "xlsx"] {
        let products: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(&hub.db.pool).await.unwrap();
        let (status, bytes) = download(&hub, &admin, format).await;
        assert_eq!(status, 200);
        let mut rows = records(format, &bytes);
        assert_eq!(rows.len() as i64, products);
        let exported = rows[0].tax_rate.map(|r| r.to_string());
        assert_eq!(exported.as_deref(), Some(if format == "csv" { "13" } else { "9" }), "the demo's 13%, then the csv's 9%");
        assert!(!rows[0].description.is_empty());
        // Rename one, give it another rate and description, add one, and bring the file back.
        rows[0].name = format!("中华（软）{format}版");
        rows[0].tax_rate = Some(rust_decimal::Decimal::new(9, 0));
        rows[0].description = format!("礼盒装，{format} 导入");
        let mut new = rows[1].clone();
        new.code = format!("NEW-{format}");
        rows.push(new);
        let bytes = if format == "csv" { sheet::write_csv(&rows) } else { sheet::write_xlsx(&rows).unwrap() };
        let (status, report) = upload(&hub, &admin, format, bytes).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!((report["created"].as_u64(), report["updated"].as_i64()), (Some(1), Some(products)));
    }
    // A customer sees the change in their next pull.
    let token = hub.login(CUSTOMER_A).await;
    let catalogue = hub.catalogue(&token).await;
    let first = catalogue.iter().find(|p| p.code == "100001").unwrap();
    assert_eq!((first.name.as_str(), first.description.as_str()), ("中华（软）xlsx版", "礼盒装，xlsx 导入"));
    assert_eq!(first.tax_rate.map(|r| r.to_string()).as_deref(), Some("9"));
    assert!(catalogue.iter().any(|p| p.code == "NEW-csv"));
}

async fn a_file_with_any_bad_row_imports_nothing_and_names_each_cell(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let file = "编码,名称,单位,订货倍数,基准价,状态,税率\n\
                100001,改了名字,条,1,260.00,在售,13%\n\
                ,没有编码,箱,6,12.00,在售,\n\
                100002,价格错,箱,0,abc,停售,130%\n";
    let (status, body) = upload(&hub, &admin, "csv", file.as_bytes().to_vec()).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("import_rejected")), "{body}");
    assert_eq!(body["message"], "5 cells are wrong; nothing was imported: fix them and import the file again");
    let cells: Vec<(u64, &str, &str)> = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["column"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        cells,
        [
            (3, "编码 (code)", "this cell must not be empty"),
            (4, "订货倍数 (pack_multiple)", "0 is below 1"),
            (4, "基准价 (base_price)", "'abc' is not a price"),
            (4, "状态 (status)", "'停售' is not a status: use 在售 or 下架 (on_sale, delisted)"),
            (4, "税率 (tax_rate)", "the tax rate 130% is outside 0% to 100%"),
        ]
    );
    let name: String = sqlx::query_scalar("SELECT name FROM products WHERE code = '100001'").fetch_one(&hub.db.pool).await.unwrap();
    assert_ne!(name, "改了名字", "the good row was not imported either");

    let (status, body) = upload(&hub, &admin, "csv", b"code,name\nX,y\n".to_vec()).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")));
    assert_eq!(body["message"], "the header row lacks the column 单位 (unit)");
    let (status, _) = upload(&hub, &admin, "xlsx", b"not a spreadsheet".to_vec()).await;
    assert_eq!(status, 400);
    // Only admins import; warehouse staff may export; customers do neither.
    let (status, _) = upload(&hub, &hub.login("reviewer").await, "csv", file.as_bytes().to_vec()).await;
    assert_eq!(status, 403);
    assert_eq!(download(&hub, &hub.login("warehouse").await, "xlsx").await.0, 200);
    assert_eq!(download(&hub, &hub.login(CUSTOMER_A).await, "csv").await.0, 403);
}

async fn a_product_picture_is_stored_served_and_versioned(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let png: Vec<u8> = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 64]].concat();
    let put = |token: String, bytes: Vec<u8>| {
        let request = hub.http.put(format!("{}/api/v1/admin/products/100001/image", hub.url)).bearer_auth(token).body(bytes);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(put(admin.clone(), png.clone()).await, 204);
    assert_eq!(put(admin.clone(), b"GIF89a".to_vec()).await, 422, "only PNG, JPEG or WebP");
    let customer = hub.login(CUSTOMER_A).await;
    assert_eq!(put(customer.clone(), png.clone()).await, 403);

    let product = hub.catalogue(&customer).await.into_iter().find(|p| p.code == "100001").unwrap();
    let sha = product.image.expect("the product names its picture");
    let response = hub.http.get(format!("{}/api/v1/products/100001/image", hub.url)).bearer_auth(&customer).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["etag"].to_str().unwrap(), format!("\"{sha}\""));
    assert_eq!(response.bytes().await.unwrap().to_vec(), png);
    let again = hub
        .http
        .get(format!("{}/api/v1/products/100001/image", hub.url))
        .bearer_auth(&customer)
        .header("if-none-match", format!("\"{sha}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let (status, body) = hub.get("/api/v1/products/100002/image", Some(&customer)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = hub.put("/api/v1/admin/products/100001", Some(&admin), &json!({"code": "100001"})).await;
    assert_eq!(status, 400, "a product needs all its fields");
}

on_both_databases!(
    the_catalogue_round_trips_through_csv_and_xlsx,
    a_file_with_any_bad_row_imports_nothing_and_names_each_cell,
    a_product_picture_is_stored_served_and_versioned,
);

mod promotions {
    use super::*;
    use restock_protocol::orders::Order;

    /// The brief's examples: 满1000减50 on a brand for tier A, 买10送1 on a product, as their own lines.
    async fn promotions_become_their_own_lines_and_the_hub_and_total_agree(backend: Backend) {
        let hub = spawn_hub(backend).await;
        let admin = hub.login("admin").await;
        let today = hub.calendar.today();
        // Stock is beside the point here: stop tracking it.
        sqlx::query("DELETE FROM stock").execute(&hub.db.pool).await.unwrap();
        let code: String = sqlx::query_scalar(
            "SELECT code FROM products WHERE category = '饮料' AND brand NOT IN ('可口可乐', '农夫山泉') AND pack_multiple = 1 AND max_per_order IS NULL
             AND status = 'on_sale' ORDER BY code LIMIT 1",
        )
        .fetch_one(&hub.db.pool)
        .await
        .unwrap();
        let promotion = |name: &str, kind: Value, covers: Value, tiers: &[&str]| {
            json!({"id": 0, "name": name, "kind": kind["kind"], "percent": kind["percent"], "threshold": kind["threshold"], "off": kind["off"],
                   "buy": kind["buy"], "get": kind["get"], "covers": covers, "tiers": tiers,
                   "validFrom": (today - chrono::Days::new(1)).to_string(), "validTo": (today + chrono::Days::new(1)).to_string()})
        };
        let body =
            promotion("测试 买10送1", json!({"kind": "buy_get", "buy": 10, "get": 1}), json!({"scope": "product", "value": code}), &[]);
        let (status, created) = hub.post("/api/v1/admin/promotions", Some(&admin), &body).await;
        assert_eq!(status, 201, "{created}");
        let nothing =
            promotion("白送", json!({"kind": "spend_save", "threshold": "10.00", "off": "20.00"}), json!({"scope": "everything"}), &[]);
        let (status, refused) = hub.post("/api/v1/admin/promotions", Some(&admin), &nothing).await;
        assert_eq!((status, refused["code"].as_str()), (422, Some("bad_request")));

        let buyer = hub.login(CUSTOMER_C).await; // tier C: only promotions for everyone
        let (_, listed) = hub.get("/api/v1/promotions", Some(&buyer)).await;
        assert!(listed.as_array().unwrap().iter().any(|p| p["name"] == "测试 买10送1"));
        assert!(listed
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["tiers"].as_array().unwrap().is_empty() || p["tiers"].as_array().unwrap().contains(&json!("C"))));
        let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &crate::cycles::order(&[(&code, 20)])).await;
        assert_eq!(status, 201, "{body}");
        let order: Order = serde_json::from_value(body).unwrap();
        let free: Vec<_> = order
            .adjustments
            .iter()
            .filter(|a| a.product_code.as_deref() == Some(code.as_str()))
            .map(|a| (a.free_quantity, a.amount.to_string()))
            .collect();
        assert_eq!(free, [(2, "0.00".to_string())], "20 ordered → 2 free, a zero-priced line");
        let lines: rust_decimal::Decimal = order.lines.iter().map(|l| l.line_amount).sum();
        let adjustments: rust_decimal::Decimal = order.adjustments.iter().map(|a| a.amount).sum();
        assert_eq!(order.total, lines + adjustments);

        // 满1000减50 on 农夫山泉 for tier A (demo data): enough of it gets −50.00 as its own line.
        let (water, water_fen): (String, i64) = sqlx::query_as(
            "SELECT code, base_price_fen FROM products WHERE brand = '农夫山泉' AND pack_multiple = 1 AND max_per_order IS NULL
             AND status = 'on_sale' ORDER BY code LIMIT 1",
        )
        .fetch_one(&hub.db.pool)
        .await
        .unwrap();
        let tier_a = hub.login(CUSTOMER_A).await; // 90% of base
        let quantity = (100_000 * 10 / 9 / water_fen + 1) as u32; // just over 1,000.00 at tier A's price
        let (status, body) = hub.post("/api/v1/orders", Some(&tier_a), &crate::cycles::order(&[(&water, quantity)])).await;
        assert_eq!(status, 201, "{body}");
        let order: Order = serde_json::from_value(body).unwrap();
        assert!(order.lines[0].line_amount >= rust_decimal_macros::dec!(1000.00));
        assert_eq!(order.adjustments.iter().map(|a| a.amount.to_string()).collect::<Vec<_>>(), ["-50.00"]);
        let (_, again) = hub.get(&format!("/api/v1/orders/{}", order.order_id), Some(&tier_a)).await;
        assert_eq!(again["adjustments"][0]["amount"], "-50.00", "kept with the order");
        assert_eq!(serde_json::from_value::<Order>(again).unwrap(), order, "the answer to the POST is the order as stored");
        // The buyer's accepted total includes the discount; a total without it is refused.
        let mut body = crate::cycles::order(&[(&water, quantity)]);
        body["expectedTotal"] = json!(order.lines[0].line_amount.to_string());
        let (status, refused) = hub.post("/api/v1/orders", Some(&tier_a), &body).await;
        assert_eq!((status, refused["code"].as_str()), (422, Some("price_changed")));
    }

    /// 买10送1 on a product whose stock is tracked: the free units leave the warehouse too, as far
    /// as the stock goes, and come back when the order is cancelled.
    async fn free_goods_take_stock_as_far_as_it_goes(backend: Backend) {
        let hub = spawn_hub(backend).await;
        let admin = hub.login("admin").await;
        let today = hub.calendar.today();
        let code: String = sqlx::query_scalar(
            "SELECT code FROM products WHERE category = '饮料' AND pack_multiple = 1 AND max_per_order IS NULL AND min_per_order <= 1
             AND status = 'on_sale' ORDER BY code LIMIT 1",
        )
        .fetch_one(&hub.db.pool)
        .await
        .unwrap();
        let body = json!({"id": 0, "name": "买10送1", "kind": "buy_get", "buy": 10, "get": 1, "covers": {"scope": "product", "value": code},
                          "tiers": [], "validFrom": (today - chrono::Days::new(1)).to_string(), "validTo": (today + chrono::Days::new(1)).to_string()});
        let (status, created) = hub.post("/api/v1/admin/promotions", Some(&admin), &body).await;
        assert_eq!(status, 201, "{created}");
        let set_stock = async |available: i64| {
            let (status, body) =
                hub.put(&format!("/api/v1/admin/stock/{code}"), Some(&admin), &json!({"onHand": available, "available": available})).await;
            assert_eq!(status, 204, "{body}");
        };
        let available = async || -> i64 {
            sqlx::query_scalar("SELECT available FROM stock WHERE product_code = $1").bind(&code).fetch_one(&hub.db.pool).await.unwrap()
        };
        let buyer = hub.login(CUSTOMER_C).await; // no cycle: placed at once

        // 25 in stock, 20 ordered: 2 free, 22 leave; cancelled, all 25 are back.
        set_stock(25).await;
        let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &crate::cycles::order(&[(&code, 20)])).await;
        assert_eq!(status, 201, "{body}");
        let order: Order = serde_json::from_value(body).unwrap();
        assert_eq!(order.adjustments.iter().map(|a| a.free_quantity).collect::<Vec<_>>(), [2]);
        assert_eq!(available().await, 3, "the 2 free units are taken with the 20");
        let (status, _) = hub.post(&format!("/api/v1/orders/{}/cancel", order.order_id), Some(&buyer), &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(available().await, 25, "cancelled: lines and free goods are back");

        // 21 in stock, 20 ordered: 1 of the 2 free units can be given, and the order says so.
        set_stock(21).await;
        let (status, body) = hub.post("/api/v1/orders", Some(&buyer), &crate::cycles::order(&[(&code, 20)])).await;
        assert_eq!(status, 201, "the order is not refused for its gift: {body}");
        let order: Order = serde_json::from_value(body).unwrap();
        assert_eq!(order.adjustments[0].free_quantity, 1);
        assert_eq!(order.adjustments[0].description, "买10送1（库存不足，赠 1，原应赠 2）");
        assert_eq!(available().await, 0);
        let (_, stored) = hub.get(&format!("/api/v1/orders/{}", order.order_id), Some(&buyer)).await;
        assert_eq!(serde_json::from_value::<Order>(stored).unwrap().adjustments, order.adjustments, "stored as answered");
        let (status, _) = hub.post(&format!("/api/v1/orders/{}/cancel", order.order_id), Some(&buyer), &json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(available().await, 21, "what was given comes back, not what was promised");
    }

    on_both_databases!(promotions_become_their_own_lines_and_the_hub_and_total_agree, free_goods_take_stock_as_far_as_it_goes);
}
