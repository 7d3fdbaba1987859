//! Every query of announcements (系统公告).

use crate::db::{Millis, Tx};
use crate::error::HubResult;
use restock_protocol::announcements::Announcement;
use restock_protocol::announcements::NewAnnouncement;
use sqlx::AnyConnection;

/// Shown now to a customer of tier $1 at time $2.
const CURRENT: &str =
    "(tier IS NULL OR tier = $1) AND published_at <= $2 AND (expires_at IS NULL OR expires_at > $2) AND withdrawn_at IS NULL";

#[derive(sqlx::FromRow)]
struct AnnouncementRow {
    id: i64,
    title: String,
    body: String,
    published_at: Millis,
}

impl From<AnnouncementRow> for Announcement {
    fn from(row: AnnouncementRow) -> Self {
        Announcement { id: row.id, title: row.title, body: row.body, published_at: row.published_at.instant() }
    }
}

/// The latest `limit` announcements shown now to tier `tier`, newest first.
pub async fn current(conn: &mut AnyConnection, tier: &str, now_ms: i64, limit: i64) -> HubResult<Vec<Announcement>> {
    let rows: Vec<AnnouncementRow> = sqlx::query_as(&format!(
        "SELECT id, title, body, published_at FROM announcements WHERE {CURRENT} ORDER BY published_at DESC, id DESC LIMIT {limit}"
    ))
    .bind(tier)
    .bind(now_ms)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct TouchedRow {
    #[sqlx(flatten)]
    announcement: AnnouncementRow,
    shown: i64,
}

/// Announcements of tier `tier` changed (published, edited, withdrawn) or come or gone by the clock
/// between `from_ms` and `now_ms`: (those shown now, the ids of those no longer shown).
pub async fn touched(conn: &mut AnyConnection, tier: &str, from_ms: i64, now_ms: i64) -> HubResult<(Vec<Announcement>, Vec<i64>)> {
    let rows: Vec<TouchedRow> = sqlx::query_as(&format!(
        "SELECT id, title, body, published_at, CAST(CASE WHEN {CURRENT} THEN 1 ELSE 0 END AS BIGINT) AS shown FROM announcements
         WHERE (tier IS NULL OR tier = $1)
           AND (updated_at >= $3 OR published_at BETWEEN $3 AND $2 OR expires_at BETWEEN $3 AND $2)
         ORDER BY published_at DESC, id DESC"
    ))
    .bind(tier)
    .bind(now_ms)
    .bind(from_ms)
    .fetch_all(&mut *conn)
    .await?;
    let (mut shown, mut gone) = (Vec::new(), Vec::new());
    for row in rows {
        if row.shown == 1 {
            shown.push(row.announcement.into());
        } else {
            gone.push(row.announcement.id);
        }
    }
    Ok((shown, gone))
}

/// A new announcement, published at `now_ms`; its id.
pub async fn insert(tx: &mut Tx, new: &NewAnnouncement, now_ms: i64) -> HubResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO announcements (title, body, tier, published_at, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $4) RETURNING id",
    )
    .bind(new.title.trim())
    .bind(new.body.trim())
    .bind(new.tier.as_deref())
    .bind(now_ms)
    .bind(new.expires_at.map(|t| t.timestamp_millis()))
    .fetch_one(&mut **tx)
    .await?)
}

/// False: no such announcement, or already withdrawn.
pub async fn withdraw(tx: &mut Tx, id: i64, now_ms: i64) -> HubResult<bool> {
    let withdrawn = sqlx::query("UPDATE announcements SET withdrawn_at = $1, updated_at = $1 WHERE id = $2 AND withdrawn_at IS NULL")
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(withdrawn == 1)
}
