//! A campaign at a glance: its models and hardware (rows) × its waves (columns), each cell
//! what that call became, the failing rows marked — for the campaign page's matrix.

use std::collections::HashMap;

use super::{CallState, Campaign, CampaignState};
use crate::domain::batch::LeftOut;
use crate::domain::run::{Run, StartRecord};

/// What one call of one wave became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// The key has no devices in this wave.
    Empty,
    Waiting,
    /// Never made: the campaign was aborted first.
    NotSent,
    UnderWay,
    Verified,
    /// Ended with devices failed, timed out or lost (or the call refused).
    NotVerified,
    /// Nothing was left to send when the wave came (or the devices moved on).
    NothingSent,
    /// Left out by the administrator after the key failed.
    LeftOut,
    /// Its run was deleted from this browser.
    Deleted,
}

impl CellState {
    /// Its class in the page (the colour) and value in tests.
    pub fn key(self) -> &'static str {
        match self {
            CellState::Empty => "empty",
            CellState::Waiting => "waiting",
            CellState::NotSent => "not-sent",
            CellState::UnderWay => "under-way",
            CellState::Verified => "verified",
            CellState::NotVerified => "not-verified",
            CellState::NothingSent => "nothing-sent",
            CellState::LeftOut => "left-out",
            CellState::Deleted => "deleted",
        }
    }

    /// Its words (a sign and words: readable without colour).
    pub fn label(self) -> &'static str {
        match self {
            CellState::Empty => "—",
            CellState::Waiting => "◦ waiting",
            CellState::NotSent => "– not sent",
            CellState::UnderWay => "↻ under way",
            CellState::Verified => "✓ verified",
            CellState::NotVerified => "✕ not all verified",
            CellState::NothingSent => "– nothing to send",
            CellState::LeftOut => "– left out",
            CellState::Deleted => "? run deleted",
        }
    }
}

/// One cell: its state, the run the call became, how many devices, and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub state: CellState,
    pub run: Option<u64>,
    pub devices: usize,
    /// The run's counts that are not zero, or what the devices were left out for.
    pub counts: String,
}

/// One model and hardware across the waves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
    /// It did not verify in the wave the campaign is halted after, and is not left out:
    /// the same models the halt notice names.
    pub failing: bool,
    /// A call of it ended with devices not verified (whatever the campaign did next).
    pub not_all_verified: bool,
    /// The administrator left it out after it failed.
    pub left_out: bool,
}

impl Campaign {
    /// The matrix: a row per key, a cell per wave.
    pub fn matrix(&self, runs: &HashMap<u64, &Run>) -> Vec<Row> {
        let open = matches!(self.state, CampaignState::Running | CampaignState::Halted { .. });
        let failing: Vec<usize> =
            self.failing_keys().into_iter().filter(|f| !f.left_out).map(|f| f.key).collect();
        (0..self.keys.len())
            .map(|key| {
                let cells: Vec<Cell> = self
                    .waves
                    .iter()
                    .map(|wave| match wave.calls.iter().find(|c| c.key == key) {
                        None => cell(CellState::Empty, 0, String::new()),
                        Some(call) => match &call.state {
                            CallState::Pending if open => {
                                cell(CellState::Waiting, call.sns.len(), String::new())
                            }
                            CallState::Pending => {
                                cell(CellState::NotSent, call.sns.len(), String::new())
                            }
                            CallState::NothingToSend(left) => {
                                let stopped =
                                    left.iter().any(|(_, why)| *why == LeftOut::ModelStopped);
                                let state = if stopped {
                                    CellState::LeftOut
                                } else {
                                    CellState::NothingSent
                                };
                                let why = left
                                    .first()
                                    .map(|(_, why)| why.to_string())
                                    .unwrap_or_else(|| "moved to a later wave".into());
                                cell(state, left.len(), why)
                            }
                            CallState::Run(id) => run_cell(*id, runs.get(id).copied()),
                        },
                    })
                    .collect();
                let not_all_verified = cells.iter().any(|c| c.state == CellState::NotVerified);
                Row {
                    label: self.keys[key].label.clone(),
                    cells,
                    failing: failing.contains(&key),
                    not_all_verified,
                    left_out: self.stopped_keys.contains(&key),
                }
            })
            .collect()
    }

    /// Each wave's stage — the one source for the matrix's column heads and the cells under
    /// them: what is happening now, from the wave's own record (started, passed,
    /// acknowledged) and the campaign's state, never from a tally of its cells.
    pub fn wave_stages(&self, runs: &HashMap<u64, &Run>) -> Vec<WaveStage> {
        let current = self.current_wave();
        (0..self.waves.len())
            .map(|w| {
                let wave = &self.waves[w];
                let active = wave.calls.iter().any(|c| {
                    matches!(c.state, CallState::Run(id) if runs.get(&id).is_some_and(|r| r.is_active()))
                });
                let pending = wave.calls.iter().any(|c| c.state == CallState::Pending);
                match &self.state {
                    CampaignState::Halted { wave: at, .. } if *at == w => WaveStage::HaltedHere,
                    _ if active => WaveStage::UnderWay,
                    _ if wave.passed_at.is_some() => {
                        WaveStage::Ended { acknowledged: wave.acknowledged }
                    }
                    CampaignState::Running if Some(w) == current => self.holding().unwrap_or(
                        if wave.started_at.is_some() { WaveStage::UnderWay } else { WaveStage::Next },
                    ),
                    CampaignState::Running | CampaignState::Halted { .. } => WaveStage::Waiting,
                    CampaignState::Aborted { .. } | CampaignState::Finished { .. } => {
                        if !wave.calls.iter().any(|c| matches!(c.state, CallState::Run(_))) {
                            WaveStage::NotSent
                        } else if pending {
                            WaveStage::PartlySent
                        } else {
                            WaveStage::Ended { acknowledged: wave.acknowledged }
                        }
                    }
                }
            })
            .collect()
    }
}

impl Campaign {
    /// What holds the current wave of a running campaign back, if anything: its schedule
    /// or the pause after the wave before it.
    pub(super) fn holding(&self) -> Option<WaveStage> {
        match &self.waiting {
            Some(waiting) if waiting.window.is_some() || waiting.opens_at.is_none() => {
                Some(WaveStage::WaitsForWindow)
            }
            Some(_) => Some(WaveStage::WaitsForStart),
            None => self.pausing().map(|_| WaveStage::Pause),
        }
    }
}

/// Where one wave stands (see [`Campaign::wave_stages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaveStage {
    /// A later wave of a campaign still running or halted.
    Waiting,
    /// The wave the gate sends next, at its next reading.
    Next,
    /// The wave waiting out the pause after the one before it passed.
    Pause,
    /// Waiting for one of the campaign's maintenance windows.
    WaitsForWindow,
    /// Waiting for the campaign's start.
    WaitsForStart,
    UnderWay,
    HaltedHere,
    /// Every device ended and the wave passed (within its threshold, or acknowledged).
    Ended {
        acknowledged: bool,
    },
    /// Stopped by an abort or the campaign's end before any of its calls was made.
    NotSent,
    /// Stopped by an abort or the campaign's end with some of its calls made.
    PartlySent,
}

impl WaveStage {
    /// Its words, under the wave's name.
    pub fn text(self) -> &'static str {
        match self {
            WaveStage::Waiting => "waiting",
            WaveStage::Next => "goes next",
            WaveStage::Pause => "waiting: pause",
            WaveStage::WaitsForWindow => "waiting for its window",
            WaveStage::WaitsForStart => "waiting for the start",
            WaveStage::UnderWay => "under way",
            WaveStage::HaltedHere => "halted here",
            WaveStage::Ended { acknowledged: false } => "ended",
            WaveStage::Ended { acknowledged: true } => "ended, failures acknowledged",
            WaveStage::NotSent => "not sent (aborted)",
            WaveStage::PartlySent => "partly sent (aborted)",
        }
    }
}

fn cell(state: CellState, devices: usize, counts: String) -> Cell {
    Cell { state, run: None, devices, counts }
}

fn run_cell(id: u64, run: Option<&Run>) -> Cell {
    let Some(run) = run else {
        return Cell {
            state: CellState::Deleted,
            run: Some(id),
            devices: 0,
            counts: String::new(),
        };
    };
    let counts = run.counts();
    let state = if matches!(run.start, StartRecord::Refused { .. })
        || counts.failed + counts.timed_out + counts.lost > 0
    {
        CellState::NotVerified
    } else if run.is_active() {
        CellState::UnderWay
    } else {
        CellState::Verified
    };
    Cell { state, run: Some(id), devices: run.sent.len(), counts: counts.compact() }
}
