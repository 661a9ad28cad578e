//! The fixture every end-to-end test starts from: the Cloud and a browser on the console,
//! logged in as whoever the test needs.

use cloud_sim::config::SimConfig;
use fantoccini::Client;
use fantoccini::wd::WindowHandle;

use crate::pages::{
    CampaignPage, CheckPage, DevicePage, Document, FleetPage, HistoryList, LibraryPage, LoginPage,
    OverviewPage, RunPage, TopBar, UpgradePanel,
};
use crate::{Browser, Cloud, log_in};

/// The simulated Cloud and a browser showing the console it serves.
pub struct Console {
    pub cloud: Cloud,
    pub browser: Browser,
}

impl Console {
    /// The Cloud started with `config`, and the console opened on it (nobody logged in).
    pub async fn open(config: SimConfig) -> Console {
        Console::open_on(Cloud::start(config).await).await
    }

    /// The console opened on `cloud` (nobody logged in).
    pub async fn open_on(cloud: Cloud) -> Console {
        let browser = Browser::start().await;
        // The fleet: where most tests begin (the overview at `/` has its own tests).
        browser.client.goto(&format!("{}fleet", cloud.url)).await.expect("page loads");
        Console { cloud, browser }
    }

    /// As [`Console::open`], then logged in as `user` with the fleet read.
    pub async fn logged_in(config: SimConfig, user: &str, password: &str) -> Console {
        let console = Console::open(config).await;
        console.log_in(user, password).await;
        console
    }

    /// The simulator with the console service in front, the console opened on the
    /// service and logged in as `user`.
    pub async fn behind_service(config: SimConfig, user: &str, password: &str) -> Console {
        let console = Console::open_on(Cloud::start_behind_service(config).await).await;
        console.log_in(user, password).await;
        console
    }

    /// A second browser of its own (its own storage) on the same console, logged in as
    /// `user`, showing the fleet.
    pub async fn second_browser(&self, user: &str, password: &str) -> Browser {
        let browser = Browser::start().await;
        browser.client.goto(&format!("{}fleet", self.cloud.url)).await.expect("page loads");
        log_in(&browser.client, user, password).await;
        FleetPage::new(&browser.client).wait_read().await;
        browser
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

    /// Upgrades one healthy 770/A device to 1.5.178 through the fleet and the review, as an
    /// administrator would, and waits for run 1's page.
    pub async fn first_run_of_one_device(&self) {
        let device = self.cloud.upgradable(770, "A", "1.5.178")[..1].to_vec();
        let firmware = self.cloud.firmware_id(770, "A", "1.5.178");
        let upgrade = self.upgrade();
        upgrade.prepare(&self.fleet(), &device, firmware).await;
        upgrade.confirm().await;
        self.run().wait_for(1).await;
    }

    /// Opens `address` (relative to the console, e.g. "runs/1") as if pasted.
    pub async fn go(&self, address: &str) {
        self.client()
            .goto(&format!("{}{address}", self.cloud.url))
            .await
            .unwrap_or_else(|e| panic!("open {address}: {e}"));
    }

    /// The address shown now, from the path on ("/runs/1?q=Ultra").
    pub async fn address(&self) -> String {
        let url = self.client().current_url().await.expect("the address");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The address once it is `expected` (waiting up to five seconds); what it was otherwise.
    pub async fn address_becomes(&self, expected: &str) -> String {
        becomes(expected, || self.address()).await
    }

    /// The id of the element holding the keyboard focus once it is `expected` (waiting up
    /// to five seconds); what it was otherwise.
    pub async fn focus_becomes(&self, expected: &str) -> String {
        becomes(expected, || async { self.document().focused().await }).await
    }

    /// The tab the test drives now.
    pub async fn tab(&self) -> WindowHandle {
        self.client().window().await.expect("the current tab")
    }

    /// Opens the console in a new tab of the same browser (same cookies, same storage),
    /// drives that one from now on, and waits for its fleet.
    pub async fn new_tab(&self) -> WindowHandle {
        let tab = self.client().new_window(true).await.expect("a new tab").handle;
        self.switch_to(&tab).await;
        self.client().goto(&format!("{}fleet", self.cloud.url)).await.expect("page loads");
        self.fleet().wait_read().await;
        tab
    }

    /// Drives (and brings to the front) `tab`.
    pub async fn switch_to(&self, tab: &WindowHandle) {
        self.client().switch_to_window(tab.clone()).await.expect("switch tabs");
    }

    /// Closes the tab driven now, then drives `next`.
    pub async fn close_tab(&self, next: &WindowHandle) {
        self.client().close_window().await.expect("close the tab");
        self.switch_to(next).await;
    }

    /// Everything this origin keeps in the browser, as text: localStorage, sessionStorage,
    /// and every record of every IndexedDB database (name, store, key, value).
    pub async fn browser_storage(&self) -> String {
        let dump = self
            .client()
            .execute_async(
                r#"
const done = arguments[arguments.length - 1];
const out = {local: Object.entries(localStorage), session: Object.entries(sessionStorage), db: []};
const readDb = (name) => new Promise((resolve) => {
  const open = indexedDB.open(name);
  open.onsuccess = () => {
    const db = open.result;
    const names = Array.from(db.objectStoreNames);
    if (names.length === 0) { db.close(); return resolve(); }
    const tx = db.transaction(names);
    for (const store of names) {
      const keys = tx.objectStore(store).getAllKeys();
      const values = tx.objectStore(store).getAll();
      tx.addEventListener('complete', () => out.db.push([name, store, keys.result, values.result]));
    }
    tx.oncomplete = () => { db.close(); resolve(); };
    tx.onabort = () => { db.close(); resolve(); };
  };
  open.onerror = () => resolve();
});
indexedDB.databases().then(async (dbs) => {
  for (const db of dbs) await readDb(db.name);
  done(JSON.stringify(out));
});
"#,
                vec![],
            )
            .await
            .expect("read browser storage");
        dump.as_str().unwrap_or_default().to_string()
    }

    /// Ends the browser session; the rest stops when dropped.
    pub async fn close(self) {
        self.browser.close().await;
    }
}

/// What `read` gives once it is `expected`, reading every 100 ms for up to five seconds;
/// the last reading otherwise.
async fn becomes<F: Future<Output = String>>(expected: &str, read: impl Fn() -> F) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        last = read().await;
        if last == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    last
}

/// One accessor per page object, each over this console's browser: `console.fleet()`,
/// `console.run()`…
macro_rules! pages {
    ($($name:ident: $page:ident),* $(,)?) => {
        impl Console {
            $(pub fn $name(&self) -> $page<'_> {
                $page::new(self.client())
            })*
        }
    };
}

pages! {
    fleet: FleetPage,
    upgrade: UpgradePanel,
    run: RunPage,
    library: LibraryPage,
    campaign: CampaignPage,
    top_bar: TopBar,
    history: HistoryList,
    overview: OverviewPage,
    device: DevicePage,
    check: CheckPage,
    login: LoginPage,
    document: Document,
}
