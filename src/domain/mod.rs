//! The console's rules in plain Rust: no web-sys, tested natively.

pub mod address;
pub mod attempt;
pub mod batch;
pub mod call;
pub mod campaign;
pub mod codes;
pub mod device;
pub mod device_story;
pub mod export;
pub mod firmware;
pub mod fleet_view;
pub mod groups;
pub mod history;
pub mod history_view;
pub mod key_index;
pub mod library;
pub mod order;
pub mod outcome;
pub mod overview;
pub mod reading;
pub mod releases;
pub mod run;
pub mod selection;
pub mod session;
pub mod text;
pub mod tracking;
pub mod version;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
