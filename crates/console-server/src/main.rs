//! `mwcloud-console`: the console service's process — its options, the record opened (and
//! migrated), the Cloud's client, TLS when asked, and a graceful stop on Ctrl-C or SIGTERM
//! (requests in flight finish, then the record closes). `mwcloud-console backup FILE`
//! copies the SQLite record while it is in use.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use console_server::app::{App, router};
use console_server::clock::Clock;
use console_server::cloud::{Cloud, Timeouts, Trust};
use console_server::drive::calls::Calls;
use console_server::drive::notify::Webhook;
use console_server::drive::session::{Session, Source, read_password_file};
use console_server::drive::{Driver, Settings, Shared};
use console_server::record::{SQLITE_FILE, Store};
use console_server::tls::tls_config;
use mwcloud_console::domain::codes::Catalogue;

/// The console service: serves the Magewell Cloud console, forwards the Cloud's API on the
/// same origin, and keeps the team's record of upgrades.
#[derive(Debug, Parser)]
#[command(name = "mwcloud-console", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Copies the SQLite record to FILE while the service runs (PostgreSQL: use pg_dump).
    Backup {
        file: PathBuf,
        #[command(flatten)]
        record: Record,
    },
}

#[derive(Debug, Args)]
struct Record {
    /// Folder of the SQLite record (console.db), created when missing.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// A PostgreSQL record instead (postgres://user@host/db), for a team or several instances.
    #[arg(long)]
    database: Option<String>,
}

#[derive(Debug, Args)]
struct Serve {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The Magewell Cloud to forward /sc_cloud/ to (http://… or https://…).
    #[arg(long)]
    cloud: Option<String>,
    /// Trust the certificate authorities in this PEM file too (a Cloud with its own CA).
    #[arg(long, conflicts_with = "cloud_insecure")]
    cloud_ca: Option<PathBuf>,
    /// Check no certificate of an https Cloud (self-signed, on a network you trust).
    #[arg(long)]
    cloud_insecure: bool,
    /// Seconds to wait for the Cloud's answer to a call.
    #[arg(long, default_value_t = 60)]
    cloud_timeout: u64,
    /// Seconds to wait for the Cloud's answer to a firmware upload.
    #[arg(long, default_value_t = 1800)]
    upload_timeout: u64,
    /// The console's release build to serve (scripts/build_release.py writes dist/).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Serve https with this certificate chain (PEM); needs --tls-key.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    #[command(flatten)]
    record: Record,
    #[command(flatten)]
    driver: DriverOptions,
}

/// How the service drives campaigns.
#[derive(Debug, Args)]
struct DriverOptions {
    /// A Cloud account the service signs in with to send campaigns' calls (an
    /// administrator). Without it, the service sends with the session of the administrator
    /// who started the campaign.
    #[arg(long, requires = "cloud_password_file")]
    cloud_user: Option<String>,
    /// The file holding --cloud-user's password (readable by the service's user only).
    #[arg(long, requires = "cloud_user")]
    cloud_password_file: Option<PathBuf>,
    /// Seconds between two reads of the fleet while campaigns or runs are followed.
    #[arg(long, default_value_t = 3.0)]
    drive_every: f64,
    /// Seconds a driving lease lasts unrenewed: with several instances on one PostgreSQL,
    /// another takes over within two of these after the driving one stops.
    #[arg(long, default_value_t = 15)]
    lease: u64,
    /// Seconds a session handed to the service may stay unused before a light read keeps it
    /// alive (below the Cloud's idle timeout).
    #[arg(long, default_value_t = 60)]
    keep_alive: u64,
    /// Where to POST a JSON notification when a driven campaign halts, finishes, is
    /// aborted, ends by its end date or waits for an administrator (a Slack or Teams incoming webhook).
    #[arg(long)]
    webhook: Option<String>,
    /// Seconds each webhook attempt may take (3 attempts at most).
    #[arg(long, default_value_t = 10)]
    webhook_timeout: u64,
    /// For tests: the service's clock starts at this date (RFC 3339, e.g.
    /// 2026-03-29T00:30:00Z) instead of now.
    #[arg(long)]
    clock_start: Option<String>,
    /// For tests: the service's clock runs this many times as fast as real time.
    #[arg(long, default_value_t = 1.0)]
    clock_speed: f64,
}

impl DriverOptions {
    fn clock(&self) -> Result<Clock, String> {
        if !(self.clock_speed > 0.0 && self.clock_speed.is_finite()) {
            return Err(format!("--clock-speed {} must be a positive number", self.clock_speed));
        }
        let start = match &self.clock_start {
            None if self.clock_speed == 1.0 => return Ok(Clock::system()),
            None => console_server::clock::system_ms(),
            Some(text) => text
                .parse::<jiff::Timestamp>()
                .map_err(|e| format!("--clock-start {text:?} is not an RFC 3339 date: {e}"))?
                .as_millisecond(),
        };
        Ok(Clock::starting_at(start, self.clock_speed))
    }

    fn source(&self) -> Result<Source, String> {
        match (&self.cloud_user, &self.cloud_password_file) {
            (Some(user), Some(file)) => {
                Ok(Source::Account { user: user.clone(), password: read_password_file(file)? })
            }
            _ => Ok(Source::Handed),
        }
    }

    fn settings(&self) -> Result<Settings, String> {
        if !(self.drive_every > 0.0 && self.drive_every.is_finite()) {
            return Err(format!("--drive-every {} must be a positive number", self.drive_every));
        }
        Ok(Settings {
            every: Duration::from_secs_f64(self.drive_every),
            lease_ms: (self.lease.max(1) * 1000) as i64,
            keep_alive: Duration::from_secs(self.keep_alive.max(1)),
        })
    }
}

/// The result-code catalogue the driver reads answers with: the deployment's
/// (`result-codes.json` beside the console) when served, the built-in one otherwise.
fn catalogue(dist: Option<&Path>) -> Result<Catalogue, String> {
    let Some(file) = dist.map(|d| d.join("result-codes.json")).filter(|f| f.is_file()) else {
        return Ok(Catalogue::builtin());
    };
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    Catalogue::parse(&text).map_err(|e| format!("{}: {e}", file.display()))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "console_server=info,mwcloud_console=info".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Backup { file, record }) => backup(&file, &record).await,
        None => serve(cli.serve).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mwcloud-console: {error}");
            ExitCode::from(1)
        }
    }
}

async fn open_record(record: &Record) -> Result<(Store, String), String> {
    match &record.database {
        Some(url) => {
            let store = Store::open(url).await.map_err(|e| e.to_string())?;
            Ok((store, "PostgreSQL".into()))
        }
        None => {
            std::fs::create_dir_all(&record.data).map_err(|e| {
                format!("cannot make the record's folder {}: {e}", record.data.display())
            })?;
            let store = Store::open_sqlite_in(&record.data).await.map_err(|e| e.to_string())?;
            Ok((store, format!("SQLite, {}", record.data.join(SQLITE_FILE).display())))
        }
    }
}

async fn backup(file: &Path, record: &Record) -> Result<(), String> {
    let (store, what) = open_record(record).await?;
    store.backup_to(file).await.map_err(|e| e.to_string())?;
    store.close().await;
    println!("The record ({what}) was copied to {}", file.display());
    Ok(())
}

async fn serve(serve: Serve) -> Result<(), String> {
    let Some(cloud_url) = serve.cloud.as_deref() else {
        return Err("--cloud URL is needed: the Magewell Cloud to stand in front of".into());
    };
    if let Some(dist) = &serve.dist
        && !dist.join("index.html").is_file()
    {
        return Err(format!("{} has no index.html (build the console first)", dist.display()));
    }
    let trust = match (&serve.cloud_ca, serve.cloud_insecure) {
        (Some(file), _) => Trust::Ca(file.clone()),
        (None, true) => Trust::Insecure,
        (None, false) => Trust::System,
    };
    let timeouts = Timeouts {
        answer: Duration::from_secs(serve.cloud_timeout),
        upload: Duration::from_secs(serve.upload_timeout),
        ..Timeouts::default()
    };
    let cloud = Arc::new(Cloud::new(cloud_url, &trust, timeouts)?);
    let clock = serve.driver.clock()?;
    let settings = serve.driver.settings()?;
    let session = Session::new(serve.driver.source()?);
    let calls = Calls::new(cloud.clone(), catalogue(serve.dist.as_deref())?);
    let (store, what) = open_record(&serve.record).await?;
    let tls = match (&serve.tls_cert, &serve.tls_key) {
        (Some(cert), Some(key)) => Some(tls_config(cert, key)?),
        _ => None,
    };
    let shared = Arc::new(Shared::new(session).with_clock(clock));
    let sends_as = shared.session.sends_as();
    let mut driver = Driver::new(store.clone(), calls, shared.clone(), clock, settings);
    if let Some(url) = &serve.driver.webhook {
        let timeout = Duration::from_secs(serve.driver.webhook_timeout.max(1));
        driver = driver.with_webhook(Webhook::new(url, timeout, Duration::from_secs(2))?);
    }
    let app = router(App::with_driver(cloud, store.clone(), shared), serve.dist.as_deref());
    let handle = axum_server::Handle::new();
    let (stopping, stop) = tokio::sync::watch::channel(false);
    tokio::spawn(stop_on_signal(handle.clone(), stopping));
    let driving = tokio::spawn(driver.run(async move {
        let mut stop = stop;
        let _ = stop.wait_for(|stopped| *stopped).await;
    }));
    let scheme = if tls.is_some() { "https" } else { "http" };
    let listener = std::net::TcpListener::bind(serve.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", serve.listen))?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("mwcloud-console listening on {scheme}://{addr}/");
    println!(
        "  Magewell Cloud: {cloud_url}{}",
        match trust {
            Trust::Insecure => " (certificates NOT checked: --cloud-insecure)",
            _ => "",
        }
    );
    println!(
        "  waits {} s for a call's answer, {} s for an upload's",
        serve.cloud_timeout, serve.upload_timeout
    );
    println!("  record: {what}");
    println!("  campaigns are driven here, sent with {sends_as}");
    if let Some(url) = &serve.driver.webhook {
        println!("  halts, ends and waits are notified to {url}");
    }
    if clock.speed() != 1.0 || serve.driver.clock_start.is_some() {
        println!("  clock (for tests): starts {}, {}× real time", clock.now_ms(), clock.speed());
    }
    match &serve.dist {
        Some(_) => println!("  console: open {scheme}://{addr}/ in a browser"),
        None => println!("  no --dist: the console is not served (API and record only)"),
    }
    let served = console_server::app::serve(listener, app, tls, handle).await;
    // The driver ends its cycle and gives its lease up before the record closes.
    let _ = tokio::time::timeout(Duration::from_secs(30), driving).await;
    store.close().await;
    served.map_err(|e| format!("the service stopped: {e}"))
}

/// Ctrl-C or SIGTERM (systemd's stop): stop taking connections, let requests in flight
/// finish (30 s at most).
async fn stop_on_signal(handle: axum_server::Handle, stopping: tokio::sync::watch::Sender<bool>) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("stopping: finishing the requests in flight");
    let _ = stopping.send(true);
    handle.graceful_shutdown(Some(Duration::from_secs(30)));
}
