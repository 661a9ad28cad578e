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
    pub running: ReadSignal<bool>,
    set_running: WriteSignal<bool>,
    /// One report per endpoint read so far, in the order read.
    pub reports: ReadSignal<Vec<EndpointReport>>,
    set_reports: WriteSignal<Vec<EndpointReport>>,
    /// When the last check started (text for people).
    pub checked_at: ReadSignal<Option<i64>>,
    set_checked_at: WriteSignal<Option<i64>>,
    cloud: Cloud,
    session: Session,
}

impl CloudCheck {
    pub fn new(cloud: Cloud, session: Session) -> Self {
        let (running, set_running) = signal(false);
        let (reports, set_reports) = signal(Vec::new());
        let (checked_at, set_checked_at) = signal(None);
        CloudCheck {
            running,
            set_running,
            reports,
            set_reports,
            checked_at,
            set_checked_at,
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
        self.set_running.set(true);
        self.set_reports.set(Vec::new());
        self.set_checked_at.set(Some(now_ms()));
        spawn_local(async move {
            let client = self.cloud.client();
            let catalogue = client.catalogue();
            let report = |report: EndpointReport| self.set_reports.update(|r| r.push(report));
            let fleet = client.read(DEVICES).await;
            report(check(Endpoint::Devices, DEVICES, fleet.as_ref(), &catalogue));
            if self.session_ended(&fleet, &catalogue) {
                return self.set_running.set(false);
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
            self.set_running.set(false);
        });
    }
}

#[cfg(any(test, feature = "testing"))]
impl CloudCheck {
    /// Reports as a check would have left them: for tests that mount the page without any
    /// network.
    pub fn arrange(&self, reports: Vec<EndpointReport>) {
        self.set_reports.set(reports);
    }
}
