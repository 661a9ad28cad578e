//! The console's state by concern: one small `Copy` context per concern, each with its
//! actions beside it; the few workflows that cross concerns in [`workflows`]; campaigns
//! under way in [`campaign_runner`]. [`ConsoleState`] wires every concern to the ones it
//! depends on and provides each as its own context; components take only the concerns
//! they read (no context hands out everything). A concern's signals are read-only outside
//! it (`ReadSignal` fields, the writing half private), so the table's "changed by" holds:
//! anything else changes a concern through its methods. What runs beside the pages starts
//! in two steps: what the fleet page needs with the workspace
//! ([`SignedInWork::start_with_workspace`]), the rest ([`SignedInWork::begin`]) once its
//! code is here.
//!
//! | concern | holds | changed by |
//! |---|---|---|
//! | [`Announcer`] | the screen-reader announcement | every concern |
//! | [`Cloud`] | API client, result-code catalogue | start-up |
//! | [`Session`] | who is logged in, with which rights | login, logout, any call |
//! | [`Fleet`] | devices, groups, read time (filters and sort are the address's) | refresh, progress polls |
//! | [`Batch`] | selection, firmware offer and choice, review, risks, deadline, retry | the fleet table, picker and review; [`Workflows`] |
//! | [`Campaigns`] | the campaign being planned: scope, targets, waves, on-air choice | the fleet table in campaign mode, the plan |
//! | [`CampaignRunner`] | (nothing of its own) starting, resuming, aborting and driving campaigns | the plan, the campaign page, each poll |
//! | [`History`] | the user's runs and campaigns, saving, news from other tabs | [`Workflows`], tracking, the history list, other tabs |
//! | [`PollingTab`] | whether this tab polls for every tab | visibility, other tabs |
//! | [`Tracking`] | the progress loop | [`Workflows`], start-up, runs from other tabs |
//! | [`Library`] | firmware list, upload, add | the library page |
//! | [`Nav`] | where a step continues, and what it brings into view | [`Workflows`], [`CampaignRunner`], the pages |
//! | [`CloudCheck`] | the last Cloud check's reports | the Cloud check page |

pub mod announce;
pub mod batch;
pub mod campaign_runner;
pub mod campaigns;
pub mod cloud;
pub mod cloud_check;
pub mod fleet;
pub mod history;
pub mod library;
pub mod nav;
pub mod polling_tab;
pub mod questions;
pub mod session;
pub mod tracking;
pub mod workflows;

use leptos::prelude::*;

pub use announce::Announcer;
pub use batch::Batch;
pub use campaign_runner::CampaignRunner;
pub use campaigns::Campaigns;
pub use cloud::Cloud;
pub use cloud_check::CloudCheck;
pub use fleet::Fleet;
pub use history::History;
pub use library::Library;
pub use nav::Nav;
pub use polling_tab::PollingTab;
pub use session::Session;
pub use tracking::Tracking;
pub use workflows::Workflows;

use leptos::task::spawn_local;

/// Every concern, wired to the ones it depends on. The app makes one and provides each
/// part as its own context; browser tests make one, arrange it, and mount a component.
#[derive(Clone, Copy)]
pub struct ConsoleState {
    pub announcer: Announcer,
    pub cloud: Cloud,
    pub session: Session,
    pub fleet: Fleet,
    pub batch: Batch,
    pub campaigns: Campaigns,
    pub history: History,
    pub polling_tab: PollingTab,
    pub tracking: Tracking,
    pub library: Library,
    pub nav: Nav,
    pub cloud_check: CloudCheck,
    pub questions: questions::Questions,
}

impl Default for ConsoleState {
    fn default() -> Self {
        Self::new()
    }
}

impl ConsoleState {
    /// Creates every concern; nothing is read or sent until [`ConsoleState::start`].
    pub fn new() -> Self {
        let announcer = Announcer::default();
        let cloud = Cloud::default();
        let session = Session::new(announcer);
        let fleet = Fleet::new(cloud, session, announcer);
        let batch = Batch::new(fleet, cloud, session, announcer);
        let history = History::new(announcer);
        let polling_tab = PollingTab::new(history);
        let tracking = Tracking::new(history, polling_tab, fleet, session, cloud, announcer);
        let library = Library::new(cloud, session, announcer);
        ConsoleState {
            announcer,
            cloud,
            session,
            fleet,
            batch,
            campaigns: Campaigns::default(),
            history,
            polling_tab,
            tracking,
            library,
            nav: Nav::default(),
            cloud_check: CloudCheck::new(cloud, session),
            questions: questions::Questions::default(),
        }
    }

    /// Provides each concern, the campaign runner and the workflows as contexts.
    pub fn provide(self) -> Workflows {
        provide_context(self.announcer);
        provide_context(self.cloud);
        provide_context(self.session);
        provide_context(self.fleet);
        provide_context(self.batch);
        provide_context(self.campaigns);
        provide_context(self.history);
        provide_context(self.polling_tab);
        provide_context(self.tracking);
        provide_context(self.library);
        provide_context(self.nav);
        provide_context(self.cloud_check);
        provide_context(self.questions);
        provide_context(self.campaign_runner());
        let flows = Workflows::new(self);
        provide_context(flows);
        flows
    }

    /// What running campaigns needs of the concerns.
    pub fn campaign_runner(self) -> CampaignRunner {
        CampaignRunner {
            campaigns: self.campaigns,
            history: self.history,
            session: self.session,
            nav: self.nav,
            announcer: self.announcer,
            tracking: self.tracking,
            fleet: self.fleet,
            cloud: self.cloud,
        }
    }

    /// What the console does on opening: read the fleet, which confirms the session (and
    /// so says whose history to open). The rest starts with the signed-in workspace
    /// ([`SignedInWork`]), whose code is fetched once a session is known.
    pub fn start(self) {
        let owner = Owner::current();
        provide_context(Background {
            owner: StoredValue::new(owner),
            requested: StoredValue::new(false),
            started: StoredValue::new(false),
            missing: RwSignal::new(false),
        });
        self.fleet.refresh();
    }

    /// What runs beside the pages once signed in ([`SignedInWork`]): `None` outside the
    /// app (a browser test mounting a component).
    pub fn signed_in_work(self) -> Option<SignedInWork> {
        use_context::<Background>().map(|background| SignedInWork { state: self, background })
    }

    /// The concerns, as [`ConsoleState::provide`] gave them.
    pub fn from_context() -> Self {
        ConsoleState {
            announcer: expect_context(),
            cloud: expect_context(),
            session: expect_context(),
            fleet: expect_context(),
            batch: expect_context(),
            campaigns: expect_context(),
            history: expect_context(),
            polling_tab: expect_context(),
            tracking: expect_context(),
            library: expect_context(),
            nav: expect_context(),
            cloud_check: expect_context(),
            questions: expect_context(),
        }
    }

    /// After each poll of this tab (the one that polls for every tab), campaigns move on.
    fn drive_campaigns(self) {
        let runner = self.campaign_runner();
        self.tracking.after_each_poll(move || spawn_local(runner.drive()));
    }

    /// Opens the history of whoever signs in, and closes it on logout: each Cloud user
    /// sees only their own runs.
    fn follow_owner(self) {
        let ConsoleState { session, history, .. } = self;
        let owner = Memo::new(move |_| session.owner());
        let anonymous = Memo::new(move |_| session.signed_in() && owner.get().is_none());
        Effect::new(move |_| match owner.get() {
            Some(user) => spawn_local(async move {
                history.open_for(user).await;
            }),
            None => {
                if history.owner.get_untracked().is_some() {
                    history.close();
                }
            }
        });
        Effect::new(move |_| {
            if anonymous.get() {
                history.owner_unknown();
            }
        });
    }
}

/// Where the work started with the workspace lives, and how far it got.
#[derive(Clone, Copy)]
struct Background {
    owner: StoredValue<Option<Owner>>,
    /// The workspace started this visit's work (the work beyond the first screen may still
    /// be on its way).
    requested: StoredValue<bool>,
    started: StoredValue<bool>,
    /// Its code could not be fetched at the last try.
    missing: RwSignal<bool>,
}

impl Background {
    /// Runs `then` under the app's own owner, so that what it starts outlives the
    /// workspace.
    fn under_app_owner(self, then: impl FnOnce()) {
        match self.owner.get_value() {
            Some(owner) => owner.with(then),
            None => then(),
        }
    }
}

/// The work beyond the first screen: opening the user's history (and the team's record),
/// news from the browser's other tabs, following unfinished runs from one tab, driving
/// campaigns. Its code is a piece of its own (`ui::workspace`), fetched once the workspace
/// is drawn and the browser idle, so the first screen does not wait for it.
#[derive(Clone, Copy)]
pub struct SignedInWork {
    state: ConsoleState,
    background: Background,
}

impl SignedInWork {
    /// Once per visit, from the workspace's code: read the result codes, the group tree
    /// after each reading of the fleet, and offer firmware as the batch key changes (the
    /// fleet page needs all three; none of it is the login screen's code), under the app's
    /// own owner so that it outlives the workspace (a logout and a new login do not start
    /// it twice). Whether it started now: then the rest ([`SignedInWork::begin`]) is to be
    /// fetched.
    pub fn start_with_workspace(self) -> bool {
        let SignedInWork { state, background } = self;
        if background.requested.get_value() {
            return false;
        }
        background.requested.set_value(true);
        background.under_app_owner(move || {
            state.cloud.load_catalogue();
            state.fleet.can_read(crate::api::Client::read_fleet);
            state.fleet.follow_readings();
            state.batch.follow_key();
        });
        true
    }

    /// Begins the work beyond the first screen, once, under the app's own owner, so that it
    /// outlives the workspace.
    pub fn begin(self) {
        let SignedInWork { state, background } = self;
        if background.started.get_value() {
            return;
        }
        background.started.set_value(true);
        background.under_app_owner(move || {
            state.history.flush_on_pagehide();
            state.follow_owner();
            state.polling_tab.start();
            state.tracking.start();
            state.drive_campaigns();
        });
    }

    /// Whether its code could not be fetched at the last try (tracked).
    pub fn missing(self) -> bool {
        self.background.missing.get()
    }

    /// Says whether the last try to fetch its code failed.
    pub fn set_missing(self, missing: bool) {
        self.background.missing.set(missing);
    }
}
