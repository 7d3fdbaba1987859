//! 系统公告: what the supplier posts, and what each customer's app pulls of it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewAnnouncement {
    pub title: String,
    pub body: String,
    /// Only this tier sees it; none: every customer.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// 系统公告: supply notices, new products, promotions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Announcement {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_at: DateTime<Utc>,
}

/// A delta pull of the announcements this customer sees (`GET /api/v1/announcements/changes`):
/// those published or changed since the cursor, and the ids of those withdrawn or expired since.
/// With `full`, `announcements` is everything current and the app replaces what it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnnouncementChanges {
    /// Pass it back as `since` on the next pull.
    pub cursor: String,
    pub full: bool,
    pub announcements: Vec<Announcement>,
    /// Tombstones: ids of announcements withdrawn or expired.
    pub removed: Vec<i64>,
}
