//! The fleet as last read from the Cloud: devices, groups, what a reading set aside, when.
//! How it is shown (filters, sort) is the address's: `ui::fleet_address`.

use crate::domain::key_index::KeyIndex;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::announce::Announcer;
use super::cloud::Cloud;
use super::session::Session;
use crate::api::{ApiError, Client, Listed, RawReply};
use crate::browser::{now_ms, perf};
use crate::domain::device::FleetDevice;
use crate::domain::groups::Groups;
use crate::domain::reading::Reading;

/// Reads the devices of a `get-devs` reply whose envelope was checked: the workspace's
/// code ([`Client::read_fleet`]), handed over by [`Fleet::can_read`].
pub type ReadFleet = fn(&Client, &RawReply) -> Result<Listed<Vec<FleetDevice>>, ApiError>;

#[derive(Clone, Copy)]
pub struct Fleet {
    pub devices: ReadSignal<Vec<FleetDevice>>,
    set_devices: WriteSignal<Vec<FleetDevice>>,
    /// Each device's batch key as a number, per reading (made when first asked).
    pub key_index: Memo<KeyIndex>,
    pub loading: ReadSignal<bool>,
    set_loading: WriteSignal<bool>,
    pub error: ReadSignal<Option<ApiError>>,
    set_error: WriteSignal<Option<ApiError>>,
    /// When the fleet was last read (text for people).
    pub read_at: ReadSignal<Option<i64>>,
    set_read_at: WriteSignal<Option<i64>>,
    /// The group tree open to this user (empty until read, or when it could not be).
    pub groups: ReadSignal<Groups>,
    set_groups: WriteSignal<Groups>,
    /// Why the groups could not be read, if so (devices then show their group number).
    pub groups_error: ReadSignal<Option<ApiError>>,
    set_groups_error: WriteSignal<Option<ApiError>>,
    /// How many times the fleet was read in full (a refresh, not a progress poll); the
    /// group tree is read again after each ([`Fleet::follow_readings`]).
    readings: RwSignal<u64>,
    /// The code that reads devices, once the workspace's is here.
    reader: StoredValue<Option<ReadFleet>>,
    /// A reply that came before that code: read as soon as it is here.
    unread: StoredValue<Option<RawReply>>,
    /// What the last reading of the fleet set aside or accepted in another form.
    pub reading: ReadSignal<Reading>,
    set_reading: WriteSignal<Reading>,
    /// The same for the group tree.
    pub groups_reading: ReadSignal<Reading>,
    set_groups_reading: WriteSignal<Reading>,
    cloud: Cloud,
    session: Session,
    announcer: Announcer,
}

impl Fleet {
    pub fn new(cloud: Cloud, session: Session, announcer: Announcer) -> Self {
        let (devices, set_devices) = signal(Vec::new());
        let (loading, set_loading) = signal(false);
        let (error, set_error) = signal(None);
        let (read_at, set_read_at) = signal(None);
        let (groups, set_groups) = signal(Groups::default());
        let (groups_error, set_groups_error) = signal(None);
        let (reading, set_reading) = signal(Reading::default());
        let (groups_reading, set_groups_reading) = signal(Reading::default());
        Fleet {
            devices,
            set_devices,
            key_index: Memo::new(move |_| devices.with(|d| KeyIndex::of(d))),
            loading,
            set_loading,
            error,
            set_error,
            read_at,
            set_read_at,
            groups,
            set_groups,
            groups_error,
            set_groups_error,
            reading,
            set_reading,
            groups_reading,
            set_groups_reading,
            readings: RwSignal::new(0),
            reader: StoredValue::new(None),
            unread: StoredValue::new(None),
            cloud,
            session,
            announcer,
        }
    }

    /// One device, as last read.
    pub fn device(&self, sn: &str) -> Option<FleetDevice> {
        self.devices.with_untracked(|f| f.iter().find(|d| d.sn == sn).cloned())
    }

    /// Reads the fleet; on start-up this is also how the session is confirmed. With the
    /// workspace's code here, the reply is read whole, its envelope with its devices; without
    /// it, the envelope alone says whether the session is open, and the devices are read as
    /// soon as that code comes ([`Fleet::can_read`]) — never twice over for one reply.
    pub fn refresh(self) {
        if self.loading.get_untracked() {
            return;
        }
        self.set_loading.set(true);
        spawn_local(async move {
            let client = self.cloud.client();
            let reply = client.fleet_reply().await;
            match self.reader.get_value() {
                Some(read) => match self.session.noticed(reply) {
                    Ok(raw) => self.read_in(read, raw),
                    Err(error) => self.failed(error),
                },
                None => {
                    let checked = reply.and_then(|raw| client.fleet_accepted(&raw).map(|()| raw));
                    match self.session.noticed(checked) {
                        Ok(raw) => {
                            self.unread.set_value(Some(raw));
                            self.session.confirmed(client);
                        }
                        Err(error) => self.failed(error),
                    }
                }
            }
        });
    }

    /// Hands over the code that reads devices (the workspace's, once it is here), and reads
    /// a reply that was waiting for it.
    pub fn can_read(self, read: ReadFleet) {
        self.reader.set_value(Some(read));
        if let Some(raw) = self.unread.try_update_value(Option::take).flatten() {
            spawn_local(async move { self.read_in(read, raw) });
        }
    }

    /// Reads the devices of `raw` and takes them in.
    fn read_in(self, read: ReadFleet, raw: RawReply) {
        let client = self.cloud.client();
        let result = self.session.noticed(read(&client, &raw));
        // The first screen's phases, for the benchmark: read and decoded…
        perf::measure_from_navigation("fleet-decoded");
        match result {
            Ok(listed) => {
                self.set_loading.set(false);
                let count = listed.items.len();
                self.take_in(listed);
                self.session.confirmed(client);
                // … and handed to the page (whose table then says `fleet-ready`).
                perf::measure_from_navigation("fleet-taken");
                self.announcer.say(format!("Fleet read: {}.", crate::domain::text::devices(count)));
                self.readings.update(|n| *n += 1);
            }
            Err(error) => self.failed(error),
        }
    }

    /// The fleet could not be read: said, unless the session ended (which asks to log in).
    fn failed(self, error: ApiError) {
        self.set_loading.set(false);
        if matches!(error, ApiError::Session { .. }) {
            return;
        }
        self.session.confirmed(self.cloud.client());
        self.announcer.say(format!("Could not read the fleet: {}", error.message()));
        self.set_error.set(Some(error));
    }

    /// Reads the group tree after each full reading of the fleet, from the workspace's
    /// start (`SignedInWork::start_with_workspace`): the group tree is the fleet page's,
    /// so its reading is the workspace's code, not the login screen's.
    pub fn follow_readings(self) {
        Effect::new(move |_| {
            if self.readings.get() > 0 {
                spawn_local(self.read_groups());
            }
        });
    }

    /// Reads the group tree; the fleet stays usable without it (groups show by number).
    async fn read_groups(self) {
        match self.session.noticed(self.cloud.client().groups().await) {
            Ok(listed) => {
                self.set_groups.set(listed.items);
                self.set_groups_reading.set(listed.reading);
                self.set_groups_error.set(None);
            }
            Err(ApiError::Session { .. }) => {}
            Err(error) => self.set_groups_error.set(Some(error)),
        }
    }

    /// A fresh reading of every device (from a refresh or a progress poll), with what it
    /// set aside.
    pub fn take_in(&self, listed: Listed<Vec<FleetDevice>>) {
        self.set_devices.set(listed.items);
        if self.reading.with_untracked(|r| *r != listed.reading) {
            self.set_reading.set(listed.reading);
        }
        self.set_error.set(None);
        self.set_read_at.set(Some(now_ms()));
    }

    /// Forgets the devices (after logging out: the next user may see others).
    pub fn forget(&self) {
        self.set_devices.set(Vec::new());
        // A reply still waiting for the code to read it was the last user's.
        if self.unread.try_update_value(Option::take).flatten().is_some() {
            self.set_loading.set(false);
        }
    }
}
