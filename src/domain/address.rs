//! The console's addresses: each page's path, and the fleet's filters and sort as its query
//! string — so that every place can be linked to, opened in a new tab and reloaded, and
//! the browser's Back stays inside the console. The routes that show them are in
//! `ui::routes`; this names them, once.
//!
//! `/` where the fleet stands · `/fleet` the fleet · `/devices/A302…` one device ·
//! `/runs` the history · `/runs/7` run 7 ·
//! `/campaigns` the campaigns · `/campaigns/new` planning one · `/campaigns/2` campaign 2 ·
//! `/library` the firmware library · `/check` the Cloud check. The fleet pages take
//! `?q=…&family=…&model=…&hw=…&online=1&group=…&release=behind-2&state=offline&fw=1.5.79&sort=…&desc=1` when the filters or
//! sort differ from the defaults; no other page carries them.

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::fleet_view::{Column, Condition, FleetFilter, ReleaseFilter, Sort};

/// Where the console is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Where the fleet stands (the landing page).
    Overview,
    Fleet,
    /// Every run and campaign.
    History,
    Run(u64),
    /// The history's campaigns.
    Campaigns,
    /// The fleet, choosing the devices of a new campaign.
    NewCampaign,
    Campaign(u64),
    Library,
    /// The Cloud check.
    Check,
}

impl Place {
    /// The path of the page, without a query.
    pub fn path(self) -> String {
        match self {
            Place::Overview => "/".into(),
            Place::Fleet => "/fleet".into(),
            Place::History => "/runs".into(),
            Place::Run(id) => format!("/runs/{id}"),
            Place::Campaigns => "/campaigns".into(),
            Place::NewCampaign => "/campaigns/new".into(),
            Place::Campaign(id) => format!("/campaigns/{id}"),
            Place::Library => "/library".into(),
            Place::Check => "/check".into(),
        }
    }

    /// Whether the page shows the fleet, and so carries its filters and sort.
    pub fn shows_fleet(self) -> bool {
        matches!(self, Place::Fleet | Place::NewCampaign)
    }

    /// The page's address with the fleet's view, for a page that shows the fleet.
    pub fn url(self, view: &FleetView) -> String {
        if self.shows_fleet() { format!("{}{}", self.path(), view.to_query()) } else { self.path() }
    }
}

/// Whether the page at `path` shows the fleet, and so takes its filters and sort from its
/// query.
pub fn shows_fleet(path: &str) -> bool {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    [Place::Fleet, Place::NewCampaign].iter().any(|place| place.path() == path)
}

/// The top bar's section a path belongs to, by its name in the top bar ("Fleet" for
/// `/fleet?model=770`, "History" for `/runs/3`); "Device" for a device's page.
pub fn section_of(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split(['/', '?', '#']).next().unwrap_or_default();
    match first {
        "fleet" => "Fleet",
        "runs" => "History",
        "campaigns" => "Campaigns",
        "library" => "Firmware library",
        "check" => "Cloud check",
        "devices" => "Device",
        _ => "Overview",
    }
}

/// One device's page: `/devices/A302190930002` (the serial number encoded).
pub fn device_path(sn: &str) -> String {
    format!("/devices/{}", encode(sn))
}

/// The fleet showing exactly `filter`, sorted as by default: where each of the overview's
/// numbers leads.
pub fn fleet_with(filter: FleetFilter) -> String {
    Place::Fleet.url(&FleetView { filter, sort: Sort::default() })
}

/// The fleet's filters and sort: what its address says beyond the path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetView {
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

/// `text` as a query value.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// A query string's pairs (with or without its `?`), values decoded.
pub fn pairs(query: &str) -> impl Iterator<Item = (&str, String)> {
    query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key, decode(value))
    })
}

/// `?a=1&b=2` of `parts`, or nothing when there are none.
pub fn query_of(parts: &[String]) -> String {
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

impl FleetView {
    /// Reads a query string (with or without its `?`). Anything it does not know is
    /// ignored: an unknown parameter or an unreadable value is the default.
    pub fn parse(query: &str) -> FleetView {
        let mut view = FleetView::default();
        let (filter, sort) = (&mut view.filter, &mut view.sort);
        for (key, value) in pairs(query) {
            match key {
                "q" => filter.text = value,
                "family" => filter.family = value.parse().ok(),
                "model" => filter.model = value.parse().ok(),
                "hw" if !value.is_empty() => filter.hardware = Some(value),
                "online" => filter.online_only = value == "1",
                "group" => filter.group = value.parse().ok(),
                // Links from before the release filter said `behind=1`.
                "behind" if value == "1" => filter.release = Some(ReleaseFilter::Behind),
                "release" => filter.release = ReleaseFilter::from_key(&value),
                "state" => filter.condition = Condition::from_key(&value),
                "fw" if !value.is_empty() => filter.firmware = Some(value),
                "sort" => {
                    if let Some(column) = COLUMNS.into_iter().find(|c| column_key(*c) == value) {
                        sort.column = column;
                    }
                }
                "desc" => sort.ascending = value != "1",
                _ => {}
            }
        }
        view
    }

    /// The query string (with its `?`) of what differs from the defaults, or nothing.
    pub fn to_query(&self) -> String {
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
        if let Some(release) = filter.release {
            query.push(format!("release={}", release.key()));
        }
        if let Some(condition) = filter.condition {
            query.push(format!("state={}", condition.key()));
        }
        if let Some(firmware) = &filter.firmware {
            query.push(format!("fw={}", encode(firmware)));
        }
        if self.sort.column != Sort::default().column {
            query.push(format!("sort={}", column_key(self.sort.column)));
        }
        if !self.sort.ascending {
            query.push("desc=1".into());
        }
        query_of(&query)
    }
}

#[cfg(test)]
mod tests;
