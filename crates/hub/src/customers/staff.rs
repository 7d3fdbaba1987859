//! Customers in the back office: list and search, open one with its users, create with an issued
//! password, edit its name, tier, branch and contact, approve a registration, set the ordering
//! cycle and the balance, and issue a password reset token; and the branches staff may pick from.

use super::scope::visible_customer;
use super::store::{self, Contact, CustomerFilter};
use crate::accounts::passwords::{self, hash_password, issue_reset_token, issued_password, username_taken};
use crate::accounts::roles::{AdminOnly, AnyStaff, FinanceStaff, ReviewerOrFinance, Staff};
use crate::accounts::store::NewUser;
use crate::accounts::StaffUser;
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::accounts::UserRole;
use restock_protocol::accounts::{IssuedAccount, IssuedResetToken};
use restock_protocol::customers::{
    Branch, CustomerDetail, CustomerDetails, CustomerQuery, CustomerSummary, NewCustomer, NewCustomerUser, SetBalance,
};
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::ErrorCode;

/// The most customers one list answers with (`limit`).
pub const MOST_LIMIT: i64 = 1000;

fn bad(parameter: &str, message: impl std::fmt::Display) -> HubError {
    HubError::new(ErrorCode::BadRequest, format!("{parameter}: {message}"))
}

/// The list's query as the store takes it, checked; what is absent (or blank) doesn't filter.
async fn filter_of(conn: &mut sqlx::AnyConnection, staff: &StaffUser, query: &CustomerQuery) -> HubResult<CustomerFilter> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut filter = CustomerFilter { scope: staff.branch_id, ..CustomerFilter::default() };
    if let Some(text) = given(&query.q) {
        if text.chars().count() > 100 {
            return Err(bad("q", "at most 100 characters"));
        }
        let escaped: String =
            text.to_lowercase().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
        filter.like = Some(format!("%{escaped}%"));
    }
    filter.status = match given(&query.status).as_deref() {
        None => None,
        Some("active") => Some("active"),
        Some("pending") => Some("pending"),
        Some("suspended") => Some("suspended"),
        Some(other) => return Err(bad("status", format!("'{other}' is not active, pending or suspended"))),
    };
    if let Some(text) = given(&query.limit) {
        let limit = text.parse::<i64>().ok().filter(|n| (1..=MOST_LIMIT).contains(n));
        filter.limit = Some(limit.ok_or_else(|| bad("limit", format!("'{text}' is not a number of customers from 1 to {MOST_LIMIT}")))?);
    }
    if let Some(name) = given(&query.branch) {
        // A branch by name, within or above the caller's; what it holds is still cut to what they may see.
        let unknown = || bad("branch", format!("there is no branch {name}"));
        let id = store::branch_by_name(conn, &name).await?.ok_or_else(unknown)?;
        if !super::scope::branch_filter_in_scope(conn, staff, id).await? {
            return Err(unknown());
        }
        filter.branch = Some(id);
    }
    Ok(filter)
}

#[utoipa::path(get, path = "/api/v1/admin/customers", tag = "admin", security(("bearer" = [])), params(CustomerQuery),
    responses((status = 200, description = "the customers this member of staff may see that the query picks (without one: all of them), by code", body = Vec<CustomerSummary>),
              (status = 400, description = "`bad_request`: a parameter this endpoint doesn't take", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a status other than active or pending, a limit outside 1–1000, no such branch, or a search over 100 characters; the parameter is named in the message", body = restock_protocol::ApiError),
              ReviewerOrFinance))]
pub async fn list(
    State(state): State<AppState>, staff: Staff<ReviewerOrFinance>, ApiQuery(query): ApiQuery<CustomerQuery>,
) -> HubResult<Json<Vec<CustomerSummary>>> {
    let mut conn = state.db.pool.acquire().await?;
    let filter = filter_of(&mut conn, &staff, &query).await?;
    Ok(Json(store::summaries(&mut conn, &filter).await?))
}

#[utoipa::path(get, path = "/api/v1/admin/customers/{code}", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, description = "one customer as the back office opens it: its summary (with the contact a registration gave) and its users, by user name", body = CustomerDetail),
              (status = 404, description = "`not_found`, also for another branch's customer", body = restock_protocol::ApiError),
              ReviewerOrFinance))]
pub async fn one(
    State(state): State<AppState>, staff: Staff<ReviewerOrFinance>, ApiPath(code): ApiPath<String>,
) -> HubResult<Json<CustomerDetail>> {
    let mut conn = state.db.pool.acquire().await?;
    let id = visible_customer(&mut conn, &staff, &code).await?;
    let customer = store::summary(&mut conn, id).await?;
    let users = store::users(&mut conn, id).await?;
    Ok(Json(CustomerDetail { customer, users }))
}

/// One of the ways to reach a customer as typed: trimmed, blank is none, else checked as a name
/// people read (at most 100 characters, no hidden ones).
fn contact_field(what: &str, value: Option<String>) -> HubResult<Option<String>> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else { return Ok(None) };
    HubError::check_name(what, &value)?;
    Ok(Some(value))
}

/// The contact (联系人), phone and address as a registration or the back office gives them, checked.
pub fn contact_of(contact: Option<String>, phone: Option<String>, address: Option<String>) -> HubResult<Contact> {
    Ok(Contact {
        contact: contact_field("the contact", contact)?,
        phone: contact_field("the phone", phone)?,
        address: contact_field("the address", address)?,
    })
}

#[utoipa::path(put, path = "/api/v1/admin/customers/{code}", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = CustomerDetails,
    responses((status = 200, description = "written as given (a blank contact, phone or address clears it; no branch: headquarters); the customer as it is now", body = CustomerSummary),
              (status = 404, description = "`not_found`, also for another branch's customer", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: an empty name or tier, a field too long or with a hidden character, no such branch (for a branch's admin also a branch outside its own), or headquarters for a branch's admin", body = restock_protocol::ApiError),
              AdminOnly))]
pub async fn edit(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>, ApiJson(details): ApiJson<CustomerDetails>,
) -> HubResult<Json<CustomerSummary>> {
    let (name, tier) = (details.name.trim().to_owned(), details.tier.trim().to_owned());
    if name.is_empty() || tier.is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "a name and a tier are both needed"));
    }
    HubError::check_name("the customer's name", &name)?;
    HubError::check_username(&tier)?;
    let contact = contact_of(details.contact, details.phone, details.address)?;
    let branch = details.branch.map(|b| b.trim().to_owned()).filter(|b| !b.is_empty());
    let (who, customer_code) = (staff.clone(), code.clone());
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                let branch_id = super::scope::branch_for(tx, &who, branch.as_deref()).await?;
                store::set_details(tx, id, &name, &tier, branch_id, &contact).await?;
                store::summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "customer details changed");
    Ok(Json(written))
}

#[utoipa::path(get, path = "/api/v1/admin/branches", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "the branches this member of staff may see: all of them for headquarters' staff, else its own and those under it; a branch after the one it lies under", body = Vec<Branch>),
              AnyStaff))]
pub async fn branches(State(state): State<AppState>, staff: Staff<AnyStaff>) -> HubResult<Json<Vec<Branch>>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(store::branches(&mut conn, staff.branch_id).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/customers", tag = "admin", security(("bearer" = [])), request_body = NewCustomer,
    responses((status = 201, description = "created, with the first user's issued password, shown this once", body = IssuedAccount),
              (status = 409, description = "`username_taken`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: no such branch, or an empty field", body = restock_protocol::ApiError), AdminOnly))]
pub async fn create(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiJson(new): ApiJson<NewCustomer>,
) -> HubResult<(StatusCode, Json<IssuedAccount>)> {
    let (code, name, tier) = (new.code.trim().to_owned(), new.name.trim().to_owned(), new.tier.trim().to_owned());
    if code.is_empty() || name.is_empty() || tier.is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "code, name and tier are all needed"));
    }
    HubError::check_username(&code)?;
    HubError::check_name("the customer's name", &name)?;
    HubError::check_username(&tier)?;
    let password = issued_password();
    let hash = hash_password(&password).await?;
    let now = state.calendar.now_ms();
    let (branch, who) = (new.branch.clone(), staff.clone());
    let written = code.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let branch_id = super::scope::branch_for(tx, &who, branch.as_deref()).await?;
                let customer_id = store::insert(tx, &written, &name, &tier, branch_id, "active").await?.ok_or_else(username_taken)?;
                let user = NewUser::of_customer(&written, &hash, customer_id, UserRole::Buyer, true, now);
                passwords::add_user(tx, &user).await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "customer created");
    Ok((StatusCode::CREATED, Json(IssuedAccount { username: code, initial_password: password })))
}

#[utoipa::path(post, path = "/api/v1/admin/customers/{code}/users", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = NewCustomerUser,
    responses((status = 201, description = "another user of the customer (a buyer or its approver), with an issued password shown this once", body = IssuedAccount),
              (status = 404, description = "`not_found`, also for another branch's customer", body = restock_protocol::ApiError),
              (status = 409, description = "`username_taken`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: an empty name, or a staff role", body = restock_protocol::ApiError), AdminOnly))]
pub async fn add_user(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>, ApiJson(new): ApiJson<NewCustomerUser>,
) -> HubResult<(StatusCode, Json<IssuedAccount>)> {
    let username = new.username.trim().to_owned();
    if username.is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "the user needs a name to log in with"));
    }
    HubError::check_username(&username)?;
    if new.role.is_staff() {
        return Err(HubError::new(
            ErrorCode::BadRequest,
            "a customer's user is a buyer or an approver (审批人); staff accounts are not made here",
        ));
    }
    let password = issued_password();
    let hash = hash_password(&password).await?;
    let now = state.calendar.now_ms();
    let (who, name, role, customer_code) = (staff.clone(), username.clone(), new.role, code.clone());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let customer_id = visible_customer(tx, &who, &customer_code).await?;
                let user = NewUser::of_customer(&name, &hash, customer_id, role, true, now);
                passwords::add_user(tx, &user).await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(%code, %username, role = new.role.as_str(), by = %staff.username, "customer user added");
    Ok((StatusCode::CREATED, Json(IssuedAccount { username, initial_password: password })))
}

#[utoipa::path(post, path = "/api/v1/admin/customers/{code}/approve", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)),
    responses((status = 200, description = "approved (新客户审核): the customer can order", body = CustomerSummary),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), AdminOnly))]
pub async fn approve(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>,
) -> HubResult<Json<CustomerSummary>> {
    let (who, customer_code) = (staff.clone(), code.clone());
    let approved = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                store::approve(tx, id).await?;
                store::summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "customer approved");
    Ok(Json(approved))
}

#[utoipa::path(put, path = "/api/v1/admin/customers/{code}/schedule", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = OrderingSchedule,
    responses((status = 200, body = CustomerSummary),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a weekday outside 1–7", body = restock_protocol::ApiError), AdminOnly))]
pub async fn set_schedule(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(code): ApiPath<String>, ApiJson(schedule): ApiJson<OrderingSchedule>,
) -> HubResult<Json<CustomerSummary>> {
    if schedule.ordering_days.iter().any(|d| !(1..=7).contains(d)) {
        return Err(HubError::new(ErrorCode::BadRequest, "ordering days are 1 (Monday) to 7 (Sunday)"));
    }
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &staff, &code).await?;
                store::set_schedule(tx, id, &schedule).await?;
                store::summary(tx, id).await
            })
        })
        .await?;
    Ok(Json(written))
}

#[utoipa::path(put, path = "/api/v1/admin/customers/{code}/balance", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = SetBalance,
    responses((status = 200, body = CustomerSummary),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), FinanceStaff))]
pub async fn set_balance(
    State(state): State<AppState>, staff: Staff<FinanceStaff>, ApiPath(code): ApiPath<String>, ApiJson(balance): ApiJson<SetBalance>,
) -> HubResult<Json<CustomerSummary>> {
    for (what, amount) in [("the prepaid balance", balance.prepaid), ("the credit limit", balance.credit_limit)] {
        if let Some(amount) = amount {
            HubError::check_amount(what, amount)?;
        }
    }
    let (who, customer_code) = (staff.clone(), code.clone());
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                store::set_balance(tx, id, balance.prepaid, balance.credit_limit).await?;
                store::summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "balance set");
    Ok(Json(written))
}

#[utoipa::path(post, path = "/api/v1/admin/users/{username}/reset", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 201, description = "a one-time token to hand to the user; the password itself is never shown", body = IssuedResetToken),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError), AdminOnly))]
pub async fn issue_reset(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(username): ApiPath<String>,
) -> HubResult<(StatusCode, Json<IssuedResetToken>)> {
    let (who, name, now) = (staff.clone(), username.clone(), state.calendar.now_ms());
    let (token, expires) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                // Staff too are scoped: a branch's admin resets its own branch's staff, not
                // headquarters' or another branch's (they are "not found" to it).
                let user_id = super::access::user_in_scope(tx, &who, &name).await?;
                issue_reset_token(tx, user_id, now).await
            })
        })
        .await?;
    tracing::info!(%username, by = %staff.username, "password reset token issued");
    Ok((StatusCode::CREATED, Json(IssuedResetToken { username, token, expires_at: crate::db::from_ms(expires) })))
}
