//! The history page's list: each campaign one line with its calls' runs folded inside,
//! single runs beside them, newest first — narrowed by state, user, model and day, which
//! the page carries as its query string (`?state=halted&user=Admin&model=770&since=…`).

use std::collections::HashMap;

use super::address::{encode, pairs, query_of};
use super::campaign::{Campaign, CampaignCounts, CampaignState, count};
use super::run::{Run, StartRecord};
use super::text::devices;

/// Where a run or campaign stands, as the history's state filter asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineState {
    UnderWay,
    /// A campaign waiting for its administrator after a wave failed.
    Halted,
    /// Ended with devices not verified (failed, timed out, lost, or a call refused).
    NotAllVerified,
    AllVerified,
    /// Aborted, or no longer followed, before its end.
    Stopped,
}

impl LineState {
    pub const ALL: [LineState; 5] = [
        LineState::UnderWay,
        LineState::Halted,
        LineState::NotAllVerified,
        LineState::AllVerified,
        LineState::Stopped,
    ];

    /// Its value in the page's address.
    pub fn key(self) -> &'static str {
        match self {
            LineState::UnderWay => "under-way",
            LineState::Halted => "halted",
            LineState::NotAllVerified => "not-all-verified",
            LineState::AllVerified => "verified",
            LineState::Stopped => "stopped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LineState::UnderWay => "under way",
            LineState::Halted => "halted",
            LineState::NotAllVerified => "ended with devices not verified",
            LineState::AllVerified => "all verified",
            LineState::Stopped => "aborted or no longer followed",
        }
    }

    pub fn of_run(run: &Run) -> LineState {
        let counts = run.counts();
        if matches!(run.start, StartRecord::Refused { .. }) {
            LineState::NotAllVerified
        } else if run.is_active() {
            LineState::UnderWay
        } else if run.stopped_at.is_some() {
            LineState::Stopped
        } else if counts.failed + counts.timed_out + counts.lost > 0 {
            LineState::NotAllVerified
        } else {
            LineState::AllVerified
        }
    }

    pub fn of_campaign(campaign: &Campaign, counts: &CampaignCounts) -> LineState {
        match campaign.state {
            CampaignState::Running => LineState::UnderWay,
            CampaignState::Halted { .. } => LineState::Halted,
            CampaignState::Aborted { .. } => LineState::Stopped,
            CampaignState::Finished { .. } if counts.failed + counts.unknown > 0 => {
                LineState::NotAllVerified
            }
            CampaignState::Finished { .. } => LineState::AllVerified,
        }
    }
}

/// What the history shows: every field `None` shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub standing: Option<LineState>,
    pub user: Option<String>,
    /// A product model id: runs of it, campaigns with a key of it.
    pub model: Option<i64>,
    /// Started on or after this day (`YYYY-MM-DD`, in the browser's time zone).
    pub since: Option<String>,
}

impl HistoryFilter {
    /// Reads the page's query; what it does not know is ignored.
    pub fn parse(query: &str) -> HistoryFilter {
        let mut filter = HistoryFilter::default();
        for (key, value) in pairs(query) {
            match key {
                "state" => filter.standing = LineState::ALL.into_iter().find(|s| s.key() == value),
                "user" if !value.is_empty() => filter.user = Some(value),
                "model" => filter.model = value.parse().ok(),
                "since" if is_day(&value) => filter.since = Some(value),
                _ => {}
            }
        }
        filter
    }

    /// The query string (with its `?`), or nothing when everything is shown.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(standing) = self.standing {
            parts.push(format!("state={}", standing.key()));
        }
        if let Some(user) = &self.user {
            parts.push(format!("user={}", encode(user)));
        }
        if let Some(model) = self.model {
            parts.push(format!("model={model}"));
        }
        if let Some(since) = &self.since {
            parts.push(format!("since={since}"));
        }
        query_of(&parts)
    }

    pub fn is_empty(&self) -> bool {
        *self == HistoryFilter::default()
    }
}

/// `YYYY-MM-DD`, as a date input gives it.
fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Line {
    pub what: Kind,
    pub created_at: i64,
    pub user: String,
    /// "Ultra Stream HDMI (770) A · 1.5.178", or a campaign's devices and models.
    pub scope: String,
    pub standing: LineState,
    /// The run's or campaign's own status words ("running: wave 2", "finished"…).
    pub status: String,
    /// Only the counts that are not zero: "18 verified · 2 failed".
    pub counts: String,
    /// A campaign's calls, in the order made.
    pub runs: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Run(u64),
    Campaign(u64),
}

impl Kind {
    pub fn title(self) -> String {
        match self {
            Kind::Run(id) => format!("Run {id}"),
            Kind::Campaign(id) => format!("Campaign {id}"),
        }
    }
}

fn run_line(run: &Run) -> Line {
    Line {
        what: Kind::Run(run.id),
        created_at: run.created_at,
        user: run.user.clone().unwrap_or_else(|| "—".into()),
        scope: format!("{} · {} to {}", run.batch, devices(run.sent.len()), run.firmware.version),
        standing: LineState::of_run(run),
        status: run.status_word().into(),
        counts: run.counts().compact(),
        runs: Vec::new(),
    }
}

fn campaign_line(campaign: &Campaign, runs: &HashMap<u64, &Run>) -> Line {
    let counts = count(&campaign.devices(runs));
    let mut calls: Vec<Line> =
        campaign.run_ids().filter_map(|id| runs.get(&id)).map(|r| run_line(r)).collect();
    calls.sort_by_key(|l| l.created_at);
    Line {
        what: Kind::Campaign(campaign.id),
        created_at: campaign.created_at,
        user: campaign.user.clone().unwrap_or_else(|| "—".into()),
        scope: campaign.scope_text(),
        standing: LineState::of_campaign(campaign, &counts),
        status: campaign.status_word(),
        counts: counts.compact(),
        runs: calls,
    }
}

/// The history as `filter` shows it (`since_ms`: its day's first millisecond), newest
/// first; `campaigns_only` for the campaigns page.
pub fn lines(
    runs: &[Run],
    campaigns: &[Campaign],
    filter: &HistoryFilter,
    since_ms: Option<i64>,
    campaigns_only: bool,
) -> Vec<Line> {
    let by_id: HashMap<u64, &Run> = runs.iter().map(|r| (r.id, r)).collect();
    let admits = |line: &Line, models: &[i64]| {
        filter.standing.is_none_or(|s| s == line.standing)
            && filter.user.as_ref().is_none_or(|u| *u == line.user)
            && since_ms.is_none_or(|since| line.created_at >= since)
            && filter.model.is_none_or(|m| models.contains(&m))
    };
    let mut out: Vec<Line> = campaigns
        .iter()
        .map(|c| (c, campaign_line(c, &by_id)))
        .filter(|(c, line)| admits(line, &c.keys.iter().map(|k| k.key.model).collect::<Vec<_>>()))
        .map(|(_, line)| line)
        .collect();
    if !campaigns_only {
        // A campaign's calls are inside it (by its record, and by their own mark).
        let calls: std::collections::HashSet<u64> =
            campaigns.iter().flat_map(|c| c.run_ids()).collect();
        out.extend(
            runs.iter()
                .filter(|r| r.campaign.is_none() && !calls.contains(&r.id))
                .map(|r| (r, run_line(r)))
                .filter(|(r, line)| admits(line, &[r.key.model]))
                .map(|(_, line)| line),
        );
    }
    out.sort_by_key(|line| std::cmp::Reverse(line.created_at));
    out
}

/// The users and models the history holds, for its filters: (users, (model, label)).
pub fn choices(runs: &[Run], campaigns: &[Campaign]) -> (Vec<String>, Vec<(i64, String)>) {
    let mut users: Vec<String> = runs
        .iter()
        .filter_map(|r| r.user.clone())
        .chain(campaigns.iter().filter_map(|c| c.user.clone()))
        .collect();
    users.sort();
    users.dedup();
    let mut models: Vec<(i64, String)> =
        runs.iter()
            .map(|r| (r.key.model, model_label(&r.batch, r.key.model)))
            .chain(campaigns.iter().flat_map(|c| {
                c.keys.iter().map(|k| (k.key.model, model_label(&k.label, k.key.model)))
            }))
            .collect();
    models.sort();
    models.dedup_by_key(|(model, _)| *model);
    (users, models)
}

/// The model's part of a batch label ("… · Ultra Stream HDMI (model 770) · hardware A"),
/// or "model 770" when the label has none.
fn model_label(label: &str, model: i64) -> String {
    let tail = format!("(model {model})");
    label
        .split(" · ")
        .find(|part| part.ends_with(&tail))
        .map_or_else(|| format!("model {model}"), str::to_string)
}

#[cfg(test)]
mod tests;
