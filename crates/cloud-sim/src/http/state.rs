//! What every handler shares: the simulated Cloud, the fault in force, how session errors
//! are answered, and the count of requests by path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::faults::Faults;
use crate::clock::Clock;
use crate::cloud::Sim;
use crate::config::{SessionErrorStyle, SimConfig};

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub sim: Arc<Mutex<Sim>>,
    pub faults: Arc<Mutex<Faults>>,
    pub session_error: SessionErrorStyle,
    /// Requests received, by path (so tests can check a call was made exactly once).
    pub requests: Arc<Mutex<HashMap<String, u64>>>,
}

impl AppState {
    pub fn new(config: &SimConfig, session_error: SessionErrorStyle) -> Self {
        AppState {
            sim: Arc::new(Mutex::new(Sim::new(config, Clock::system()))),
            faults: Arc::new(Mutex::new(Faults::default())),
            session_error,
            requests: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// How many requests for `path` arrived so far.
    pub fn requests_for(&self, path: &str) -> u64 {
        let requests = self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        requests.get(path).copied().unwrap_or(0)
    }

    /// The simulation, even if a handler panicked while holding it (state stays usable).
    pub fn sim(&self) -> std::sync::MutexGuard<'_, Sim> {
        self.sim.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
