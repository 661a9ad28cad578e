//! The fleet as last read from the Cloud, and how it is shown: filter, sort, read time.

use crate::domain::key_index::KeyIndex;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::announce::Announcer;
use super::cloud::Cloud;
use super::session::Session;
use crate::api::{ApiError, Listed};
use crate::browser::{now_ms, perf};
use crate::domain::address::FleetView;
use crate::domain::device::FleetDevice;
use crate::domain::fleet_view::{FleetFilter, Sort};
use crate::domain::groups::Groups;
use crate::domain::reading::Reading;

#[derive(Clone, Copy)]
pub struct Fleet {
    pub devices: RwSignal<Vec<FleetDevice>>,
    /// Each device's batch key as a number, per reading (made when first asked).
    pub key_index: Memo<KeyIndex>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// When the fleet was last read (text for people).
    pub read_at: RwSignal<Option<i64>>,
    pub filter: RwSignal<FleetFilter>,
    pub sort: RwSignal<Sort>,
    /// The group tree open to this user (empty until read, or when it could not be).
    pub groups: RwSignal<Groups>,
    /// Why the groups could not be read, if so (devices then show their group number).
    pub groups_error: RwSignal<Option<ApiError>>,
    /// What the last reading of the fleet set aside or accepted in another form.
    pub reading: RwSignal<Reading>,
    /// The same for the group tree.
    pub groups_reading: RwSignal<Reading>,
    cloud: Cloud,
    session: Session,
    announcer: Announcer,
}

impl Fleet {
    /// The filters and sort as shown: what the fleet's address carries.
    pub fn view(&self) -> FleetView {
        FleetView { filter: self.filter.get(), sort: self.sort.get() }
    }

    /// The same, read without subscribing.
    pub fn view_untracked(&self) -> FleetView {
        FleetView { filter: self.filter.get_untracked(), sort: self.sort.get_untracked() }
    }

    /// Shows `view` (signals set only where it differs, so nothing redraws for nothing).
    pub fn show_view(&self, view: FleetView) {
        if self.filter.with_untracked(|f| *f != view.filter) {
            self.filter.set(view.filter);
        }
        if self.sort.get_untracked() != view.sort {
            self.sort.set(view.sort);
        }
    }

    pub fn new(cloud: Cloud, session: Session, announcer: Announcer) -> Self {
        let devices = RwSignal::new(Vec::new());
        Fleet {
            devices,
            key_index: Memo::new(move |_| devices.with(|d| KeyIndex::of(d))),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            read_at: RwSignal::new(None),
            filter: RwSignal::new(FleetFilter::default()),
            sort: RwSignal::new(Sort::default()),
            groups: RwSignal::new(Groups::default()),
            groups_error: RwSignal::new(None),
            reading: RwSignal::new(Reading::default()),
            groups_reading: RwSignal::new(Reading::default()),
            cloud,
            session,
            announcer,
        }
    }

    /// One device, as last read.
    pub fn device(&self, sn: &str) -> Option<FleetDevice> {
        self.devices.with_untracked(|f| f.iter().find(|d| d.sn == sn).cloned())
    }

    /// Reads the fleet; on start-up this is also how the session is confirmed.
    pub fn refresh(self) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        spawn_local(async move {
            let result = self.session.noticed(self.cloud.client().devices().await);
            // The first screen's phases, for the benchmark: read and decoded…
            perf::measure_from_navigation("fleet-decoded");
            self.loading.set(false);
            match result {
                Ok(listed) => {
                    let count = listed.items.len();
                    self.take_in(listed);
                    self.session.confirmed(self.cloud.client());
                    // … and handed to the page (which then draws it: `fleet-ready`).
                    perf::measure_from_navigation("fleet-taken");
                    perf::measure_after_render("fleet-ready", true);
                    self.announcer
                        .say(format!("Fleet read: {}.", crate::domain::text::devices(count)));
                    self.read_groups().await;
                }
                Err(ApiError::Session { .. }) => {}
                Err(error) => {
                    self.session.confirmed(self.cloud.client());
                    self.announcer.say(format!("Could not read the fleet: {}", error.message()));
                    self.error.set(Some(error));
                }
            }
        });
    }

    /// Reads the group tree; the fleet stays usable without it (groups show by number).
    async fn read_groups(self) {
        match self.session.noticed(self.cloud.client().groups().await) {
            Ok(listed) => {
                self.groups.set(listed.items);
                self.groups_reading.set(listed.reading);
                self.groups_error.set(None);
            }
            Err(ApiError::Session { .. }) => {}
            Err(error) => self.groups_error.set(Some(error)),
        }
    }

    /// A fresh reading of every device (from a refresh or a progress poll), with what it
    /// set aside.
    pub fn take_in(&self, listed: Listed<Vec<FleetDevice>>) {
        self.devices.set(listed.items);
        if self.reading.with_untracked(|r| *r != listed.reading) {
            self.reading.set(listed.reading);
        }
        self.error.set(None);
        self.read_at.set(Some(now_ms()));
    }

    /// Forgets the devices (after logging out: the next user may see others).
    pub fn forget(&self) {
        self.devices.set(Vec::new());
    }
}
