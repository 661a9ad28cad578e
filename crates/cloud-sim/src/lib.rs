//! A faithful local stand-in for the Magewell Cloud `sc_cloud` API: a deterministic fleet,
//! a firmware catalogue, sessions, upgrades that play out over time, and fault injection.
//! The binary `cloud-sim` serves it; tests build the same [`app::router`] in-process.

pub mod app;
pub mod catalogue;
pub mod codes;
pub mod faults;
pub mod fleet;
pub mod library;
pub mod reply;
pub mod resting;
pub mod routes;
pub mod sessions;
pub mod state;
pub mod upgrade;
