//! What every handler gets: the database and the supplier's clock.

use axum::extract::FromRef;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: crate::db::Db,
    pub calendar: crate::calendar::Calendar,
}

impl AppState {
    /// The supplier's zone defaults to Asia/Shanghai.
    pub fn new(db: crate::db::Db) -> Self {
        AppState { db, calendar: crate::calendar::Calendar::default() }
    }
}
