//! A campaign's devices as CSV, and the campaign as saved as JSON.

use super::{CsvText, indented};
use crate::domain::call::wave_name;
use crate::domain::campaign::{Campaign, CampaignDevice};
use crate::domain::codes::Catalogue;

/// One row per device of a campaign's scope: its batch key, wave, run and where it stands.
pub fn campaign_csv(
    campaign: &Campaign,
    devices: &[CampaignDevice],
    catalogue: &Catalogue,
) -> String {
    let mut table = CsvText::default();
    table.row(&[
        "campaign",
        "serial_number",
        "batch",
        "target_version",
        "wave",
        "run",
        "outcome",
        "final",
    ]);
    let id = campaign.id.to_string();
    for device in devices {
        let key = &campaign.keys[device.key];
        let target = key.firmware.as_ref().map(|f| f.version.to_string()).unwrap_or_default();
        let wave = device.wave.map(wave_name).unwrap_or_default();
        let run = device.run.map(|r| r.to_string()).unwrap_or_default();
        let kind = device.status.kind();
        let done = if matches!(
            kind,
            crate::domain::campaign::StatusKind::InProgress
                | crate::domain::campaign::StatusKind::Waiting
        ) {
            "no"
        } else {
            "yes"
        };
        table.neutralised_row([
            &id,
            &device.sn,
            &key.label,
            &target,
            &wave,
            &run,
            &device.status.describe(catalogue),
            done,
        ]);
    }
    table.0
}

/// The campaign as saved (plan, waves, calls, log); its runs export on their own.
pub fn campaign_json(campaign: &Campaign) -> String {
    indented(&crate::domain::history::encode_campaign(campaign))
}
