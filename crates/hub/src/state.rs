//! What every handler gets: the database and the supplier's clock, and how the router is set up.

use axum::extract::FromRef;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: crate::db::Db,
    pub calendar: crate::calendar::Calendar,
    /// Read once, when the router is built.
    pub attempts: crate::accounts::AttemptsLimit,
}

impl AppState {
    /// The supplier's zone defaults to Asia/Shanghai.
    pub fn new(db: crate::db::Db) -> Self {
        AppState { db, calendar: crate::calendar::Calendar::default(), attempts: Default::default() }
    }
}
