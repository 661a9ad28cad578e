//! The Cloud check as it runs: every endpoint the console reads, read once in turn (never
//! one that changes anything), each reply compared as it arrives (see [`crate::api::check`]).

use leptos::prelude::*;
use leptos::task::spawn_local;

use serde::de::IgnoredAny;

use super::cloud::Cloud;
use super::session::Session;
use crate::api::address::{self, DEVICES};
use crate::api::check::{Endpoint, EndpointReport, check};
use crate::api::lists;
use crate::api::{ApiError, RawReply, decode};
use crate::browser::now_ms;
use crate::domain::codes::Catalogue;

#[derive(Clone, Copy)]
pub struct CloudCheck {
    pub running: RwSignal<bool>,
    /// One report per endpoint read so far, in the order read.
    pub reports: RwSignal<Vec<EndpointReport>>,
    /// When the last check started (text for people).
    pub checked_at: RwSignal<Option<i64>>,
    cloud: Cloud,
    session: Session,
}

impl CloudCheck {
    pub fn new(cloud: Cloud, session: Session) -> Self {
        CloudCheck {
            running: RwSignal::new(false),
            reports: RwSignal::new(Vec::new()),
            checked_at: RwSignal::new(None),
            cloud,
            session,
        }
    }

    /// Whether a reply says the session is gone (then the check stops: every later read
    /// would say the same). Passed to the session like every other answer, so it asks to
    /// log in again.
    fn session_ended(&self, reply: &Result<RawReply, ApiError>, catalogue: &Catalogue) -> bool {
        let answer = match reply {
            Ok(raw) => decode::<IgnoredAny>(raw, catalogue, None).map(|_| ()),
            Err(error) => Err(error.clone()),
        };
        matches!(self.session.noticed(answer), Err(ApiError::Session { .. }))
    }

    /// Reads every endpoint once, in turn; a second click while it runs does nothing.
    pub fn run(self) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        self.reports.set(Vec::new());
        self.checked_at.set(Some(now_ms()));
        spawn_local(async move {
            let client = self.cloud.client();
            let catalogue = client.catalogue();
            let report = |report: EndpointReport| self.reports.update(|r| r.push(report));
            let fleet = client.read(DEVICES).await;
            report(check(Endpoint::Devices, DEVICES, fleet.as_ref(), &catalogue));
            if self.session_ended(&fleet, &catalogue) {
                return self.running.set(false);
            }
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
                if self.session_ended(&reply, &catalogue) {
                    break;
                }
            }
            self.running.set(false);
        });
    }
}
