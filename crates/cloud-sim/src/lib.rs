//! A faithful local stand-in for the Magewell Cloud `sc_cloud` API: a deterministic fleet,
//! the product line and its firmware, sessions, upgrades that play out over time, and fault injection.
//! The binary `cloud-sim` serves it; tests build the same [`http::router`] in-process.
//!
//! Layered one way: `config` and `clock` are leaves; the simulated Cloud (`cloud`, with
//! `fleet`, `upgrade`, `sessions`, `library`, `product_line`, `codes`, `resting`) sits on
//! them; `http` (state, routes, control routes, faults) sits on top. Nothing below `http`
//! knows about HTTP.

pub mod clock;
pub mod cloud;
pub mod codes;
pub mod config;
pub mod fleet;
pub mod groups;
pub mod http;
pub mod library;
pub mod product_line;
pub mod resting;
pub mod sessions;
pub mod upgrade;
