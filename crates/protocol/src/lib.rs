//! What the app and the hub say to each other, and the rules both of them apply.
//!
//! Kept to serde + ts-rs (+ utoipa behind a feature) so the app, the core and the hub can all depend on
//! it without dragging in a database or an HTTP stack. TypeScript types for the UI are generated from
//! these definitions (`cargo test -p restock-protocol` with `TS_RS_EXPORT_DIR` set; see xtask).

pub mod accounts;
pub mod announcements;
pub mod catalogue;
pub mod customers;
pub mod cycles;
pub mod error;
pub mod home;
pub mod ledger;
pub mod money;
pub mod orders;
pub mod pricing;
pub mod promotions;
pub mod quantity;
pub mod review;
pub mod routes;
pub mod supply;

pub use error::{ApiError, ErrorCode, LineProblem};
pub use money::Money;
