//! Harness for end-to-end tests: the release-built console in headless Chromium against
//! the simulator on one origin. A test starts a [`Console`] (Cloud + browser, logged in),
//! arranges the Cloud through its query helpers, drives the page through page objects
//! ([`pages`]), and asserts on what the page shows or what the Cloud received. Everything
//! a test starts stops when it is dropped.

mod browser;
mod cloud;
mod fixture;
pub mod pages;
mod query;
mod wait;

pub use browser::Browser;
pub use cloud::{Cloud, dist_dir};
use cloud_sim::config::SimConfig;
pub use fixture::Console;
pub use wait::{
    answer, click, gone, log_in, select_device, show_device, wait_for_text, wait_for_text_within,
};

/// A simulated Cloud of `devices` whose upgrades take `upgrade_secs` seconds; the rest as
/// the simulator starts by default.
pub fn cloud_of(devices: usize, upgrade_secs: u64) -> SimConfig {
    SimConfig {
        devices,
        upgrade_duration: std::time::Duration::from_secs(upgrade_secs),
        ..SimConfig::default()
    }
}
