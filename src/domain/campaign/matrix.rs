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
    /// A call of it did not verify (it halted the campaign, or would have).
    pub failing: bool,
    /// The administrator left it out after it failed.
    pub left_out: bool,
}

impl Campaign {
    /// The matrix: a row per key, a cell per wave.
    pub fn matrix(&self, runs: &HashMap<u64, &Run>) -> Vec<Row> {
        let open = matches!(self.state, CampaignState::Running | CampaignState::Halted { .. });
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
                let failing = cells.iter().any(|c| c.state == CellState::NotVerified);
                Row {
                    label: self.keys[key].label.clone(),
                    cells,
                    failing,
                    left_out: self.stopped_keys.contains(&key),
                }
            })
            .collect()
    }

    /// Each wave's state in words, for the matrix's column heads (`matrix`: this campaign's
    /// [`Campaign::matrix`]): what is happening now, so an aborted campaign never reads
    /// "under way" with nothing in progress.
    pub fn wave_states(&self, matrix: &[Row], runs: &HashMap<u64, &Run>) -> Vec<&'static str> {
        (0..self.waves.len())
            .map(|w| {
                let states: Vec<CellState> = matrix
                    .iter()
                    .map(|row| row.cells[w].state)
                    .filter(|s| *s != CellState::Empty)
                    .collect();
                let all = |s: CellState| !states.is_empty() && states.iter().all(|x| *x == s);
                if matches!(self.state, CampaignState::Halted { wave, .. } if wave == w) {
                    "halted here"
                } else if self.waves[w].calls.iter().any(|c| {
                    matches!(c.state, CallState::Run(id) if runs.get(&id).is_some_and(|r| r.is_active()))
                }) {
                    "under way"
                } else if all(CellState::Waiting) {
                    "waiting"
                } else if all(CellState::NotSent) {
                    "not sent (aborted)"
                } else if self.waves[w].acknowledged {
                    "ended, failures acknowledged"
                } else {
                    "ended"
                }
            })
            .collect()
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
