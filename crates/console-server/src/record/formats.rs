//! The stored formats: what a record's `body` holds, by `format` number — the console's
//! own stored types (`mwcloud_console::domain::history::stored`), the same the browser's
//! history keeps, so a history moved from a browser is stored as it was. Every body is read with the console's own rules before it is stored:
//! what cannot be read is refused whole, never stored half.

use mwcloud_console::domain::campaign::Campaign;
use mwcloud_console::domain::history::{self, decode_chunk, encode_campaign, encode_run};
use mwcloud_console::domain::run::Run;

/// The format of run, chunk and campaign bodies written now.
pub const FORMAT: i64 = history::stored::FORMAT;

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(String);

impl Invalid {
    pub fn new(why: impl Into<String>) -> Invalid {
        Invalid(why.into())
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A run as sent, read; its devices travel as chunks of their own.
pub fn read_run(text: &str) -> Result<Run, Invalid> {
    let mut run =
        history::read_run(text).map_err(|e| Invalid(format!("the run could not be read: {e}")))?;
    run.devices.clear();
    Ok(run)
}

/// A run's body under `id` (the number the record gave it).
pub fn run_body(run: &mut Run, id: u64) -> String {
    run.id = id;
    encode_run(run)
}

/// A chunk of a run's devices as sent, checked.
pub fn check_chunk(text: &str) -> Result<(), Invalid> {
    decode_chunk(text).map(|_| ()).map_err(|e| Invalid(format!("a chunk could not be read: {e}")))
}

/// A campaign as sent, read.
pub fn read_campaign(text: &str) -> Result<Campaign, Invalid> {
    history::read_campaign(text)
        .map_err(|e| Invalid(format!("the campaign could not be read: {e}")))
}

/// A campaign's body under `id`.
pub fn campaign_body(campaign: &mut Campaign, id: u64) -> String {
    campaign.id = id;
    encode_campaign(campaign)
}

/// A stored body of a format this version reads, or why not.
pub fn readable(format: i64) -> Result<(), Invalid> {
    if format == FORMAT {
        Ok(())
    } else {
        Err(Invalid(format!("stored in format {format}, newer than this service reads ({FORMAT})")))
    }
}
