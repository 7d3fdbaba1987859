//! The hub's HTTP API, end to end, on SQLite and on PostgreSQL.

mod access;
mod accounts;
mod approval;
mod authz;
mod catalogue;
mod catalogue_admin;
mod contention;
mod customers;
mod cycles;
mod desk;
mod helpers;
mod hostile;
mod ledger;
mod login;
mod migrations;
mod orders;
mod promotions_admin;
mod review;
mod review_changes;
mod supply_admin;
mod sync;
