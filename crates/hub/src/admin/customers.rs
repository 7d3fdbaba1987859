//! Customers in the back office: list, create with an issued password, approve a registration,
//! set the ordering cycle and the balance, and issue a password reset token.

use super::{not_found, visible_customer, VISIBLE_CUSTOMERS};
use crate::auth::accounts::{hash_password, insert_user, issue_reset_token, issued_password, username_taken};
use crate::auth::StaffUser;
use crate::error::{ApiJson, HubError, HubResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Timelike;
use restock_protocol::admin::{CustomerSummary, IssuedAccount, IssuedResetToken, NewCustomer, NewCustomerUser, SetBalance};
use restock_protocol::auth::UserRole;
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::money::{from_fen, to_fen};
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

type CustomerRow = (String, String, String, String, Option<String>, Option<i64>, Option<i64>, i64, Option<i64>);

const SUMMARY: &str = "SELECT c.code, c.name, c.tier, c.status, b.name, c.prepaid_balance_fen, c.credit_limit_fen,
        c.ordering_days, c.cutoff_minute
    FROM customers c LEFT JOIN branches b ON b.id = c.branch_id";

fn to_summary((code, name, tier, status, branch, prepaid, credit, days, cutoff): CustomerRow) -> CustomerSummary {
    let cutoff = cutoff.and_then(|m| chrono::NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(m * 60).ok()?, 0));
    CustomerSummary {
        code,
        name,
        tier,
        status,
        branch,
        prepaid: prepaid.map(from_fen),
        credit_limit: credit.map(from_fen),
        schedule: OrderingSchedule::from_mask(days, cutoff),
    }
}

async fn summary(conn: &mut AnyConnection, customer_id: i64) -> HubResult<CustomerSummary> {
    let row: CustomerRow = sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1")).bind(customer_id).fetch_one(&mut *conn).await?;
    Ok(to_summary(row))
}

#[utoipa::path(get, path = "/api/v1/admin/customers", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "the customers this member of staff may see", body = Vec<CustomerSummary>),
              (status = 403, description = "`forbidden` (customers; warehouse staff), `password_change_required`", body = restock_protocol::ApiError)))]
pub async fn list(State(state): State<AppState>, staff: StaffUser) -> HubResult<Json<Vec<CustomerSummary>>> {
    staff.require(&[UserRole::Reviewer, UserRole::Finance])?;
    let mut conn = state.db.pool.acquire().await?;
    let rows: Vec<CustomerRow> = sqlx::query_as(&format!("{SUMMARY} WHERE c.id IN ({VISIBLE_CUSTOMERS}) ORDER BY c.code"))
        .bind(staff.branch_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Json(rows.into_iter().map(to_summary).collect()))
}

#[utoipa::path(post, path = "/api/v1/admin/customers", tag = "admin", security(("bearer" = [])), request_body = NewCustomer,
    responses((status = 201, description = "created, with the first user's issued password, shown this once", body = IssuedAccount),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 409, description = "`username_taken`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: no such branch, or an empty field", body = restock_protocol::ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    staff: StaffUser,
    ApiJson(new): ApiJson<NewCustomer>,
) -> HubResult<(StatusCode, Json<IssuedAccount>)> {
    staff.require(&[])?;
    let (code, name, tier) = (new.code.trim().to_owned(), new.name.trim().to_owned(), new.tier.trim().to_owned());
    if code.is_empty() || name.is_empty() || tier.is_empty() {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "code, name and tier are all needed"));
    }
    let password = issued_password();
    let hash = hash_password(&password).await?;
    let now = state.calendar.now_ms();
    let branch = new.branch.clone();
    let written = code.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let branch_id = match branch.as_deref() {
                    None => None,
                    Some(branch) => Some(
                        sqlx::query_scalar::<_, i64>("SELECT id FROM branches WHERE name = $1")
                            .bind(branch)
                            .fetch_optional(&mut **tx)
                            .await?
                            .ok_or_else(|| HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, format!("there is no branch {branch}")))?,
                    ),
                };
                let customer_id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO customers (code, name, tier, branch_id) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id",
                )
                .bind(&written)
                .bind(&name)
                .bind(&tier)
                .bind(branch_id)
                .fetch_optional(&mut **tx)
                .await?;
                let Some(customer_id) = customer_id else { return Err(username_taken()) };
                if !insert_user(tx, &written, &hash, Some(customer_id), UserRole::Buyer.as_str(), true, None, now).await? {
                    return Err(username_taken());
                }
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
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`, also for another branch's customer", body = restock_protocol::ApiError),
              (status = 409, description = "`username_taken`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: an empty name, or a staff role", body = restock_protocol::ApiError)))]
pub async fn add_user(
    State(state): State<AppState>,
    staff: StaffUser,
    Path(code): Path<String>,
    ApiJson(new): ApiJson<NewCustomerUser>,
) -> HubResult<(StatusCode, Json<IssuedAccount>)> {
    staff.require(&[])?;
    let username = new.username.trim().to_owned();
    if username.is_empty() {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "the user needs a name to log in with"));
    }
    if new.role.is_staff() {
        return Err(HubError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
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
                if !insert_user(tx, &name, &hash, Some(customer_id), role.as_str(), true, None, now).await? {
                    return Err(username_taken());
                }
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
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError)))]
pub async fn approve(State(state): State<AppState>, staff: StaffUser, Path(code): Path<String>) -> HubResult<Json<CustomerSummary>> {
    staff.require(&[])?;
    let (who, customer_code) = (staff.clone(), code.clone());
    let approved = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                sqlx::query("UPDATE customers SET status = 'active' WHERE id = $1").bind(id).execute(&mut **tx).await?;
                summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "customer approved");
    Ok(Json(approved))
}

#[utoipa::path(put, path = "/api/v1/admin/customers/{code}/schedule", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = OrderingSchedule,
    responses((status = 200, body = CustomerSummary),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError),
              (status = 422, description = "`bad_request`: a weekday outside 1–7", body = restock_protocol::ApiError)))]
pub async fn set_schedule(
    State(state): State<AppState>,
    staff: StaffUser,
    Path(code): Path<String>,
    ApiJson(schedule): ApiJson<OrderingSchedule>,
) -> HubResult<Json<CustomerSummary>> {
    staff.require(&[])?;
    if schedule.ordering_days.iter().any(|d| !(1..=7).contains(d)) {
        return Err(HubError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::BadRequest, "ordering days are 1 (Monday) to 7 (Sunday)"));
    }
    let cutoff = schedule.cutoff.map(|t| i64::from(t.hour() * 60 + t.minute()));
    let days = schedule.days_mask();
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &staff, &code).await?;
                sqlx::query("UPDATE customers SET ordering_days = $1, cutoff_minute = $2 WHERE id = $3")
                    .bind(days)
                    .bind(cutoff)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                summary(tx, id).await
            })
        })
        .await?;
    Ok(Json(written))
}

#[utoipa::path(put, path = "/api/v1/admin/customers/{code}/balance", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = SetBalance,
    responses((status = 200, body = CustomerSummary),
              (status = 403, description = "`forbidden`: finance and admins", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError)))]
pub async fn set_balance(
    State(state): State<AppState>,
    staff: StaffUser,
    Path(code): Path<String>,
    ApiJson(balance): ApiJson<SetBalance>,
) -> HubResult<Json<CustomerSummary>> {
    staff.require(&[UserRole::Finance])?;
    let (who, customer_code) = (staff.clone(), code.clone());
    let written = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = visible_customer(tx, &who, &customer_code).await?;
                sqlx::query("UPDATE customers SET prepaid_balance_fen = $1, credit_limit_fen = $2 WHERE id = $3")
                    .bind(balance.prepaid.map(to_fen))
                    .bind(balance.credit_limit.map(to_fen))
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                summary(tx, id).await
            })
        })
        .await?;
    tracing::info!(%code, by = %staff.username, "balance set");
    Ok(Json(written))
}

#[utoipa::path(post, path = "/api/v1/admin/users/{username}/reset", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 201, description = "a one-time token to hand to the user; the password itself is never shown", body = IssuedResetToken),
              (status = 403, description = "`forbidden`: admins only", body = restock_protocol::ApiError),
              (status = 404, description = "`not_found`", body = restock_protocol::ApiError)))]
pub async fn issue_reset(
    State(state): State<AppState>,
    staff: StaffUser,
    Path(username): Path<String>,
) -> HubResult<(StatusCode, Json<IssuedResetToken>)> {
    staff.require(&[])?;
    let (who, name, now) = (staff.clone(), username.clone(), state.calendar.now_ms());
    let (token, expires) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let user: Option<(i64, Option<i64>)> =
                    sqlx::query_as("SELECT id, customer_id FROM users WHERE username = $1 AND role <> 'system'")
                        .bind(&name)
                        .fetch_optional(&mut **tx)
                        .await?;
                let Some((user_id, customer_id)) = user else { return Err(not_found("user")) };
                if let Some(customer_id) = customer_id {
                    let code: String = sqlx::query_scalar("SELECT code FROM customers WHERE id = $1").bind(customer_id).fetch_one(&mut **tx).await?;
                    visible_customer(tx, &who, &code).await?;
                }
                issue_reset_token(tx, user_id, now).await
            })
        })
        .await?;
    tracing::info!(%username, by = %staff.username, "password reset token issued");
    Ok((StatusCode::CREATED, Json(IssuedResetToken { username, token, expires_at: crate::db::from_ms(expires) })))
}
