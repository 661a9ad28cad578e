//! `mwcloud-console`, the console service: serves the built console, forwards the Cloud's
//! API on the same origin, and keeps the team's record (runs, campaigns, an audit trail) in
//! SQLite or PostgreSQL, with rights decided by the Cloud.
//!
//! Layered one way: `record` (the database) and `cloud` (the client to the Cloud) are
//! leaves; `who` (rights) sits on `cloud`; `forward` and `api` (HTTP) sit on them; `app`
//! assembles the routes and `main.rs` the process. `drive` (campaigns and runs moved on
//! by the service, on `clock`) sits on `record` and `cloud`.

pub mod api;
pub mod app;
pub mod clock;
pub mod cloud;
pub mod drive;
pub mod forward;
pub mod record;
pub mod tls;
pub mod who;
