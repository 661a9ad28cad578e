//! What the administrator decides about a campaign: after a halt, leave a failing model
//! and hardware out (the others go on), resume everything acknowledging the failures, or
//! abort — each said in the campaign's log with who decided.

use std::collections::HashMap;

use super::{CallState, Campaign, CampaignState};
use crate::domain::batch::LeftOut;
use crate::domain::call::wave_name;
use crate::domain::text::devices;

/// A model and hardware that did not verify in the wave the campaign halted after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingKey {
    /// Index into [`Campaign::keys`].
    pub key: usize,
    pub label: String,
    /// Its devices that did not verify: (serial number, why).
    pub failures: Vec<(String, String)>,
    /// Its devices in later waves, not sent yet.
    pub still_to_send: usize,
    /// The administrator left it out already.
    pub left_out: bool,
}

impl Campaign {
    /// The models and hardware that did not verify in the halted wave, in plan order
    /// (none unless halted).
    pub fn failing_keys(&self) -> Vec<FailingKey> {
        let CampaignState::Halted { wave, failures } = &self.state else {
            return Vec::new();
        };
        let key_of: HashMap<&str, usize> = self.waves[*wave]
            .calls
            .iter()
            .flat_map(|call| call.sns.iter().map(move |sn| (sn.as_str(), call.key)))
            .collect();
        let mut by_key: Vec<FailingKey> = Vec::new();
        for (sn, why) in failures {
            let Some(&key) = key_of.get(sn.as_str()) else { continue };
            let at = match by_key.iter().position(|f| f.key == key) {
                Some(at) => at,
                None => {
                    by_key.push(FailingKey {
                        key,
                        label: self.keys[key].label.clone(),
                        failures: Vec::new(),
                        still_to_send: self.still_to_send(key, *wave),
                        left_out: self.stopped_keys.contains(&key),
                    });
                    by_key.len() - 1
                }
            };
            by_key[at].failures.push((sn.clone(), why.clone()));
        }
        by_key.sort_by_key(|f| f.key);
        by_key
    }

    /// Devices of `key` in the pending calls of the waves after `wave`.
    fn still_to_send(&self, key: usize, wave: usize) -> usize {
        self.waves[wave + 1..]
            .iter()
            .flat_map(|w| &w.calls)
            .filter(|c| c.key == key && c.state == CallState::Pending)
            .map(|c| c.sns.len())
            .sum()
    }

    /// Leaves model and hardware `key` out of every later wave while halted: its calls are
    /// never made, its devices left out saying why. Once every failing key of the halted
    /// wave is out, the campaign goes on with the others. False when not halted or the key
    /// is not one that failed.
    pub fn leave_out_key(&mut self, key: usize, user: Option<&str>, now: i64) -> bool {
        let CampaignState::Halted { wave, .. } = &self.state else {
            return false;
        };
        let wave = *wave;
        let failing = self.failing_keys();
        if !failing.iter().any(|f| f.key == key && !f.left_out) {
            return false;
        }
        let mut not_sent = 0;
        for later in &mut self.waves[wave + 1..] {
            for call in later.calls.iter_mut().filter(|c| c.key == key) {
                if call.state == CallState::Pending {
                    not_sent += call.sns.len();
                    call.state = CallState::NothingToSend(
                        call.sns.iter().map(|sn| (sn.clone(), LeftOut::ModelStopped)).collect(),
                    );
                }
            }
        }
        self.stopped_keys.push(key);
        let who = user.unwrap_or("the administrator");
        self.note(
            now,
            format!(
                "{} left out by {who} after {}: {} not sent.",
                self.keys[key].label,
                wave_name(wave),
                devices(not_sent)
            ),
        );
        let rest_failing = failing.iter().any(|f| f.key != key && !f.left_out);
        if !rest_failing {
            self.pass_acknowledged(wave, now);
            self.note(now, "Resumed with the other models: their next wave goes out.".into());
        }
        true
    }

    /// The administrator read why the campaign halted and goes on: the halted wave counts
    /// as passed.
    pub fn resume(&mut self, user: Option<&str>, now: i64) -> bool {
        let CampaignState::Halted { wave, failures } = &self.state else {
            return false;
        };
        let (wave, count) = (*wave, failures.len());
        self.pass_acknowledged(wave, now);
        self.note(
            now,
            format!(
                "Resumed by {}, acknowledging {} not verified in {}.",
                user.unwrap_or("the administrator"),
                devices(count),
                wave_name(wave)
            ),
        );
        true
    }

    /// The halted wave passes now, its failures acknowledged: the halt already said how it
    /// ended, so the gate does not say it again after the resume.
    fn pass_acknowledged(&mut self, wave: usize, now: i64) {
        self.waves[wave].acknowledged = true;
        self.waves[wave].passed_at = Some(now);
        self.state = CampaignState::Running;
    }

    /// No further waves. Calls already made go on (the Cloud has no cancel) and are
    /// still followed.
    pub fn abort(&mut self, user: Option<&str>, now: i64) -> bool {
        if !matches!(self.state, CampaignState::Running | CampaignState::Halted { .. }) {
            return false;
        }
        self.state = CampaignState::Aborted { at: now };
        self.note(
            now,
            format!(
                "Aborted by {}: no further waves. Upgrades already started go on and are followed.",
                user.unwrap_or("the administrator")
            ),
        );
        true
    }
}
