//! The back office's customers (issue 16.3): the list searched and filtered on the hub, one customer
//! opened with its users, its details edited, and the branches staff may pick from; each within
//! what the member of staff may see.

use crate::helpers::*;
use crate::on_both_databases;
use restock_hub::db::Backend;
use restock_protocol::accounts::UserRole;
use restock_protocol::customers::{Branch, CustomerDetail, CustomerSummary};
use serde_json::{json, Value};

const PENDING: &str = "330188888888";

fn codes(list: &Value) -> Vec<String> {
    list.as_array().unwrap_or_else(|| panic!("a list: {list}")).iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect()
}

/// The customers `token` gets for `query` (after `?`), asserting a 200.
async fn listed(hub: &TestHub, token: &str, query: &str) -> Vec<String> {
    let (status, body) = hub.get(&format!("/api/v1/admin/customers?{query}"), Some(token)).await;
    assert_eq!(status, 200, "{query}: {body}");
    codes(&body)
}

/// A refusal's (status, code, message).
fn refusal(answer: &(u16, Value)) -> (u16, &str, &str) {
    let (status, body) = answer;
    (*status, body["code"].as_str().unwrap_or("-"), body["message"].as_str().unwrap_or("-"))
}

async fn register_pending(hub: &TestHub) {
    let registration = json!({
        "username": PENDING, "password": "my-own-secret", "companyName": "城西烟酒店",
        "contact": "  Alice Wang ", "phone": " 0571-8888 6666 ", "address": "",
    });
    let (status, body) = hub.post("/api/v1/register", None, &registration).await;
    assert_eq!(status, 201, "{body}");
}

async fn the_list_is_searched_and_filtered_on_the_hub(backend: Backend) {
    let hub = spawn_hub(backend).await;
    register_pending(&hub).await;
    let reviewer = hub.login("reviewer").await;
    let admin = hub.login("admin").await;

    // Without a query: every customer, by code, as before; each with how to reach it.
    let (status, all) = hub.get("/api/v1/admin/customers", Some(&reviewer)).await;
    assert_eq!(status, 200, "{all}");
    let all_codes = codes(&all);
    assert_eq!(all_codes.len(), 13, "the 12 demo customers and the registration");
    assert!(all_codes.windows(2).all(|w| w[0] < w[1]), "by code: {all_codes:?}");
    let summaries: Vec<CustomerSummary> = serde_json::from_value(all.clone()).unwrap();
    let pending = summaries.iter().find(|c| c.code == PENDING).unwrap();
    assert_eq!(
        (pending.contact.as_deref(), pending.phone.as_deref(), pending.address.as_deref()),
        (Some("Alice Wang"), Some("0571-8888 6666"), None),
        "trimmed, and a blank address is none"
    );
    assert!(all[0].as_object().unwrap().contains_key("contact"), "the field is there even when empty: {}", all[0]);
    assert_eq!(listed(&hub, &reviewer, "q=&status=%20&branch=&limit=").await, all_codes, "blank parameters filter nothing");

    // By status.
    assert_eq!(listed(&hub, &reviewer, "status=pending").await, vec![PENDING]);
    let active = listed(&hub, &reviewer, "status=active").await;
    assert_eq!(active.len(), 12);
    assert!(!active.contains(&PENDING.to_owned()));

    // Search: a whole code, part of one, part of a name, the contact, case-insensitively.
    assert_eq!(listed(&hub, &reviewer, &format!("q={CUSTOMER_A}")).await, vec![CUSTOMER_A]);
    assert_eq!(listed(&hub, &reviewer, "q=0000001").await, vec!["330100000001", "330100000010", "330100000011", "330100000012"]);
    let (status, _) = hub
        .put(
            &format!("/api/v1/admin/customers/{CUSTOMER_B}"),
            Some(&admin),
            &json!({"name": "Lakeside Mart 湖畔", "tier": "B", "branch": "西湖分公司"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(listed(&hub, &reviewer, "q=LAKESIDE").await, vec![CUSTOMER_B]);
    assert_eq!(listed(&hub, &reviewer, "q=%E6%B9%96%E7%95%94").await, vec![CUSTOMER_B], "湖畔");
    assert_eq!(listed(&hub, &reviewer, "q=aLiCe").await, vec![PENDING]);
    assert_eq!(listed(&hub, &reviewer, "q=wang&status=active").await, Vec::<String>::new(), "filters combine");
    assert_eq!(listed(&hub, &reviewer, "q=%25").await, Vec::<String>::new(), "a % is the character, not a wildcard");
    assert_eq!(listed(&hub, &reviewer, "q=3301_").await, Vec::<String>::new(), "nor is _");

    // By branch: that branch and those under it.
    let xihu = listed(&hub, &reviewer, "branch=%E8%A5%BF%E6%B9%96%E5%88%86%E5%85%AC%E5%8F%B8").await;
    assert_eq!(xihu.len(), 7, "the six odd demo customers and the one moved there: {xihu:?}");
    assert!(xihu.iter().all(|c| c.ends_with(['1', '3', '5', '7', '9']) || c == CUSTOMER_B), "{xihu:?}");
    let region = listed(&hub, &reviewer, "branch=%E6%9D%AD%E5%B7%9E%E5%A4%A7%E5%8C%BA").await; // 杭州大区
    assert_eq!(region.len(), 12, "every demo customer is in a branch under the region; the registration is in none");

    // At most `limit`, by code.
    assert_eq!(listed(&hub, &reviewer, "limit=2").await, all_codes[..2].to_vec());
    assert_eq!(listed(&hub, &reviewer, "limit=1000&status=active").await.len(), 12);

    // Branch staff: whatever the query, only what they may see.
    let xihu_reviewer = hub.login("xihu-reviewer").await;
    let own = listed(&hub, &xihu_reviewer, "").await;
    assert_eq!(own, xihu);
    // 滨江 is "no such branch" to 西湖's staff, as a branch that doesn't exist: a filter doesn't tell them it exists.
    let (status, body) =
        hub.get("/api/v1/admin/customers?branch=%E6%BB%A8%E6%B1%9F%E5%88%86%E5%85%AC%E5%8F%B8", Some(&xihu_reviewer)).await;
    assert_eq!((status, body["message"].as_str()), (422, Some("branch: there is no branch 滨江分公司")), "{body}");
    assert_eq!(listed(&hub, &xihu_reviewer, "branch=%E6%9D%AD%E5%B7%9E%E5%A4%A7%E5%8C%BA").await, xihu, "杭州大区, cut to 西湖");
    assert_eq!(listed(&hub, &xihu_reviewer, &format!("q={CUSTOMER_C}")).await, Vec::<String>::new(), "滨江's customer");
    assert_eq!(listed(&hub, &xihu_reviewer, "status=pending").await, Vec::<String>::new(), "a registration is headquarters'");

    // Every parameter the hub can't read is refused, named.
    let get = |query: String| {
        let (hub, reviewer) = (&hub, &reviewer);
        async move { hub.get(&format!("/api/v1/admin/customers?{query}"), Some(reviewer)).await }
    };
    assert_eq!(
        refusal(&get("status=approved".into()).await),
        (422, "bad_request", "status: 'approved' is not active, pending or suspended")
    );
    for limit in ["0", "1001", "-1", "ten", "2.5"] {
        assert_eq!(
            refusal(&get(format!("limit={limit}")).await),
            (422, "bad_request", format!("limit: '{limit}' is not a number of customers from 1 to 1000").as_str())
        );
    }
    assert_eq!(refusal(&get("branch=nowhere".into()).await), (422, "bad_request", "branch: there is no branch nowhere"));
    assert_eq!(refusal(&get(format!("q={}", "x".repeat(101))).await), (422, "bad_request", "q: at most 100 characters"));
    let (status, body) = get("sort=name".into()).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")), "a parameter it doesn't take: {body}");
}

async fn one_customer_is_opened_with_its_users(backend: Backend) {
    let hub = spawn_hub(backend).await;
    register_pending(&hub).await;
    let reviewer = hub.login("reviewer").await;

    // A registration: what the applicant entered, for the supplier to read before approving.
    let (status, body) = hub.get(&format!("/api/v1/admin/customers/{PENDING}"), Some(&reviewer)).await;
    assert_eq!(status, 200, "{body}");
    let detail: CustomerDetail = serde_json::from_value(body).unwrap();
    assert_eq!((detail.customer.status.as_str(), detail.customer.name.as_str()), ("pending", "城西烟酒店"));
    assert_eq!(detail.customer.contact.as_deref(), Some("Alice Wang"));
    assert_eq!(detail.customer.phone.as_deref(), Some("0571-8888 6666"));
    assert_eq!(detail.customer.address, None);
    assert_eq!(detail.users.len(), 1);
    assert_eq!(
        (detail.users[0].username.as_str(), detail.users[0].role, detail.users[0].must_change_password),
        (PENDING, UserRole::Buyer, false)
    );

    // Its users by user name, with who still has an issued password.
    let admin = hub.login("admin").await;
    let (status, _) = hub
        .post(
            &format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}/users"),
            Some(&admin),
            &json!({"username": "330100000001-0", "role": "buyer"}),
        )
        .await;
    assert_eq!(status, 201);
    let finance = hub.login("finance").await;
    let (status, body) = hub.get(&format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}"), Some(&finance)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["users"],
        json!([
            {"username": "330100000001", "role": "buyer", "mustChangePassword": false, "disabled": false},
            {"username": "330100000001-0", "role": "buyer", "mustChangePassword": true, "disabled": false},
            {"username": restock_hub::demo::SECOND_USER, "role": "approver", "mustChangePassword": false, "disabled": false},
        ])
    );
    assert_eq!((body["customer"]["code"].as_str(), body["customer"]["branch"].as_str()), (Some(CUSTOMER_B_FIXED), Some("西湖分公司")));

    // No such customer, and another branch's, are both "not found".
    assert_eq!(
        refusal(&hub.get("/api/v1/admin/customers/330199999999", Some(&reviewer)).await),
        (404, "not_found", "there is no such customer")
    );
    let xihu_reviewer = hub.login("xihu-reviewer").await;
    let (status, _) = hub.get(&format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}"), Some(&xihu_reviewer)).await;
    assert_eq!(status, 200, "its own branch's customer");
    assert_eq!(
        refusal(&hub.get(&format!("/api/v1/admin/customers/{CUSTOMER_C}"), Some(&xihu_reviewer)).await),
        (404, "not_found", "there is no such customer"),
        "滨江's customer"
    );
    assert_eq!(
        refusal(&hub.get(&format!("/api/v1/admin/customers/{PENDING}"), Some(&xihu_reviewer)).await),
        (404, "not_found", "there is no such customer"),
        "a registration (headquarters')"
    );

    // What a registration gives is checked as names are.
    let register =
        |contact: &str| json!({"username": "330177777777", "password": "my-own-secret", "companyName": "店", "contact": contact});
    assert_eq!(
        refusal(&hub.post("/api/v1/register", None, &register("王\u{202E}经理")).await),
        (422, "bad_request", "the contact has a hidden character (U+202E)")
    );
    assert_eq!(
        refusal(&hub.post("/api/v1/register", None, &register(&"王".repeat(101))).await),
        (422, "bad_request", "the contact has at most 100 characters")
    );
    let (status, body) = hub
        .post(
            "/api/v1/register",
            None,
            &json!({"username": "330177777777", "password": "my-own-secret", "companyName": "店", "address": "x".repeat(101)}),
        )
        .await;
    assert_eq!((status, body["message"].as_str()), (422, Some("the address has at most 100 characters")));
    let (status, body) = hub
        .post(
            "/api/v1/register",
            None,
            &json!({"username": "330177777777", "password": "my-own-secret", "companyName": "店", "phone": "1\n2"}),
        )
        .await;
    assert_eq!((status, body["message"].as_str()), (422, Some("the phone has a hidden character (U+000A)")));
    assert_eq!(hub.count("customers").await, 13, "none of those registered: the 12 demo customers and the first registration");
    let (status, _) =
        hub.post("/api/v1/register", None, &json!({"username": "330177777777", "password": "my-own-secret", "companyName": "店"})).await;
    assert_eq!(status, 201, "a registration without a contact still goes through");
    let (_, body) = hub.get("/api/v1/admin/customers/330177777777", Some(&reviewer)).await;
    assert_eq!(
        (&body["customer"]["contact"], &body["customer"]["phone"], &body["customer"]["address"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
}

async fn an_admin_edits_a_customer(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let admin = hub.login("admin").await;
    let path = format!("/api/v1/admin/customers/{CUSTOMER_C}");
    let edit = |name: &str, tier: &str, branch: Option<&str>| json!({"name": name, "tier": tier, "branch": branch, "contact": " 李四 ", "phone": "13800001111", "address": "杭州市滨江区江南大道1号"});
    let (status, body) = hub.put(&path, Some(&admin), &edit(" 滨江新店 ", "A", Some("西湖分公司"))).await;
    assert_eq!(status, 200, "{body}");
    let written: CustomerSummary = serde_json::from_value(body).unwrap();
    assert_eq!((written.code.as_str(), written.name.as_str(), written.tier.as_str()), (CUSTOMER_C, "滨江新店", "A"));
    assert_eq!((written.branch.as_deref(), written.contact.as_deref()), (Some("西湖分公司"), Some("李四")));
    assert_eq!((written.phone.as_deref(), written.address.as_deref()), (Some("13800001111"), Some("杭州市滨江区江南大道1号")));

    // Read back the same, and the customer now in 西湖's list.
    let reviewer = hub.login("reviewer").await;
    let (status, body) = hub.get(&path, Some(&reviewer)).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_value::<CustomerDetail>(body).unwrap().customer, written);
    let xihu_reviewer = hub.login("xihu-reviewer").await;
    assert!(listed(&hub, &xihu_reviewer, "").await.contains(&CUSTOMER_C.to_owned()));
    // Its buyer orders at the new tier's prices (A: 90% of 250.00).
    let buyer = hub.login(CUSTOMER_C).await;
    let product = hub.catalogue(&buyer).await.into_iter().find(|p| p.code == "100001").unwrap();
    assert_eq!(product.price, rust_decimal_macros::dec!(225.00));

    // Written as given: blank contact fields clear, no branch is headquarters.
    let (status, body) =
        hub.put(&path, Some(&admin), &json!({"name": "滨江新店", "tier": "A", "branch": null, "contact": "", "phone": "  "})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (&body["branch"], &body["contact"], &body["phone"], &body["address"]),
        (&Value::Null, &Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(body["status"], "active", "the status is not edited here");

    // Every rule broken, refused with what to fix; nothing is written.
    for (name, tier) in [("", "A"), ("   ", "A"), ("店", ""), ("店", " ")] {
        assert_eq!(
            refusal(&hub.put(&path, Some(&admin), &edit(name, tier, None)).await),
            (422, "bad_request", "a name and a tier are both needed"),
            "{name:?} {tier:?}"
        );
    }
    assert_eq!(
        refusal(&hub.put(&path, Some(&admin), &edit("店\u{200F}", "A", None)).await),
        (422, "bad_request", "the customer's name has a hidden character (U+200F)")
    );
    assert_eq!(
        refusal(&hub.put(&path, Some(&admin), &edit(&"店".repeat(101), "A", None)).await),
        (422, "bad_request", "the customer's name has at most 100 characters")
    );
    let (status, body) = hub.put(&path, Some(&admin), &edit("店", "A B", None)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("bad_request")), "a tier is a single word: {body}");
    assert_eq!(
        refusal(&hub.put(&path, Some(&admin), &edit("店", "A", Some("上城分公司"))).await),
        (422, "bad_request", "there is no branch 上城分公司")
    );
    let (status, body) = hub.put(&path, Some(&admin), &json!({"name": "店", "tier": "A", "contact": "x".repeat(101)})).await;
    assert_eq!((status, body["message"].as_str()), (422, Some("the contact has at most 100 characters")));
    let (status, body) = hub.put(&path, Some(&admin), &json!({"name": "店"})).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_request")), "a body without a tier can't be read: {body}");
    assert_eq!(
        refusal(&hub.put("/api/v1/admin/customers/330199999999", Some(&admin), &edit("店", "A", None)).await),
        (404, "not_found", "there is no such customer")
    );
    let (_, body) = hub.get(&path, Some(&reviewer)).await;
    assert_eq!(
        (body["customer"]["name"].as_str(), &body["customer"]["contact"]),
        (Some("滨江新店"), &Value::Null),
        "none of those wrote anything"
    );

    // Only admins edit.
    let (status, body) = hub.put(&path, Some(&reviewer), &edit("店", "A", None)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
}

async fn a_branch_admin_edits_only_within_its_branch(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let token = xihu_admin(&hub).await;
    let details = |branch: Option<&str>| json!({"name": "西湖店", "tier": "B", "branch": branch, "contact": "张三"});

    // Another branch's customer is "not found", read or written.
    let other = format!("/api/v1/admin/customers/{CUSTOMER_C}");
    assert_eq!(refusal(&hub.get(&other, Some(&token)).await), (404, "not_found", "there is no such customer"));
    assert_eq!(
        refusal(&hub.put(&other, Some(&token), &details(Some("西湖分公司"))).await),
        (404, "not_found", "there is no such customer")
    );

    // Its own: kept within 西湖; another branch is "no such branch" to it, as one that doesn't exist.
    let own = format!("/api/v1/admin/customers/{CUSTOMER_B_FIXED}");
    for branch in ["滨江分公司", "杭州大区", "总部", "上城分公司"] {
        assert_eq!(
            refusal(&hub.put(&own, Some(&token), &details(Some(branch))).await),
            (422, "bad_request", format!("there is no branch {branch}").as_str())
        );
    }
    assert_eq!(
        refusal(&hub.put(&own, Some(&token), &details(None)).await),
        (422, "bad_request", "only headquarters' staff put a customer in headquarters: name one of your branches")
    );
    let (status, body) = hub.put(&own, Some(&token), &details(Some("西湖分公司"))).await;
    assert_eq!((status, body["name"].as_str(), body["contact"].as_str()), (200, Some("西湖店"), Some("张三")), "{body}");
    let (status, body) = hub.get(&own, Some(&token)).await;
    assert_eq!((status, body["customer"]["branch"].as_str()), (200, Some("西湖分公司")));

    // A customer it creates is kept within 西湖 the same way.
    let create = |code: &str, branch: Option<&str>| json!({"code": code, "name": "西湖新店", "tier": "C", "branch": branch});
    assert_eq!(
        refusal(&hub.post("/api/v1/admin/customers", Some(&token), &create("330100000777", Some("滨江分公司"))).await),
        (422, "bad_request", "there is no branch 滨江分公司")
    );
    assert_eq!(
        refusal(&hub.post("/api/v1/admin/customers", Some(&token), &create("330100000777", None)).await),
        (422, "bad_request", "only headquarters' staff put a customer in headquarters: name one of your branches")
    );
    let (status, body) = hub.post("/api/v1/admin/customers", Some(&token), &create("330100000777", Some("西湖分公司"))).await;
    assert_eq!(status, 201, "{body}");

    // Headquarters moves it anywhere, headquarters too.
    let admin = hub.login("admin").await;
    let (status, body) = hub.put(&own, Some(&admin), &details(None)).await;
    assert_eq!((status, &body["branch"]), (200, &Value::Null));
    assert_eq!(refusal(&hub.get(&own, Some(&token)).await), (404, "not_found", "there is no such customer"), "out of 西湖's sight now");
}

async fn branches_are_those_the_caller_may_see(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let branch =
        |name: &str, kind: &str, parent: Option<&str>| Branch { name: name.into(), kind: kind.into(), parent: parent.map(Into::into) };
    let everything = vec![
        branch("总部", "hq", None),
        branch("杭州大区", "region", Some("总部")),
        branch("西湖分公司", "branch", Some("杭州大区")),
        branch("滨江分公司", "branch", Some("杭州大区")),
    ];
    for staff in ["admin", "reviewer", "warehouse", "finance"] {
        let (status, body) = hub.get("/api/v1/admin/branches", Some(&hub.login(staff).await)).await;
        assert_eq!(status, 200, "{staff}: {body}");
        assert_eq!(serde_json::from_value::<Vec<Branch>>(body).unwrap(), everything, "{staff}");
    }
    let (_, body) = hub.get("/api/v1/admin/branches", Some(&hub.login("xihu-reviewer").await)).await;
    assert_eq!(body, json!([{"name": "西湖分公司", "kind": "branch", "parent": "杭州大区"}]));
    let (_, body) = hub.get("/api/v1/admin/branches", Some(&xihu_admin(&hub).await)).await;
    assert_eq!(serde_json::from_value::<Vec<Branch>>(body).unwrap(), vec![branch("西湖分公司", "branch", Some("杭州大区"))]);
    let (status, body) = hub.get("/api/v1/admin/branches", Some(&hub.login(CUSTOMER_A).await)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, _) = hub.get("/api/v1/admin/branches", None).await;
    assert_eq!(status, 401);
}

async fn the_openapi_document_describes_them(backend: Backend) {
    let hub = spawn_hub(backend).await;
    let (_, doc) = hub.get("/openapi.json", None).await;
    for schema in ["CustomerSummary", "CustomerDetail", "CustomerDetails", "CustomerUser", "Branch", "Registration"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema} missing from the OpenAPI document");
    }
    assert!(doc["components"]["schemas"]["CustomerSummary"]["properties"]["contact"].is_object());
    assert!(doc["components"]["schemas"]["Registration"]["properties"]["address"].is_object());
    let parameters: Vec<&str> = doc["paths"]["/api/v1/admin/customers"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(parameters, ["q", "status", "branch", "limit"]);
    let customer = &doc["paths"]["/api/v1/admin/customers/{code}"];
    assert!(customer["get"].is_object() && customer["put"].is_object());
    assert!(doc["paths"]["/api/v1/admin/branches"]["get"].is_object());
}

on_both_databases!(
    the_list_is_searched_and_filtered_on_the_hub,
    one_customer_is_opened_with_its_users,
    an_admin_edits_a_customer,
    a_branch_admin_edits_only_within_its_branch,
    branches_are_those_the_caller_may_see,
    the_openapi_document_describes_them,
);
