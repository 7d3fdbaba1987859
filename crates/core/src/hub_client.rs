//! HTTP to one supplier's hub. Turns every failure into a `CoreError` the user can act on.

use crate::error::{CoreError, Result};
use restock_protocol::accounts::{IssuedAccount, IssuedResetToken};
use restock_protocol::accounts::{LoginRequest, LoginResponse};
use restock_protocol::catalogue::CatalogueChanges;
use restock_protocol::customers::{
    Branch, CustomerDetail, CustomerDetails, CustomerQuery, CustomerSummary, NewCustomer, NewCustomerUser, SetBalance,
};
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::home::HomeStatus;
use restock_protocol::orders::cuts::CutOrder;
use restock_protocol::orders::{ChangeOrder, CreateOrder, Order, OrderList};
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::promotions::{Promotion, PromotionQuery};
use restock_protocol::review::{CustomerOrder, OrderQueuePage, OrderQueueQuery, ReviewDecision, ReviewOrderDetail};
use restock_protocol::supply::{
    AllocationPage, AllocationQuery, RemoveAllocation, SetAllocation, SetStock, StockPage, StockQuery, SupplyChanges, SupplyList,
};
use restock_protocol::{routes, ApiError};
use serde::de::DeserializeOwned;
use std::time::Duration;

#[derive(Clone)]
pub struct HubClient {
    http: reqwest::Client,
    base_url: String,
}

impl HubClient {
    pub fn new(base_url: &str) -> Result<Self> {
        let base_url = normalize_hub_url(base_url)?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("restock-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CoreError::Invalid(format!("cannot build an HTTP client: {e}")))?;
        Ok(HubClient { http, base_url })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<LoginResponse> {
        let body = LoginRequest { username: username.to_owned(), password: password.to_owned() };
        self.send(self.http.post(self.url(routes::LOGIN)).json(&body)).await
    }

    pub async fn change_password(&self, token: &str, current_password: &str, new_password: &str) -> Result<()> {
        let body = restock_protocol::accounts::ChangePassword {
            current_password: current_password.to_owned(),
            new_password: new_password.to_owned(),
        };
        self.send_for_bytes(self.http.post(self.url(routes::PASSWORD)).bearer_auth(token).json(&body)).await.map(drop)
    }

    /// Self-registration (新客户注册): the new customer can log in, and order once the supplier approves.
    pub async fn register(&self, registration: &restock_protocol::accounts::Registration) -> Result<()> {
        self.send_for_bytes(self.http.post(self.url(routes::REGISTER)).json(registration)).await.map(drop)
    }

    /// Sets a new password with the reset code the supplier issued.
    pub async fn reset_password(&self, reset: &restock_protocol::accounts::ResetPassword) -> Result<()> {
        self.send_for_bytes(self.http.post(self.url(routes::PASSWORD_RESET)).json(reset)).await.map(drop)
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        let response = self.http.post(self.url(routes::LOGOUT)).bearer_auth(token).send().await;
        response.map(|_| ()).map_err(|e| self.unreachable(e))
    }

    /// What changed in the catalogue since `since` (everything when `None`).
    pub async fn catalogue_changes(&self, token: &str, since: Option<&str>) -> Result<CatalogueChanges> {
        self.catalogue_changes_reporting(token, since, |_| {}).await
    }

    /// The same, telling `received` how many bytes have arrived as they arrive.
    pub async fn catalogue_changes_reporting(&self, token: &str, since: Option<&str>, received: impl Fn(u64)) -> Result<CatalogueChanges> {
        let mut request = self.http.get(self.url(routes::CATALOGUE_CHANGES)).bearer_auth(token);
        if let Some(cursor) = since {
            request = request.query(&[("since", cursor)]);
        }
        let mut response = request.send().await.map_err(|e| self.unreachable(e))?;
        if !response.status().is_success() {
            return Err(self.refusal_of(response).await);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.unreachable(e))? {
            body.extend_from_slice(&chunk);
            received(body.len() as u64);
        }
        serde_json::from_slice(&body).map_err(|e| CoreError::HubIncompatible { url: self.base_url.clone(), reason: e.to_string() })
    }

    pub async fn create_order(&self, token: &str, order: &CreateOrder) -> Result<Order> {
        self.send(self.http.post(self.url(routes::ORDERS)).bearer_auth(token).json(order)).await
    }

    /// Changes an order before its cutoff: its lines become these (the same lines twice are the
    /// same change, so a retry after a lost answer does no harm).
    pub async fn change_order(&self, token: &str, order_id: uuid::Uuid, change: &ChangeOrder) -> Result<Order> {
        let url = self.url(&routes::path(routes::ORDER, &[&order_id.to_string()]));
        self.send(self.http.put(url).bearer_auth(token).json(change)).await
    }

    /// My orders: all of them, or those changed since a previous pull's cursor.
    pub async fn my_orders(&self, token: &str, since: Option<i64>) -> Result<OrderList> {
        let mut request = self.http.get(self.url(routes::ORDERS)).bearer_auth(token);
        if let Some(cursor) = since {
            request = request.query(&[("since", cursor)]);
        }
        self.send(request).await
    }

    /// `action` is `confirm` (决定购买), `cancel`, or the approver's `approve` and `decline` (审批).
    pub async fn order_action(
        &self, token: &str, order_id: uuid::Uuid, action: restock_protocol::orders::status::OrderAction, body: &serde_json::Value,
    ) -> Result<Order> {
        let Some(route) = action.customer_route() else {
            return Err(CoreError::Invalid(format!("{action:?} is not an action a customer's user takes")));
        };
        let url = self.url(&routes::path(route, &[&order_id.to_string()]));
        self.send(self.http.post(url).bearer_auth(token).json(body)).await
    }

    /// Sets the company's approval limit (审批); only its approver may.
    pub async fn set_approval_rule(
        &self, token: &str, rule: &restock_protocol::orders::approval::ApprovalRule,
    ) -> Result<restock_protocol::orders::approval::ApprovalRule> {
        self.send(self.http.put(self.url(routes::APPROVAL_RULE)).bearer_auth(token).json(rule)).await
    }

    pub async fn home_status(&self, token: &str) -> Result<HomeStatus> {
        self.send(self.http.get(self.url(routes::HOME)).bearer_auth(token)).await
    }

    /// A product's picture: (content type, bytes), or None when it has none.
    pub async fn product_image(&self, token: &str, code: &str) -> Result<Option<(String, bytes::Bytes)>> {
        let url = self.url(&routes::path(routes::PRODUCT_IMAGE, &[code]));
        let response = self.http.get(url).bearer_auth(token).send().await.map_err(|e| self.unreachable(e))?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = self.send_for_bytes_response(response).await?;
        Ok(Some((content_type, bytes)))
    }

    pub async fn promotions(&self, token: &str) -> Result<Vec<restock_protocol::promotions::Promotion>> {
        self.send(self.http.get(self.url(routes::PROMOTIONS)).bearer_auth(token)).await
    }

    pub async fn supply(&self, token: &str) -> Result<SupplyList> {
        self.send(self.http.get(self.url(routes::SUPPLY)).bearer_auth(token)).await
    }

    /// My supply changed since `since` (everything without one, or in a new cycle), with tombstones.
    pub async fn supply_changes(&self, token: &str, since: Option<&str>) -> Result<SupplyChanges> {
        let mut request = self.http.get(self.url(routes::SUPPLY_CHANGES)).bearer_auth(token);
        if let Some(cursor) = since {
            request = request.query(&[("since", cursor)]);
        }
        self.send(request).await
    }

    /// The supplier's order queue (staff only): filtered, sorted and paged by the hub.
    pub async fn review_queue(&self, token: &str, query: &OrderQueueQuery) -> Result<OrderQueuePage> {
        self.send(self.http.get(self.url(routes::REVIEW_ORDERS)).bearer_auth(token).query(query)).await
    }

    /// One order as a reviewer decides it: lines, the customer's balance, each line's stock and allocation left.
    pub async fn review_order(&self, token: &str, order_id: uuid::Uuid) -> Result<ReviewOrderDetail> {
        let url = self.url(&routes::path(routes::REVIEW_ORDER, &[&order_id.to_string()]));
        self.send(self.http.get(url).bearer_auth(token)).await
    }

    /// Approves (no reason) or rejects (with the reason the customer reads) an order under review.
    pub async fn decide_review(&self, token: &str, order_id: uuid::Uuid, reject_because: Option<&str>) -> Result<CustomerOrder> {
        let route = if reject_because.is_some() { routes::REVIEW_REJECT } else { routes::REVIEW_APPROVE };
        let url = self.url(&routes::path(route, &[&order_id.to_string()]));
        let decision = ReviewDecision { reason: reject_because.map(str::to_owned) };
        self.send(self.http.post(url).bearer_auth(token).json(&decision)).await
    }

    pub async fn cut_order(&self, token: &str, order_id: uuid::Uuid, cut: &CutOrder) -> Result<CustomerOrder> {
        let url = self.url(&routes::path(routes::REVIEW_CUT, &[&order_id.to_string()]));
        self.send(self.http.post(url).bearer_auth(token).json(cut)).await
    }

    pub async fn cancel_order_for_customer(&self, token: &str, order_id: uuid::Uuid, reason: &str) -> Result<CustomerOrder> {
        let url = self.url(&routes::path(routes::REVIEW_CANCEL, &[&order_id.to_string()]));
        self.send(self.http.post(url).bearer_auth(token).json(&ReviewDecision { reason: Some(reason.to_owned()) })).await
    }

    pub async fn customers(&self, token: &str, query: &CustomerQuery) -> Result<Vec<CustomerSummary>> {
        self.send(self.http.get(self.url(routes::CUSTOMERS)).bearer_auth(token).query(query)).await
    }

    pub async fn customer(&self, token: &str, code: &str) -> Result<CustomerDetail> {
        self.send(self.http.get(self.url(&routes::path(routes::CUSTOMER, &[code]))).bearer_auth(token)).await
    }

    pub async fn branches(&self, token: &str) -> Result<Vec<Branch>> {
        self.send(self.http.get(self.url(routes::BRANCHES)).bearer_auth(token)).await
    }

    pub async fn create_customer(&self, token: &str, new: &NewCustomer) -> Result<IssuedAccount> {
        self.send(self.http.post(self.url(routes::CUSTOMERS)).bearer_auth(token).json(new)).await
    }

    pub async fn approve_customer(&self, token: &str, code: &str) -> Result<CustomerSummary> {
        self.send(self.http.post(self.url(&routes::path(routes::CUSTOMER_APPROVE, &[code]))).bearer_auth(token)).await
    }

    pub async fn edit_customer(&self, token: &str, code: &str, details: &CustomerDetails) -> Result<CustomerSummary> {
        self.send(self.http.put(self.url(&routes::path(routes::CUSTOMER, &[code]))).bearer_auth(token).json(details)).await
    }

    pub async fn set_customer_schedule(&self, token: &str, code: &str, schedule: &OrderingSchedule) -> Result<CustomerSummary> {
        self.send(self.http.put(self.url(&routes::path(routes::CUSTOMER_SCHEDULE, &[code]))).bearer_auth(token).json(schedule)).await
    }

    pub async fn set_customer_balance(&self, token: &str, code: &str, balance: &SetBalance) -> Result<CustomerSummary> {
        self.send(self.http.put(self.url(&routes::path(routes::CUSTOMER_BALANCE, &[code]))).bearer_auth(token).json(balance)).await
    }

    pub async fn add_customer_user(&self, token: &str, code: &str, user: &NewCustomerUser) -> Result<IssuedAccount> {
        self.send(self.http.post(self.url(&routes::path(routes::CUSTOMER_USERS, &[code]))).bearer_auth(token).json(user)).await
    }

    /// 停用 (`disabled`) or enable a user.
    pub async fn set_user_disabled(&self, token: &str, username: &str, disabled: bool) -> Result<()> {
        let route = if disabled { routes::USER_DISABLE } else { routes::USER_ENABLE };
        self.send_for_bytes(self.http.post(self.url(&routes::path(route, &[username]))).bearer_auth(token)).await.map(drop)
    }

    /// 暂停 (`suspended`) or reactivate a customer.
    pub async fn set_customer_suspended(&self, token: &str, code: &str, suspended: bool) -> Result<CustomerSummary> {
        let route = if suspended { routes::CUSTOMER_SUSPEND } else { routes::CUSTOMER_REACTIVATE };
        self.send(self.http.post(self.url(&routes::path(route, &[code]))).bearer_auth(token)).await
    }

    pub async fn issue_password_reset(&self, token: &str, username: &str) -> Result<IssuedResetToken> {
        self.send(self.http.post(self.url(&routes::path(routes::USER_RESET, &[username]))).bearer_auth(token)).await
    }

    pub async fn price_rules(&self, token: &str) -> Result<Vec<PriceRuleRecord>> {
        self.send(self.http.get(self.url(routes::PRICE_RULES)).bearer_auth(token)).await
    }

    pub async fn create_price_rule(&self, token: &str, rule: &PriceRuleRecord) -> Result<PriceRuleRecord> {
        self.send(self.http.post(self.url(routes::PRICE_RULES)).bearer_auth(token).json(rule)).await
    }

    pub async fn edit_price_rule(&self, token: &str, id: i64, rule: &PriceRuleRecord) -> Result<PriceRuleRecord> {
        self.send(self.http.put(self.url(&routes::path(routes::PRICE_RULE, &[&id.to_string()]))).bearer_auth(token).json(rule)).await
    }

    pub async fn end_price_rule(&self, token: &str, id: i64) -> Result<PriceRuleRecord> {
        self.send(self.http.post(self.url(&routes::path(routes::PRICE_RULE_END, &[&id.to_string()]))).bearer_auth(token)).await
    }

    pub async fn delete_price_rule(&self, token: &str, id: i64) -> Result<()> {
        let url = self.url(&routes::path(routes::PRICE_RULE, &[&id.to_string()]));
        self.send_for_bytes(self.http.delete(url).bearer_auth(token)).await.map(drop)
    }

    pub async fn staff_promotions(&self, token: &str, query: &PromotionQuery) -> Result<Vec<Promotion>> {
        self.send(self.http.get(self.url(routes::PROMOTIONS_ADMIN)).bearer_auth(token).query(query)).await
    }

    pub async fn create_promotion(&self, token: &str, promotion: &Promotion) -> Result<Promotion> {
        self.send(self.http.post(self.url(routes::PROMOTIONS_ADMIN)).bearer_auth(token).json(promotion)).await
    }

    pub async fn edit_promotion(&self, token: &str, id: i64, promotion: &Promotion) -> Result<Promotion> {
        let url = self.url(&routes::path(routes::PROMOTION_ADMIN, &[&id.to_string()]));
        self.send(self.http.put(url).bearer_auth(token).json(promotion)).await
    }

    pub async fn end_promotion(&self, token: &str, id: i64) -> Result<Promotion> {
        self.send(self.http.post(self.url(&routes::path(routes::PROMOTION_END, &[&id.to_string()]))).bearer_auth(token)).await
    }

    pub async fn delete_promotion(&self, token: &str, id: i64) -> Result<()> {
        let url = self.url(&routes::path(routes::PROMOTION_ADMIN, &[&id.to_string()]));
        self.send_for_bytes(self.http.delete(url).bearer_auth(token)).await.map(drop)
    }

    /// Tracked stock, a page by product code (warehouse, reviewers and admins).
    pub async fn stock_list(&self, token: &str, query: &StockQuery) -> Result<StockPage> {
        self.send(self.http.get(self.url(routes::STOCK_LIST)).bearer_auth(token).query(query)).await
    }

    pub async fn set_stock(&self, token: &str, product_code: &str, stock: &SetStock) -> Result<()> {
        let url = self.url(&routes::path(routes::STOCK, &[product_code]));
        self.send_for_bytes(self.http.put(url).bearer_auth(token).json(stock)).await.map(drop)
    }

    pub async fn untrack_stock(&self, token: &str, product_code: &str) -> Result<()> {
        let url = self.url(&routes::path(routes::STOCK, &[product_code]));
        self.send_for_bytes(self.http.delete(url).bearer_auth(token)).await.map(drop)
    }

    /// Allocations of the customers this member of staff may see, with what the cycle used (admins).
    pub async fn allocations(&self, token: &str, query: &AllocationQuery) -> Result<AllocationPage> {
        self.send(self.http.get(self.url(routes::ALLOCATIONS)).bearer_auth(token).query(query)).await
    }

    pub async fn set_allocation(&self, token: &str, allocation: &SetAllocation) -> Result<()> {
        self.send_for_bytes(self.http.put(self.url(routes::ALLOCATIONS)).bearer_auth(token).json(allocation)).await.map(drop)
    }

    pub async fn remove_allocation(&self, token: &str, which: &RemoveAllocation) -> Result<()> {
        self.send_for_bytes(self.http.delete(self.url(routes::ALLOCATIONS)).bearer_auth(token).query(which)).await.map(drop)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    fn unreachable(&self, e: reqwest::Error) -> CoreError {
        CoreError::HubUnreachable { url: self.base_url.clone(), reason: e.without_url().to_string() }
    }

    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T> {
        let bytes = self.send_for_bytes(request).await?;
        serde_json::from_slice(&bytes).map_err(|e| CoreError::HubIncompatible { url: self.base_url.clone(), reason: e.to_string() })
    }

    /// The body of a successful answer; a refusal as the hub's `ApiError`.
    async fn send_for_bytes(&self, request: reqwest::RequestBuilder) -> Result<bytes::Bytes> {
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        self.send_for_bytes_response(response).await
    }

    async fn refusal_of(&self, response: reqwest::Response) -> CoreError {
        match self.send_for_bytes_response(response).await {
            Err(e) => e,
            Ok(_) => CoreError::HubIncompatible { url: self.base_url.clone(), reason: "a refusal with a success status".into() },
        }
    }

    async fn send_for_bytes_response(&self, response: reqwest::Response) -> Result<bytes::Bytes> {
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.unreachable(e))?;
        if status.is_success() {
            return Ok(bytes);
        }
        match serde_json::from_slice::<ApiError>(&bytes) {
            Ok(api_error) => Err(CoreError::Refused(api_error)),
            // The hub answers every error with `{code, message}`: a server error without one is a
            // proxy or load balancer saying it could not get an answer from the hub (a 502 or 504
            // page), which may come after the hub did the work.
            Err(_) if status.is_server_error() => Err(CoreError::HubUnreachable {
                url: self.base_url.clone(),
                reason: format!("HTTP {status} from something between this app and the hub (a proxy?), not from the hub"),
            }),
            Err(_) => {
                Err(CoreError::HubIncompatible { url: self.base_url.clone(), reason: format!("HTTP {status} without an error body") })
            }
        }
    }
}

/// Accepts what people type ("127.0.0.1:8787", "https://hub.example.com/") and gives a base URL
/// without a trailing slash.
pub fn normalize_hub_url(input: &str) -> Result<String> {
    let trimmed = input.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(CoreError::Invalid("the hub address is empty".into()));
    }
    let with_scheme = if trimmed.contains("://") { trimmed.to_owned() } else { format!("http://{trimmed}") };
    let parsed = reqwest::Url::parse(&with_scheme).map_err(|e| CoreError::Invalid(format!("'{input}' is not a hub address: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(CoreError::Invalid(format!("'{input}' is not an http(s) address")));
    }
    Ok(with_scheme)
}

#[cfg(test)]
mod tests {
    use super::normalize_hub_url;

    #[test]
    fn hub_addresses_people_type() {
        assert_eq!(normalize_hub_url("127.0.0.1:8787").unwrap(), "http://127.0.0.1:8787");
        assert_eq!(normalize_hub_url(" https://hub.example.com/ ").unwrap(), "https://hub.example.com");
        assert!(normalize_hub_url("").is_err());
        assert!(normalize_hub_url("ftp://x").is_err());
    }
}
