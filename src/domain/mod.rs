//! The console's rules in plain Rust: no web-sys, tested natively.

pub mod batch;
pub mod codes;
pub mod device;
pub mod firmware;
pub mod fleet_view;
pub mod outcome;
pub mod selection;
pub mod session;
pub mod version;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod batch_property;
