//! `cloud-sim`: serves the simulated Magewell Cloud (and, with `--dist`, the console).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cloud_sim::config::SessionErrorStyle;
use cloud_sim::config::SimConfig;
use cloud_sim::http::{AppState, router};
use cloud_sim::sessions::{Role, USERS};

/// A local Magewell Cloud for demos and tests.
#[derive(Debug, Parser)]
#[command(name = "cloud-sim", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Number of devices in the fleet.
    #[arg(long, default_value_t = 60)]
    devices: usize,
    /// Seed of the fleet: the same seed gives the same fleet.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Serve the built console from this folder at `/`, same origin as the API.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seconds one simulated upgrade takes, push to reboot.
    #[arg(long, default_value_t = 20.0)]
    upgrade_secs: f64,
    /// Seconds a session lives after its last use.
    #[arg(long, default_value_t = 1800)]
    session_ttl: u64,
    /// Largest firmware file accepted by uploadFirmware, in MiB.
    #[arg(long, default_value_t = 64)]
    max_firmware_mb: usize,
    /// Make every device of this model (product id, e.g. 771), for very large batches.
    #[arg(long)]
    model: Option<i64>,
    /// How calls without a valid session are answered.
    #[arg(long, value_enum, default_value_t = SessionErrorStyle::Result)]
    session_error: SessionErrorStyle,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "cloud_sim=info".into()),
        )
        .with_target(false)
        .init();
    let args = Args::parse();
    let Ok(upgrade_duration) = Duration::try_from_secs_f64(args.upgrade_secs) else {
        eprintln!("cloud-sim: --upgrade-secs must be a non-negative number of seconds");
        return ExitCode::from(2);
    };
    if args.model.is_some_and(|m| cloud_sim::product_line::model(m).is_none()) {
        eprintln!("cloud-sim: --model must be a simulated product id (770, 771, 800, …)");
        return ExitCode::from(2);
    }
    if let Some(dist) = &args.dist
        && !dist.join("index.html").is_file()
    {
        eprintln!("cloud-sim: {} has no index.html (build the console first)", dist.display());
        return ExitCode::from(2);
    }
    let config = SimConfig {
        devices: args.devices,
        seed: args.seed,
        upgrade_duration,
        session_ttl: Duration::from_secs(args.session_ttl),
        max_firmware_bytes: args.max_firmware_mb * 1024 * 1024,
        only_model: args.model,
    };
    return_large_replies_to_the_system();
    let state = AppState::new(&config, args.session_error);
    let app = router(state, args.dist.as_deref());
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cloud-sim: cannot listen on {}: {error}", args.addr);
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(args.addr);
    println!("Magewell Cloud simulator listening on http://{addr}/");
    println!(
        "  {} devices (seed {}), upgrades take {}s",
        config.devices, config.seed, args.upgrade_secs
    );
    if args.dist.is_some() {
        println!("  console: open http://{addr}/ in a browser");
    } else {
        println!("  API only (no --dist): the console is served by whatever stands in front");
    }
    for user in &USERS {
        let role = match user.role {
            Role::Administrator => "administrator",
            Role::Operator => "operator",
        };
        println!("  demo log-in: {} / {} ({role})", user.name, user.password);
    }
    if let Err(error) = cloud_sim::http::serve::serve(listener, app).await {
        eprintln!("cloud-sim: server stopped: {error}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// A `get-devs` reply of 10,000 devices is a 4 MB buffer. glibc serves such a buffer from
/// its heap once the first one was freed (its mmap threshold rises to the largest size
/// freed), and a burst of 500 concurrent reads left ~440 MB held for good. A fixed 1 MiB
/// threshold keeps every large reply in its own mapping, returned when the reply is sent
/// (measured: 440 MB → 28 MB after the same burst).
fn return_large_replies_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts
    // allocating replies.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
