//! The console's addresses: which page, which run, and the fleet's filters and sort, as a
//! path and a query string — so that the browser's Back stays inside the console, a run can
//! be linked to, and a reload keeps what was shown.
//!
//! `/` the fleet · `/runs` the history · `/runs/7` run 7 · `/campaigns/new` the fleet in
//! campaign mode · `/campaigns/2` campaign 2 · `/library` the firmware library, each with
//! `?q=…&family=…&model=…&hw=…&online=1&group=…&behind=1&sort=…&desc=1` when the fleet's
//! filters or sort differ from the defaults.

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::fleet_view::{Column, FleetFilter, Sort};

/// Where the console is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Fleet,
    /// The fleet page, at the history list.
    History,
    /// The fleet page, with this run open.
    Run(u64),
    Library,
    /// The fleet page, choosing the devices of a new campaign.
    NewCampaign,
    /// One campaign.
    Campaign(u64),
    /// The Cloud check.
    Check,
}

/// A place and the fleet's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub place: Place,
    pub filter: FleetFilter,
    pub sort: Sort,
}

fn column_key(column: Column) -> &'static str {
    match column {
        Column::Sn => "sn",
        Column::Name => "product",
        Column::Family => "family",
        Column::Model => "model",
        Column::Hardware => "hardware",
        Column::Firmware => "firmware",
        Column::Online => "status",
        Column::Group => "group",
    }
}

const COLUMNS: [Column; 8] = [
    Column::Sn,
    Column::Name,
    Column::Family,
    Column::Model,
    Column::Hardware,
    Column::Firmware,
    Column::Online,
    Column::Group,
];

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

impl Address {
    /// Reads a path and a query string (with or without its `?`). Anything it does not
    /// know is ignored: an unknown path is the fleet, an unknown parameter nothing.
    pub fn parse(path: &str, query: &str) -> Address {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let place = match segments.as_slice() {
            ["library"] => Place::Library,
            ["check"] => Place::Check,
            ["runs"] => Place::History,
            ["runs", id] => id.parse().map_or(Place::History, Place::Run),
            ["campaigns", "new"] => Place::NewCampaign,
            ["campaigns", id] => id.parse().map_or(Place::History, Place::Campaign),
            _ => Place::Fleet,
        };
        let mut filter = FleetFilter::default();
        let mut sort = Sort::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match key {
                "q" => filter.text = value,
                "family" => filter.family = value.parse().ok(),
                "model" => filter.model = value.parse().ok(),
                "hw" if !value.is_empty() => filter.hardware = Some(value),
                "online" => filter.online_only = value == "1",
                "group" => filter.group = value.parse().ok(),
                "behind" => filter.behind_only = value == "1",
                "sort" => {
                    if let Some(column) = COLUMNS.into_iter().find(|c| column_key(*c) == value) {
                        sort.column = column;
                    }
                }
                "desc" => sort.ascending = value != "1",
                _ => {}
            }
        }
        Address { place, filter, sort }
    }

    /// The path, and a query string only for what differs from the defaults.
    pub fn to_url(&self) -> String {
        let path = match self.place {
            Place::Fleet => "/".to_string(),
            Place::History => "/runs".to_string(),
            Place::Run(id) => format!("/runs/{id}"),
            Place::Library => "/library".to_string(),
            Place::NewCampaign => "/campaigns/new".to_string(),
            Place::Campaign(id) => format!("/campaigns/{id}"),
            Place::Check => "/check".to_string(),
        };
        let mut query: Vec<String> = Vec::new();
        let filter = &self.filter;
        if !filter.text.is_empty() {
            query.push(format!("q={}", encode(&filter.text)));
        }
        if let Some(family) = filter.family {
            query.push(format!("family={family}"));
        }
        if let Some(model) = filter.model {
            query.push(format!("model={model}"));
        }
        if let Some(hardware) = &filter.hardware {
            query.push(format!("hw={}", encode(hardware)));
        }
        if filter.online_only {
            query.push("online=1".into());
        }
        if let Some(group) = filter.group {
            query.push(format!("group={group}"));
        }
        if filter.behind_only {
            query.push("behind=1".into());
        }
        if self.sort.column != Sort::default().column {
            query.push(format!("sort={}", column_key(self.sort.column)));
        }
        if !self.sort.ascending {
            query.push("desc=1".into());
        }
        if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) }
    }
}

#[cfg(test)]
mod tests;
