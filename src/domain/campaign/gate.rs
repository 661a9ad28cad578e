//! The wave gate: what a campaign does next, from the runs of its calls and the fleet as
//! last polled. A wave starts only when every device of the one before has ended and the
//! share not verified is within its threshold; otherwise the campaign halts and waits for
//! the administrator. A call, once given a run, is never made again.

use crate::domain::text;
use std::collections::HashMap;

use super::{CallState, Campaign, CampaignState, Deferred, devices};
use crate::domain::batch::{BatchPlan, LeftOut, OnAirRule, PlanError, held_for_air};
use crate::domain::call::wave_name;
use crate::domain::call::{NotFollowed, describe};
use crate::domain::codes::Catalogue;
use crate::domain::device::FleetDevice;
use crate::domain::run::Run;
use crate::domain::text::capitalised;

use super::schedule::Timing;

/// What the campaign asks of the console now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing to do until the next poll (a wave under way, a pause, halted, ended).
    Wait,
    /// Make the pending calls of this wave: [`Campaign::prepare`], then send each.
    Send(usize),
    /// The campaign just halted after this wave.
    Halted(usize),
    /// The campaign just finished.
    Finished,
    /// Its end date passed before every wave was sent: no further waves.
    Ended,
}

/// One call ready to go: its place in the campaign, and the plan to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveCallPlan {
    pub wave: usize,
    pub call: usize,
    pub plan: BatchPlan,
}

/// How a wave ended: devices named in its calls, and those that did not verify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WaveResult {
    pub sent: usize,
    pub not_verified: Vec<(String, String)>,
    /// Every device has reached an end (or was never started).
    pub ended: bool,
}

impl Campaign {
    /// Moves the campaign on as far as it can go now: passes ended waves within their
    /// threshold, halts at one beyond it, finishes after the last. Returns what to do.
    /// A scheduled campaign never moves here: only the service, which has the calendar
    /// (`schedule::zone`), knows when its windows are open.
    pub fn step(&mut self, runs: &HashMap<u64, &Run>, catalogue: &Catalogue, now: i64) -> Step {
        if !self.schedule.is_empty() {
            return Step::Wait;
        }
        self.step_within(runs, catalogue, now, &Timing::ALWAYS)
    }

    /// [`Campaign::step`] keeping to the campaign's schedule as `timing` says it stands now:
    /// a wave is sent only when it is open; one under way is followed to its end whatever
    /// it says; once its end has passed, no further wave goes.
    pub fn step_within(
        &mut self,
        runs: &HashMap<u64, &Run>,
        catalogue: &Catalogue,
        now: i64,
        timing: &Timing,
    ) -> Step {
        loop {
            if !self.is_running() {
                return Step::Wait;
            }
            let Some(wave) = self.current_wave() else {
                self.state = CampaignState::Finished { at: now };
                self.note(now, "Finished: every wave has ended.".into());
                return Step::Finished;
            };
            if self.waves[wave].calls.iter().any(|c| c.state == CallState::Pending) {
                let pause_over = wave == 0
                    || self.waves[wave - 1].passed_at.is_none_or(|passed| {
                        now >= passed + i64::from(self.settings.pause_secs) * 1000
                    });
                return if pause_over { self.keep_to(wave, timing, now) } else { Step::Wait };
            }
            let result = self.wave_result(wave, runs, catalogue);
            if !result.ended {
                return Step::Wait;
            }
            let tolerated = self.settings.tolerated(wave, result.sent);
            let beyond = result.not_verified.len() > tolerated;
            if beyond && !self.waves[wave].acknowledged {
                self.note(
                    now,
                    format!(
                        "Halted after {}: {} of {} did not verify (it halts when more than {tolerated} do not).",
                        wave_name(wave),
                        result.not_verified.len(),
                        devices(result.sent)
                    ),
                );
                self.state = CampaignState::Halted { wave, failures: result.not_verified };
                return Step::Halted(wave);
            }
            self.waves[wave].passed_at = Some(now);
            let verified = result.sent - result.not_verified.len();
            self.note(
                now,
                format!(
                    "{} ended: {verified} of {} verified.",
                    capitalised(&wave_name(wave)),
                    devices(result.sent)
                ),
            );
        }
    }

    /// Whether wave `wave`, ready to go, goes now: inside a window, or waiting (said once
    /// per window waited for), or never (its end passed).
    fn keep_to(&mut self, wave: usize, timing: &Timing, now: i64) -> Step {
        let name = capitalised(&wave_name(wave));
        match timing {
            Timing::Open { window, .. } => {
                if self.waiting.take().is_some()
                    && let Some(w) = window.and_then(|w| self.schedule.windows.get(w))
                {
                    let text = format!("{name} may go: inside {}.", w.text_with_zone());
                    self.note(now, text);
                }
                Step::Send(wave)
            }
            Timing::Closed(waiting) => {
                if self.waiting.as_ref() != Some(waiting) {
                    let said = match waiting.window.and_then(|w| self.schedule.windows.get(w)) {
                        _ if waiting.opens_at.is_none() => {
                            format!("{name} waits: no window opens before the campaign's end.")
                        }
                        Some(w) => format!("{name} waits for the window: {}.", w.text_with_zone()),
                        None => format!("{name} waits for the campaign's start."),
                    };
                    let changed_window =
                        self.waiting.as_ref().is_none_or(|w| w.window != waiting.window);
                    self.waiting = Some(waiting.clone());
                    if changed_window {
                        self.note(now, said);
                    } else {
                        self.updated_at = now;
                    }
                }
                Step::Wait
            }
            Timing::Over { .. } => {
                let unsent: Vec<String> = (wave..self.waves.len()).map(wave_name).collect();
                self.waiting = None;
                self.state = CampaignState::Aborted { at: now };
                self.note(
                    now,
                    format!(
                        "Ended: its end date passed before {} went; nothing more is sent.",
                        unsent.join(", ")
                    ),
                );
                Step::Ended
            }
        }
    }

    /// How wave `wave` stands, from the runs of its calls.
    pub fn wave_result(
        &self,
        wave: usize,
        runs: &HashMap<u64, &Run>,
        catalogue: &Catalogue,
    ) -> WaveResult {
        let mut result = WaveResult { ended: true, ..WaveResult::default() };
        for call in &self.waves[wave].calls {
            match &call.state {
                CallState::Pending => result.ended = false,
                CallState::NothingToSend(_) => {}
                CallState::Run(id) => match runs.get(id) {
                    None => {
                        result.sent += call.sns.len();
                        result.not_verified.extend(
                            call.sns
                                .iter()
                                .map(|sn| (sn.clone(), "its run was deleted".to_string())),
                        );
                    }
                    Some(run) => {
                        // A run stopped by hand counts its unfinished devices as ended.
                        result.ended &= !run.is_active();
                        result.sent += run.sent.len();
                        for track in &run.devices {
                            if track.state.is_unsuccessful() {
                                result
                                    .not_verified
                                    .push((track.sn.clone(), describe(&track.state, catalogue)));
                            } else if !track.state.is_final() {
                                result
                                    .not_verified
                                    .push((track.sn.clone(), "no longer followed".into()));
                            }
                        }
                        for left in &run.left_out {
                            if matches!(
                                left.reason,
                                NotFollowed::Refused(_) | NotFollowed::CallRefused
                            ) {
                                result
                                    .not_verified
                                    .push((left.sn.clone(), left.reason.describe(catalogue)));
                            }
                        }
                    }
                },
            }
        }
        if !result.ended {
            result.not_verified.clear();
        }
        result
    }

    /// Makes wave `wave`'s pending calls ready, from the fleet as last polled: a device
    /// that went on air since planning (and on-air devices were not included) moves to
    /// the same key's call in the next wave, or is left out after the last; a call left
    /// with nothing to send says why. Returns the plans to send, each one key.
    pub fn prepare<'a>(
        &mut self,
        wave: usize,
        find: impl Fn(&str) -> Option<&'a FleetDevice>,
        now: i64,
    ) -> Vec<WaveCallPlan> {
        let rule = OnAirRule::of(self.include_on_air);
        let mut plans = Vec::new();
        for call_index in 0..self.waves[wave].calls.len() {
            if self.waves[wave].calls[call_index].state != CallState::Pending {
                continue;
            }
            let key = self.waves[wave].calls[call_index].key;
            if rule == OnAirRule::LeaveOut {
                self.defer_on_air(wave, call_index, &find, now);
            }
            let call = &self.waves[wave].calls[call_index];
            if call.sns.is_empty() {
                self.waves[wave].calls[call_index].state = CallState::NothingToSend(Vec::new());
                continue;
            }
            let planned = match &self.keys[key].firmware {
                Some(firmware) => BatchPlan::for_key(
                    &self.keys[key].key,
                    call.sns.iter().map(String::as_str),
                    &find,
                    firmware,
                    rule,
                ),
                None => Err(PlanError::FirmwareDoesNotFit),
            };
            let state = match planned {
                Ok(plan) => {
                    plans.push(WaveCallPlan { wave, call: call_index, plan });
                    continue;
                }
                Err(PlanError::NothingToSend { left_out }) => CallState::NothingToSend(left_out),
                // No firmware for the key (or, which cannot happen as the target was chosen
                // for it, one that does not fit): nothing is sent.
                Err(_) => CallState::NothingToSend(
                    call.sns.iter().map(|sn| (sn.clone(), LeftOut::NoFirmware)).collect(),
                ),
            };
            self.waves[wave].calls[call_index].state = state;
        }
        if self.waves[wave].started_at.is_none() {
            self.waves[wave].started_at = Some(now);
            let count: usize = plans.iter().map(|p| p.plan.included.len()).sum();
            self.note(
                now,
                format!(
                    "{} started: {} in {}.",
                    capitalised(&wave_name(wave)),
                    devices(count),
                    text::count(plans.len(), "call", "calls")
                ),
            );
        }
        plans
    }

    /// Moves the on-air devices of one pending call — and those whose on-air state the
    /// Cloud no longer reports — to the next wave (or leaves them out).
    fn defer_on_air<'a>(
        &mut self,
        wave: usize,
        call_index: usize,
        find: &impl Fn(&str) -> Option<&'a FleetDevice>,
        now: i64,
    ) {
        let call = &mut self.waves[wave].calls[call_index];
        let key = call.key;
        let (on_air, stay): (Vec<String>, Vec<String>) = std::mem::take(&mut call.sns)
            .into_iter()
            .partition(|sn| find(sn).is_some_and(|d| held_for_air(d).is_some()));
        call.sns = stay;
        let why = |sn: &str| find(sn).and_then(held_for_air).unwrap_or(LeftOut::OnAir);
        if on_air.is_empty() {
            return;
        }
        let to = (wave + 1 < self.waves.len()).then_some(wave + 1);
        match to {
            Some(next) => {
                let calls = &mut self.waves[next].calls;
                let position = match calls.iter().position(|c| c.key == key) {
                    Some(position) => position,
                    None => {
                        calls.push(super::WaveCall {
                            key,
                            sns: Vec::new(),
                            state: CallState::Pending,
                        });
                        calls.len() - 1
                    }
                };
                calls[position].sns.extend(on_air.iter().cloned());
                crate::domain::order::sort(&mut calls[position].sns, &|a, b| a.cmp(b));
            }
            None => self.left_out.extend(on_air.iter().map(|sn| (key, sn.clone(), why(sn)))),
        }
        let (unknown, live): (Vec<&String>, Vec<&String>) =
            on_air.iter().partition(|sn| why(sn) == LeftOut::OnAirUnknown);
        let join = |sns: &[&String]| sns.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        let mut what = Vec::new();
        if !live.is_empty() {
            what.push(format!("{} went on air", join(&live)));
        }
        if !unknown.is_empty() {
            what.push(format!("the Cloud did not report whether {} on air", {
                let verb = if unknown.len() == 1 { "is" } else { "are" };
                format!("{} {verb}", join(&unknown))
            }));
        }
        let what = capitalised(&what.join("; "));
        let text = match to {
            Some(next) => {
                format!("{what}: moved from {} to {}.", wave_name(wave), wave_name(next))
            }
            None => format!("{what}: left out (there is no later wave)."),
        };
        self.deferred.extend(on_air.into_iter().map(|sn| Deferred { sn, from: wave, to }));
        self.note(now, text);
    }

    /// Records that call `call` of wave `wave` became run `run` — before it is sent. False
    /// when it was already made: it is then never made again.
    pub fn record_call(&mut self, wave: usize, call: usize, run: u64) -> bool {
        let Some(slot) = self.waves.get_mut(wave).and_then(|w| w.calls.get_mut(call)) else {
            return false;
        };
        if slot.state != CallState::Pending {
            return false;
        }
        slot.state = CallState::Run(run);
        true
    }
}
