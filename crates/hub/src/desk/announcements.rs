//! 系统公告 as the customer sees them: those of their tier or for everyone, published and not yet
//! expired or withdrawn; and delta pulls of them with tombstones for the ones that went away.

use crate::auth::CustomerUser;
use crate::error::HubResult;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use restock_protocol::desk::{Announcement, AnnouncementChanges};
use sqlx::AnyConnection;

/// How many the home screen shows.
const SHOWN: i64 = 20;

/// A withdrawal or an edit committed just before the pull may become visible just after it.
const OVERLAP_MS: i64 = 30_000;

/// Shown now to a customer of tier $1 at time $2.
const CURRENT: &str = "(tier IS NULL OR tier = $1) AND published_at <= $2 AND (expires_at IS NULL OR expires_at > $2) AND withdrawn_at IS NULL";

type Row = (i64, String, String, i64);

fn announcement((id, title, body, published_at): Row) -> Announcement {
    Announcement { id, title, body, published_at: crate::db::from_ms(published_at) }
}

/// The announcements shown now, newest first.
pub async fn current(conn: &mut AnyConnection, tier: &str, now_ms: i64) -> HubResult<Vec<Announcement>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, title, body, published_at FROM announcements WHERE {CURRENT} ORDER BY published_at DESC, id DESC LIMIT {SHOWN}"
    ))
    .bind(tier)
    .bind(now_ms)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(announcement).collect())
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
    State(state): State<AppState>,
    customer: CustomerUser,
    Query(since): Query<Since>,
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
    let from = prior_ms - OVERLAP_MS;
    // Changed (published, edited, withdrawn) or come or gone by the clock since the cursor.
    let touched: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT id, title, body, published_at, CAST(CASE WHEN {CURRENT} THEN 1 ELSE 0 END AS BIGINT) FROM announcements
         WHERE (tier IS NULL OR tier = $1)
           AND (updated_at >= $3 OR published_at BETWEEN $3 AND $2 OR expires_at BETWEEN $3 AND $2)
         ORDER BY published_at DESC, id DESC"
    ))
    .bind(tier)
    .bind(now_ms)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    let mut announcements = Vec::new();
    let mut removed = Vec::new();
    for (id, title, body, published_at, shown) in touched {
        if shown == 1 {
            announcements.push(announcement((id, title, body, published_at)));
        } else {
            removed.push(id);
        }
    }
    Ok(Json(AnnouncementChanges { cursor, full: false, announcements, removed }))
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
