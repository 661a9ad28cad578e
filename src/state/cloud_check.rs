//! The Cloud check as it runs: every endpoint the console reads, read once in turn (never
//! one that changes anything), each reply compared as it arrives (see [`crate::api::check`]).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::cloud::Cloud;
use crate::api::address::{self, DEVICES};
use crate::api::check::{Endpoint, EndpointReport, check};
use crate::api::lists;
use crate::browser::now_text;

#[derive(Clone, Copy)]
pub struct CloudCheck {
    pub running: RwSignal<bool>,
    /// One report per endpoint read so far, in the order read.
    pub reports: RwSignal<Vec<EndpointReport>>,
    /// When the last check started (text for people).
    pub checked_at: RwSignal<Option<String>>,
    cloud: Cloud,
}

impl CloudCheck {
    pub fn new(cloud: Cloud) -> Self {
        CloudCheck {
            running: RwSignal::new(false),
            reports: RwSignal::new(Vec::new()),
            checked_at: RwSignal::new(None),
            cloud,
        }
    }

    /// Reads every endpoint once, in turn; a second click while it runs does nothing.
    pub fn run(self) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        self.reports.set(Vec::new());
        self.checked_at.set(Some(now_text()));
        spawn_local(async move {
            let client = self.cloud.client();
            let catalogue = client.catalogue();
            let report = |report: EndpointReport| self.reports.update(|r| r.push(report));
            let fleet = client.read(DEVICES).await;
            report(check(Endpoint::Devices, DEVICES, fleet.as_ref(), &catalogue));
            // The per-key and per-device calls ask about the first device that can be read.
            let first = fleet
                .ok()
                .and_then(|raw| lists::devices(&raw, &catalogue).ok())
                .and_then(|listed| listed.items.into_iter().next());
            let mut reads = vec![
                (Endpoint::Groups, address::GROUPS.to_string()),
                (Endpoint::Library, address::LIBRARY.to_string()),
            ];
            if let Some(device) = first {
                reads.push((Endpoint::Offer, address::offer(&device.key)));
                reads.push((Endpoint::Device, address::device(&device.sn)));
            }
            for (endpoint, path) in reads {
                let reply = client.read(&path).await;
                report(check(endpoint, &path, reply.as_ref(), &catalogue));
            }
            self.running.set(false);
        });
    }
}
