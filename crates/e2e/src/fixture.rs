//! The fixture every end-to-end test starts from: the Cloud and a browser on the console,
//! logged in as whoever the test needs.

use cloud_sim::config::SimConfig;
use fantoccini::Client;

use crate::pages::{FleetPage, LibraryPage, RunPage, UpgradePanel};
use crate::{Browser, Cloud, log_in, wait_for_text};

/// The simulated Cloud and a browser showing the console it serves.
pub struct Console {
    pub cloud: Cloud,
    pub browser: Browser,
}

impl Console {
    /// The Cloud started with `config`, and the console opened on it (nobody logged in).
    pub async fn open(config: SimConfig) -> Console {
        let cloud = Cloud::start(config).await;
        let browser = Browser::start().await;
        browser.client.goto(&cloud.url).await.expect("page loads");
        Console { cloud, browser }
    }

    /// As [`Console::open`], then logged in as `user` with the fleet read.
    pub async fn logged_in(config: SimConfig, user: &str, password: &str) -> Console {
        let console = Console::open(config).await;
        console.log_in(user, password).await;
        console
    }

    /// As [`Console::open`], then logged in as the administrator with the fleet read.
    pub async fn admin(config: SimConfig) -> Console {
        Console::logged_in(config, "Admin", "Admin").await
    }

    /// Logs in through the form in view and waits for the fleet.
    pub async fn log_in(&self, user: &str, password: &str) {
        log_in(self.client(), user, password).await;
        self.fleet().wait_read().await;
    }

    pub fn client(&self) -> &Client {
        &self.browser.client
    }

    pub fn fleet(&self) -> FleetPage<'_> {
        FleetPage::new(self.client())
    }

    pub fn upgrade(&self) -> UpgradePanel<'_> {
        UpgradePanel::new(self.client())
    }

    pub fn run(&self) -> RunPage<'_> {
        RunPage::new(self.client())
    }

    pub fn library(&self) -> LibraryPage<'_> {
        LibraryPage::new(self.client())
    }

    /// Ends the browser session; the rest stops when dropped.
    pub async fn close(self) {
        self.browser.close().await;
    }
}

/// Waits until the fleet counts show a read fleet ("N devices", N > 0).
pub(crate) async fn fleet_read(client: &Client) -> String {
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        !t.is_empty() && !t.starts_with("0 devices")
    })
    .await
}
