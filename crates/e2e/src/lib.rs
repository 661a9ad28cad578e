//! Harness for end-to-end tests: the simulator serving the release-built console on one
//! loopback origin (so cookies behave as in production), and headless Chromium driven
//! through chromedriver. Each test starts its own and everything stops when dropped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use cloud_sim::config::SessionErrorStyle;
use cloud_sim::config::SimConfig;
use cloud_sim::http::{AppState, router};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

/// The release build of the console, made by `trunk build --release`.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("CONSOLE_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"),
    }
}

/// The simulator, in this process, serving the console and the API on one origin.
pub struct Cloud {
    /// `http://127.0.0.1:<port>/`
    pub url: String,
    /// The simulator's state, for arranging and checking a test.
    pub state: AppState,
    addr: SocketAddr,
    server: JoinHandle<()>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Cloud {
    pub async fn start(config: SimConfig) -> Cloud {
        let dist = dist_dir();
        assert!(
            dist.join("index.html").is_file(),
            "no console build in {}: run `trunk build --release` (scripts/test.sh does)",
            dist.display()
        );
        let state = AppState::new(&config, SessionErrorStyle::Result);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("bound address");
        let (server, shutdown) = serve(listener, state.clone());
        Cloud {
            url: format!("http://{addr}/"),
            state,
            addr,
            server,
            shutdown: Some(shutdown),
        }
    }

    /// Sets the simulator's fault in force (as `POST /__sim/faults` would).
    pub fn set_fault(&self, fault: cloud_sim::http::faults::Fault) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .set(fault);
    }

    /// Stops the server, closing idle connections: requests fail until [`Cloud::restart`].
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut self.server).await;
        self.server.abort();
    }

    /// Serves again on the same address, with the same state.
    pub async fn restart(&mut self) {
        if self.shutdown.is_some() {
            self.stop().await;
        }
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .expect("rebind the same port");
        let (server, shutdown) = serve(listener, self.state.clone());
        self.server = server;
        self.shutdown = Some(shutdown);
    }
}

fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
) -> (JoinHandle<()>, tokio::sync::oneshot::Sender<()>) {
    let app = router(state, Some(&dist_dir()));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    (server, shutdown)
}

impl Drop for Cloud {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Headless Chromium under its own chromedriver.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = free_port();
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e} (run scripts/setup.sh)"));
        let profile =
            std::env::temp_dir().join(format!("console-e2e-{}-{port}", std::process::id()));
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        driver,
                        profile,
                    };
                }
                Err(error) => last_error = error.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("chromedriver on {url} did not start a browser: {last_error}");
    }

    /// Ends the browser session; the driver stops when the `Browser` is dropped.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.start_kill();
        // A browser left behind by a failed test dies with its profile's processes.
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(self.profile.display().to_string())
            .status();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("a free loopback port");
    listener.local_addr().expect("bound address").port()
}

/// Polls `css` until its text satisfies `ok`, for up to ten seconds; returns that text.
pub async fn wait_for_text(client: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    wait_for_text_within(client, css, 10, ok).await
}

/// Polls `css` until its text satisfies `ok`, for up to `seconds`; returns that text.
pub async fn wait_for_text_within(
    client: &Client,
    css: &str,
    seconds: u64,
    ok: impl Fn(&str) -> bool,
) -> String {
    let mut last = String::from("(element not found)");
    for _ in 0..seconds * 10 {
        if let Ok(element) = client.find(fantoccini::Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if ok(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("`{css}` never showed the expected text; last seen: {last:?}");
}

/// Waits up to five seconds for nothing to match `css`; true if so.
pub async fn gone(client: &Client, css: &str) -> bool {
    for _ in 0..50 {
        let found = client
            .find_all(fantoccini::Locator::Css(css))
            .await
            .map(|e| e.len())
            .unwrap_or(1);
        if found == 0 {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Waits for `css` and clicks it.
pub async fn click(client: &Client, css: &str) {
    client
        .wait()
        .for_element(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}`: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
}

/// Fills the login form and submits it.
pub async fn log_in(client: &Client, user: &str, password: &str) {
    use fantoccini::Locator;
    let name = client
        .wait()
        .for_element(Locator::Css("#login-user"))
        .await
        .expect("login form");
    name.clear().await.expect("clear user");
    name.send_keys(user).await.expect("type user");
    let secret = client
        .find(Locator::Css("#login-password"))
        .await
        .expect("password field");
    secret.clear().await.expect("clear password");
    secret.send_keys(password).await.expect("type password");
    client
        .find(Locator::Css("form.login button[type=submit]"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("click log in");
}

/// Brings one device's row into the (windowed) fleet table by searching for it.
pub async fn show_device(client: &Client, sn: &str) {
    let search = client
        .wait()
        .for_element(fantoccini::Locator::Css(".filters input[type=search]"))
        .await
        .expect("the fleet search box");
    search.clear().await.expect("clear search");
    search.send_keys(sn).await.expect("type serial number");
    wait_for_text(client, &format!("tr[data-sn='{sn}'] td.mono"), |t| t == sn).await;
}

/// Ticks one device's checkbox, then shows the whole fleet again.
pub async fn select_device(client: &Client, sn: &str) {
    show_device(client, sn).await;
    click(client, &format!("tr[data-sn='{sn}'] input[type=checkbox]")).await;
    let search = client
        .find(fantoccini::Locator::Css(".filters input[type=search]"))
        .await
        .expect("the fleet search box");
    search.clear().await.expect("clear search");
    // clear() does not fire `input`; an empty keystroke pair does.
    search.send_keys(" ").await.expect("type");
    search.send_keys("\u{e003}").await.expect("backspace");
}
