//! The Cloud check as it runs: every endpoint the console reads, read once in turn (never
//! one that changes anything), each reply compared as it arrives (see [`crate::api::check`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::cloud::Cloud;
use crate::api::check::{Endpoint, EndpointReport, check};
use crate::api::lists;
use crate::browser::now_text;

/// The fleet's request, as the console makes it.
const DEVICES: &str = "/sc_cloud/scapi/get-devs?id=0&module=0";

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
                (Endpoint::Groups, "/sc_cloud/scapi/get-dev-catalogs".to_string()),
                (Endpoint::Library, "/sc_cloud/scapi/get-all-firmwares?dev-type=0".to_string()),
            ];
            if let Some(device) = first {
                let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
                reads.push((
                    Endpoint::Offer,
                    format!(
                        "/sc_cloud/scapi/get-all-firmwares?dev-type={}&product-id={}&hardware-ver={}",
                        device.key.family,
                        device.key.model,
                        encode(&device.key.hardware)
                    ),
                ));
                reads.push((
                    Endpoint::Device,
                    format!("/sc_cloud/scapi/get-dev?sn={}", encode(&device.sn)),
                ));
            }
            for (endpoint, path) in reads {
                let reply = client.read(&path).await;
                report(check(endpoint, &path, reply.as_ref(), &catalogue));
            }
            self.running.set(false);
        });
    }
}
