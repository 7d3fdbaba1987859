//! 系统公告: posted and withdrawn by the back office; as the customer sees them, those of their tier
//! or for everyone, published and not yet expired or withdrawn; and delta pulls of them with
//! tombstones for the ones that went away.

use crate::accounts::roles::{AdminOnly, Staff};
use crate::accounts::CustomerUser;
use crate::error::{ApiJson, ApiPath, ApiQuery, HubError, HubResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use restock_protocol::announcements::NewAnnouncement;
use restock_protocol::announcements::{Announcement, AnnouncementChanges};
use restock_protocol::routes;
use restock_protocol::ErrorCode;
use sqlx::AnyConnection;

pub mod store;

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{delete, get, post};
    axum::Router::new()
        .route(routes::ANNOUNCEMENT_CHANGES, get(announcement_changes))
        .route(routes::ANNOUNCEMENTS, post(announce))
        .route(routes::ANNOUNCEMENT, delete(withdraw_announcement))
}

/// How many the home screen shows.
const SHOWN: i64 = 20;

/// A withdrawal or an edit committed just before the pull may become visible just after it.
const OVERLAP_MS: i64 = 30_000;

/// The announcements shown now, newest first.
pub async fn current(conn: &mut AnyConnection, tier: &str, now_ms: i64) -> HubResult<Vec<Announcement>> {
    store::current(conn, tier, now_ms, SHOWN).await
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct Since {
    /// The cursor from the previous pull; omit it for the first.
    pub since: Option<String>,
}

/// The customer's tier (another tier sees other announcements) and the hub's time of the pull.
fn encode(tier: &str, at_ms: i64) -> String {
    format!("{at_ms}.{tier}")
}

fn decode(cursor: &str) -> Option<(i64, &str)> {
    let (at, tier) = cursor.split_once('.')?;
    Some((at.parse().ok()?, tier))
}

#[utoipa::path(get, path = "/api/v1/announcements/changes", tag = "desk", security(("bearer" = [])), params(Since),
    responses((status = 200, description = "announcements published or changed since the cursor, and the ids of those withdrawn or expired; everything current on the first pull", body = AnnouncementChanges),
              (status = 401, description = "`not_logged_in`, `session_expired`", body = restock_protocol::ApiError)))]
pub async fn announcement_changes(
    State(state): State<AppState>, customer: CustomerUser, ApiQuery(since): ApiQuery<Since>,
) -> HubResult<Json<AnnouncementChanges>> {
    let mut conn = state.db.pool.acquire().await?;
    let now_ms = state.calendar.now_ms();
    let tier = customer.account.tier.as_str();
    let cursor = encode(tier, now_ms);
    let prior = since.since.as_deref().and_then(decode).filter(|(_, t)| *t == tier).map(|(at, _)| at);
    let Some(prior_ms) = prior else {
        let announcements = current(&mut conn, tier, now_ms).await?;
        return Ok(Json(AnnouncementChanges { cursor, full: true, announcements, removed: Vec::new() }));
    };
    let from = prior_ms.saturating_sub(OVERLAP_MS);
    // Changed (published, edited, withdrawn) or come or gone by the clock since the cursor.
    let (announcements, removed) = store::touched(&mut conn, tier, from, now_ms).await?;
    Ok(Json(AnnouncementChanges { cursor, full: false, announcements, removed }))
}

#[utoipa::path(post, path = "/api/v1/admin/announcements", tag = "admin", security(("bearer" = [])), request_body = NewAnnouncement,
    responses((status = 201, body = Announcement),
              (status = 422, description = "`bad_request`: an empty title or body", body = restock_protocol::ApiError), AdminOnly))]
pub async fn announce(
    State(state): State<AppState>, _staff: Staff<AdminOnly>, ApiJson(new): ApiJson<NewAnnouncement>,
) -> HubResult<(StatusCode, Json<Announcement>)> {
    if new.title.trim().is_empty() || new.body.trim().is_empty() {
        return Err(HubError::new(ErrorCode::BadRequest, "an announcement needs a title and a text"));
    }
    let now = state.calendar.now_ms();
    let written = new.clone();
    let id = state.db.write(move |tx| Box::pin(async move { store::insert(tx, &written, now).await })).await?;
    let announcement =
        Announcement { id, title: new.title.trim().to_owned(), body: new.body.trim().to_owned(), published_at: crate::db::from_ms(now) };
    Ok((StatusCode::CREATED, Json(announcement)))
}

#[utoipa::path(delete, path = "/api/v1/admin/announcements/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204, description = "withdrawn: no longer shown, and removed from the apps on their next pull"),
              (status = 404, description = "`not_found`: no such announcement, or already withdrawn", body = restock_protocol::ApiError), AdminOnly))]
pub async fn withdraw_announcement(
    State(state): State<AppState>, staff: Staff<AdminOnly>, ApiPath(id): ApiPath<i64>,
) -> HubResult<StatusCode> {
    let now = state.calendar.now_ms();
    let withdrawn = state.db.write(move |tx| Box::pin(async move { store::withdraw(tx, id, now).await })).await?;
    if !withdrawn {
        return Err(HubError::not_found("announcement"));
    }
    tracing::info!(id, by = %staff.username, "announcement withdrawn");
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_names_the_time_and_the_tier() {
        assert_eq!(decode(&encode("B", 1_764_554_400_000)), Some((1_764_554_400_000, "B")));
        assert_eq!(decode(&encode("", 5)), Some((5, "")));
        assert_eq!(decode("x.B"), None);
        assert_eq!(decode("12"), None);
    }
}
