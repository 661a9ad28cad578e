//! A schedule against the calendar: when its windows open and close in their time zones
//! (daylight-saving changes included, from the machine's time-zone database through `jiff`),
//! whether a campaign may send now, and when each wave could go at the earliest.

use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::{Schedule, ScheduleDraft, Timing, Waiting, Window};

/// The next moment sending is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    /// Epoch ms: `from` itself when allowed already.
    pub at: i64,
    /// The window it is in (`None`: the schedule has no windows).
    pub window: Option<usize>,
    /// When that window closes (or the end comes), epoch ms.
    pub closes_at: Option<i64>,
}

/// The zone named, or why not.
pub fn zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name.trim()).map_err(|_| {
        format!(
            "“{}” is not a time zone this service knows (write it as “Europe/Paris”).",
            name.trim()
        )
    })
}

/// Reads what the administrator typed: the zone, the start and end on its clock, the windows.
pub fn read(draft: &ScheduleDraft) -> Result<Schedule, String> {
    let tz = zone(&draft.zone)?;
    let name = tz.iana_name().unwrap_or(draft.zone.trim()).to_string();
    let instant = |text: &str, what: &str| -> Result<Option<i64>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let civil: DateTime = text.parse().map_err(|_| {
            format!(
                "“{text}” is not a date and time for the {what}: write it as “2026-12-08T03:00”."
            )
        })?;
        let at = tz
            .to_timestamp(civil)
            .map_err(|e| format!("The {what} “{text}” cannot be placed in {name}: {e}."))?;
        Ok(Some(at.as_millisecond()))
    };
    let start_at = instant(&draft.start, "start")?;
    let end_at = instant(&draft.end, "end")?;
    if let (Some(start), Some(end)) = (start_at, end_at)
        && end <= start
    {
        return Err("The end must come after the start.".into());
    }
    let windows =
        draft.windows.iter().map(|w| Window::read(w, &name)).collect::<Result<Vec<_>, _>>()?;
    Ok(Schedule { zone: name, start_at, end_at, windows })
}

/// "Tue 8 Dec 2026 03:00 CET": an instant on the clock of `zone`.
pub fn local_text(ms: i64, zone_name: &str) -> String {
    match (Timestamp::from_millisecond(ms), zone(zone_name)) {
        (Ok(at), Ok(tz)) => at.to_zoned_datetime(tz).strftime("%a %-d %b %Y %H:%M %Z").to_string(),
        _ => format!("{ms} ms"),
    }
}

/// The schedule in words, for the campaign's log and the plan: "from Tue 8 Dec 2026 03:00
/// CET; inside Tue, Thu 02:00–05:00 Europe/Paris; nothing after Sun 20 Dec 2026 00:00 CET".
pub fn summary(schedule: &Schedule) -> String {
    let mut parts = Vec::new();
    if let Some(start) = schedule.start_at {
        parts.push(format!("from {}", local_text(start, &schedule.zone)));
    }
    if !schedule.windows.is_empty() {
        let windows: Vec<String> = schedule.windows.iter().map(Window::text_with_zone).collect();
        parts.push(format!("inside {}", windows.join(" or ")));
    }
    if let Some(end) = schedule.end_at {
        parts.push(format!("nothing after {}", local_text(end, &schedule.zone)));
    }
    if parts.is_empty() { "at once, at any time".into() } else { parts.join("; ") }
}

/// Whether a campaign with this schedule may send at `now`.
pub fn timing(schedule: &Schedule, now: i64) -> Result<Timing, String> {
    if let Some(end_at) = schedule.end_at
        && now >= end_at
    {
        return Ok(Timing::Over { end_at });
    }
    Ok(match next_opening(schedule, now)? {
        Some(opening) if opening.at <= now => {
            Timing::Open { window: opening.window, closes_at: opening.closes_at }
        }
        Some(opening) => Timing::Closed(Waiting {
            opens_at: Some(opening.at),
            // Waiting for the start says so, even when the start falls inside a window.
            window: if Some(opening.at) == schedule.start_at { None } else { opening.window },
        }),
        None => Timing::Closed(Waiting { opens_at: None, window: None }),
    })
}

/// When each of `waves` waves could go at the earliest from `now`: the first at the next
/// opening, each later one at the next opening after the one before plus the pause (as if
/// every wave ended at once). `None` from the first that no window allows before the end.
pub fn earliest(
    schedule: &Schedule,
    now: i64,
    waves: usize,
    pause_secs: u32,
) -> Result<Vec<Option<i64>>, String> {
    let mut out = Vec::with_capacity(waves);
    let mut from = Some(now);
    for _ in 0..waves {
        let at = match from {
            Some(from) => next_opening(schedule, from)?.map(|o| o.at),
            None => None,
        };
        out.push(at);
        from = at.map(|at| at + i64::from(pause_secs) * 1000);
    }
    Ok(out)
}

/// The first moment at or after `from` at which the schedule allows sending: after its start,
/// inside a window, before its end. `None`: never again.
pub fn next_opening(schedule: &Schedule, from: i64) -> Result<Option<Opening>, String> {
    let from = from.max(schedule.start_at.unwrap_or(i64::MIN));
    let end = schedule.end_at.unwrap_or(i64::MAX);
    if from >= end {
        return Ok(None);
    }
    if schedule.windows.is_empty() {
        return Ok(Some(Opening { at: from, window: None, closes_at: schedule.end_at }));
    }
    let mut best: Option<Opening> = None;
    for (index, window) in schedule.windows.iter().enumerate() {
        let Some((open, close)) = next_occurrence(window, from)? else {
            continue;
        };
        let candidate =
            Opening { at: open.max(from), window: Some(index), closes_at: Some(close.min(end)) };
        best = match best {
            Some(b)
                if b.at < candidate.at
                    || (b.at == candidate.at && b.closes_at >= candidate.closes_at) =>
            {
                Some(b)
            }
            _ => Some(candidate),
        };
    }
    Ok(best.filter(|b| b.at < end))
}

/// The first occurrence of `window` that has not closed by `from`: (opens, closes) in epoch ms.
fn next_occurrence(window: &Window, from: i64) -> Result<Option<(i64, i64)>, String> {
    let tz = zone(&window.zone)?;
    let from_ts = Timestamp::from_millisecond(from).map_err(|e| e.to_string())?;
    let today = tz.to_datetime(from_ts).date();
    let start = Time::new((window.start_minute / 60) as i8, (window.start_minute % 60) as i8, 0, 0)
        .map_err(|e| e.to_string())?;
    // An occurrence that opened up to a week ago may still be open; one opens within 8 days.
    for offset in -8i64..=8 {
        let Ok(date) = today.checked_add(SignedDuration::from_hours(24 * offset)) else {
            continue;
        };
        let weekday = date.weekday().to_monday_zero_offset() as u8;
        if !window.days.contains(&weekday) {
            continue;
        }
        let opens_civil = date.to_datetime(start);
        // The close is on the zone's clock: 02:00 for 3 h closes at 05:00 local.
        let closes_civil = opens_civil
            .checked_add(SignedDuration::from_mins(i64::from(window.minutes)))
            .map_err(|e| e.to_string())?;
        let opens = tz.to_timestamp(opens_civil).map_err(|e| e.to_string())?.as_millisecond();
        let closes = tz.to_timestamp(closes_civil).map_err(|e| e.to_string())?.as_millisecond();
        if closes > from && closes > opens {
            return Ok(Some((opens, closes)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
