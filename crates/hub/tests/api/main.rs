//! The hub's HTTP API, end to end, on SQLite and on PostgreSQL.

mod helpers;
mod login;
mod catalogue;
mod catalogue_admin;
mod ledger;
mod orders;
mod cycles;
mod accounts;
mod authz;
mod desk;
mod sync;
mod review;
mod approval;
mod migrations;
