//! Following runs to their end: one `get-devs` call per cycle for every device of every
//! unfinished run, every few seconds, slower after errors, paused while the tab is hidden.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use leptos::prelude::*;
use sc_wire::Device;

use super::store::{Console, SessionState, now_ms, now_text};
use crate::api::{ApiError, client};
use crate::domain::device::FleetDevice;
use crate::domain::run::Run;
use crate::domain::tracking::Tracked;

/// Time between polls while all goes well.
const INTERVAL_MS: u64 = 3_000;
/// Longest wait after repeated errors.
const MAX_INTERVAL_MS: u64 = 30_000;

/// Runs until no run is unfinished. Started by [`Console::track`].
pub async fn follow(console: Console) {
    let mut interval = INTERVAL_MS;
    loop {
        gloo_timers::future::sleep(Duration::from_millis(interval)).await;
        if !console
            .runs
            .with_untracked(|runs| runs.iter().any(Run::is_active))
        {
            break;
        }
        // Hidden tab: no polling (the devices carry on; we catch up when visible).
        // Expired session: wait for the administrator to log in again.
        if page_hidden() || !matches!(console.session.get_untracked(), SessionState::Active { .. })
        {
            continue;
        }
        let catalogue = console.catalogue.get_untracked();
        match client::devices(&catalogue).await {
            Ok(devices) => {
                interval = INTERVAL_MS;
                console.poll_error.set(None);
                take_in(console, &devices);
            }
            Err(ApiError::Session { .. }) => console.session_lost(),
            Err(error) => {
                interval = (interval * 2).min(MAX_INTERVAL_MS);
                console.poll_error.set(Some(error));
            }
        }
    }
    console.tracking.set(false);
}

/// Feeds one fleet reading to the fleet table and to every unfinished run, and announces
/// the devices that reached their end — once per poll, not once per device.
pub fn take_in(console: Console, devices: &[Device]) {
    let now = now_ms();
    let by_sn: HashMap<&str, &Device> = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    let mut ended: BTreeMap<&'static str, usize> = BTreeMap::new();
    console.runs.update(|runs| {
        for run in runs.iter_mut().filter(|r| r.is_active()) {
            let before: Vec<bool> = run.devices.iter().map(|d| d.state.is_final()).collect();
            run.observe(&by_sn, now);
            for (device, was_final) in run.devices.iter().zip(before) {
                if !was_final && device.state.is_final() {
                    *ended.entry(word(&device.state)).or_default() += 1;
                }
            }
        }
    });
    console.save_runs_soon();
    console
        .fleet
        .set(devices.iter().map(FleetDevice::from_wire).collect());
    console.fleet_error.set(None);
    let stamp = now_text();
    console.fleet_read_at.set(Some(stamp.clone()));
    console.polled_at.set(Some(stamp));
    if !ended.is_empty() {
        let parts: Vec<String> = ended
            .iter()
            .map(|(word, n)| format!("{n} {word}"))
            .collect();
        console.announce(format!("Devices finished: {}.", parts.join(", ")));
    }
}

fn word(state: &Tracked) -> &'static str {
    match state {
        Tracked::Verified => "verified",
        Tracked::TimedOut => "timed out",
        Tracked::Lost => "lost",
        _ => "failed",
    }
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
