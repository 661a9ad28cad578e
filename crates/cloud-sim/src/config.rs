//! What shapes a simulation: the fleet, upgrade timing, sessions and limits, and how a
//! call without a session is answered. Read by every layer; depends on none.

use std::time::Duration;

/// Settings that shape the simulation.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub devices: usize,
    pub seed: u64,
    pub upgrade_duration: Duration,
    pub session_ttl: Duration,
    /// Largest firmware file `uploadFirmware` accepts.
    pub max_firmware_bytes: usize,
    /// Make every device of this model (product id), for very large batches.
    pub only_model: Option<i64>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            devices: 60,
            seed: 1,
            upgrade_duration: Duration::from_secs(20),
            session_ttl: Duration::from_secs(30 * 60),
            max_firmware_bytes: 64 * 1024 * 1024,
            only_model: None,
        }
    }
}

/// How a call without a valid session is answered. The contract leaves it open, so the
/// console must handle both; the simulator can play either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SessionErrorStyle {
    /// HTTP 200 with `{"result": -9001}`.
    #[default]
    Result,
    /// HTTP 401 with `{"result": -9001}`.
    Http401,
}
