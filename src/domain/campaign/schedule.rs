//! When a campaign may send: not before its start, only inside its maintenance windows, and
//! nothing after its end. A wave under way is always followed to its end; only the sending of
//! a wave waits. Windows are kept as the administrator wrote them — days, a start time and a
//! length on the clock of a named time zone — because "Tue 02:00–05:00 in Paris" moves
//! against UTC twice a year; the start and the end are instants (UTC milliseconds) kept with
//! the zone they were written in.
//!
//! The time-zone arithmetic (`zone`) needs the time-zone database, which the service has on
//! its machine; in the browser it would add ~400 KB to the wasm, so the console asks the
//! service (`POST /record/v1/schedule`) and shows what comes back. Scheduling is offered only
//! when the service drives campaigns.

#[cfg(not(target_arch = "wasm32"))]
pub mod zone;

/// The most a window may stay open: a week (a longer one is "always").
pub const LONGEST_WINDOW_MINUTES: u32 = 7 * 24 * 60;

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// One maintenance window, repeating every week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The days it opens on, Monday = 0 … Sunday = 6, on its zone's calendar; sorted, once each.
    pub days: Vec<u8>,
    /// When it opens, in minutes after midnight on its zone's clock.
    pub start_minute: u16,
    /// How long it stays open, in minutes of its zone's clock: "02:00 for 3 h" closes at
    /// 05:00 there even on the night the clocks change (2 or 4 real hours that night).
    pub minutes: u32,
    /// IANA time-zone name ("Europe/Paris").
    pub zone: String,
}

/// A campaign's timing. Empty (no start, no windows, no end): it sends as soon as it may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// The zone the start and end were written in, to show them as written.
    pub zone: String,
    /// Nothing is sent before this instant (epoch ms).
    pub start_at: Option<i64>,
    /// Nothing is sent from this instant on (epoch ms): waves not sent by then never are.
    pub end_at: Option<i64>,
    /// Waves are sent only inside one of these; none: at any time.
    pub windows: Vec<Window>,
}

/// Why a campaign's next wave waits, kept on the campaign so every console can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// When it may go (epoch ms); `None`: no window opens before the end.
    pub opens_at: Option<i64>,
    /// The window it waits for (index into [`Schedule::windows`]); `None`: its start.
    pub window: Option<usize>,
}

/// Whether a campaign may send now, as [`zone::timing`] decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timing {
    /// It may send: inside `window` (if it has windows), which closes at `closes_at`.
    Open { window: Option<usize>, closes_at: Option<i64> },
    /// Not now.
    Closed(Waiting),
    /// The end passed: nothing more is sent.
    Over { end_at: i64 },
}

/// What the administrator typed for a window, before it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowDraft {
    pub days: Vec<u8>,
    /// "02:00".
    pub start: String,
    /// Hours, "3" or "1.5".
    pub hours: String,
}

/// What the administrator typed for a whole schedule: the start and end as the planner's
/// date-and-time fields give them ("2026-12-08T03:00", empty for none), on the clock of `zone`,
/// which the windows keep too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleDraft {
    pub zone: String,
    pub start: String,
    pub end: String,
    pub windows: Vec<WindowDraft>,
}

impl Window {
    /// Reads a window as typed: at least one day, a time of day, from 1 minute to a week.
    pub fn read(draft: &WindowDraft, zone: &str) -> Result<Window, String> {
        let mut days: Vec<u8> = draft.days.iter().copied().filter(|d| *d < 7).collect();
        days.sort_unstable();
        days.dedup();
        if days.is_empty() {
            return Err("Choose at least one day for each window.".into());
        }
        let start_minute = read_time_of_day(&draft.start)?;
        let hours = draft.hours.trim().replace(',', ".");
        let minutes = hours
            .parse::<f64>()
            .ok()
            .filter(|h| h.is_finite() && *h > 0.0)
            .map(|h| (h * 60.0).round() as u64)
            .filter(|m| (1..=u64::from(LONGEST_WINDOW_MINUTES)).contains(m))
            .ok_or_else(|| {
                format!(
                    "“{}” is not a length from a minute to 168 hours: write it as “3” or “1.5”.",
                    draft.hours.trim()
                )
            })?;
        Ok(Window { days, start_minute, minutes: minutes as u32, zone: zone.to_string() })
    }

    /// "Tue 02:00–05:00", "Mon–Fri 22:00–02:00 (next day)", "Sat 20:00 for 30 h".
    pub fn text(&self) -> String {
        let end = u32::from(self.start_minute) + self.minutes;
        let until = if self.minutes >= 24 * 60 {
            format!(" for {}", hours_text(self.minutes))
        } else if end > 24 * 60 {
            format!("–{} (next day)", clock(end % (24 * 60)))
        } else {
            format!("–{}", clock(end % (24 * 60)))
        };
        format!("{} {}{until}", days_text(&self.days), clock(u32::from(self.start_minute)))
    }

    /// "Tue 02:00–05:00 Europe/Paris".
    pub fn text_with_zone(&self) -> String {
        format!("{} {}", self.text(), self.zone)
    }
}

impl Timing {
    /// No schedule: it may always send.
    pub const ALWAYS: Timing = Timing::Open { window: None, closes_at: None };
}

impl Schedule {
    /// Whether it changes anything (a campaign without one sends at once, at any time).
    pub fn is_empty(&self) -> bool {
        self.start_at.is_none() && self.end_at.is_none() && self.windows.is_empty()
    }

    /// "Waiting for the window: Tue 02:00–05:00 Europe/Paris (in 3 h 12 min)",
    /// "Waiting for its start (in 45 s)", or that no window opens before the end.
    pub fn waiting_text(&self, waiting: &Waiting, now: i64) -> String {
        let when = match waiting.opens_at {
            Some(at) => format!(" (in {})", span_text(at - now)),
            None => String::new(),
        };
        match (waiting.window.and_then(|w| self.windows.get(w)), waiting.opens_at) {
            (_, None) => {
                "Waiting: no window opens before its end; nothing more will be sent.".into()
            }
            (Some(window), _) => {
                format!("Waiting for the window: {}{when}", window.text_with_zone())
            }
            (None, _) => format!("Waiting for its start{when}"),
        }
    }
}

/// "3 h 12 min", "45 s", "2 d 4 h": how long until something, rounded to what matters.
pub fn span_text(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    let (days, hours, mins) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (days, hours, mins) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// "02:00" from minutes after midnight.
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn hours_text(minutes: u32) -> String {
    match minutes % 60 {
        0 => format!("{} h", minutes / 60),
        m => format!("{} h {m} min", minutes / 60),
    }
}

/// "Tue", "Mon–Fri", "Mon, Wed, Fri", "every day": runs of three or more days shortened.
fn days_text(days: &[u8]) -> String {
    if days.len() == 7 {
        return "every day".into();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        let name = |d: u8| DAY_NAMES[usize::from(d) % 7];
        if j - i >= 2 {
            parts.push(format!("{}–{}", name(days[i]), name(days[j])));
        } else {
            parts.extend(days[i..=j].iter().map(|d| name(*d).to_string()));
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// "02:00", "2:00", "14:30" → minutes after midnight.
fn read_time_of_day(text: &str) -> Result<u16, String> {
    let text = text.trim();
    let bad = || format!("“{text}” is not a time of day: write it as “02:00”.");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let (h, m) = (h.parse::<u16>().map_err(|_| bad())?, m.parse::<u16>().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(days: &[u8], start: &str, hours: &str) -> Result<Window, String> {
        Window::read(
            &WindowDraft { days: days.to_vec(), start: start.into(), hours: hours.into() },
            "Europe/Paris",
        )
    }

    #[test]
    fn a_window_reads_as_the_administrator_wrote_it() {
        assert_eq!(window(&[1], "02:00", "3").unwrap().text(), "Tue 02:00–05:00");
        assert_eq!(
            window(&[4, 0, 1, 2, 3], "22:00", "4").unwrap().text(),
            "Mon–Fri 22:00–02:00 (next day)"
        );
        assert_eq!(window(&[0, 2, 4], "9:30", "1,5").unwrap().text(), "Mon, Wed, Fri 09:30–11:00");
        assert_eq!(window(&[5], "20:00", "30").unwrap().text(), "Sat 20:00 for 30 h");
        assert_eq!(
            window(&[0, 1, 2, 3, 4, 5, 6], "00:00", "1").unwrap().text(),
            "every day 00:00–01:00"
        );
        assert_eq!(
            window(&[1], "02:00", "3").unwrap().text_with_zone(),
            "Tue 02:00–05:00 Europe/Paris"
        );
    }

    #[test]
    fn a_window_typed_wrong_is_refused_with_the_reason() {
        assert!(window(&[], "02:00", "3").unwrap_err().contains("at least one day"));
        assert!(window(&[1], "25:00", "3").unwrap_err().contains("not a time of day"));
        assert!(window(&[1], "2h", "3").unwrap_err().contains("not a time of day"));
        assert!(window(&[1], "02:00", "0").unwrap_err().contains("not a length"));
        assert!(window(&[1], "02:00", "169").unwrap_err().contains("not a length"));
        assert!(window(&[1], "02:00", "x").unwrap_err().contains("“x”"));
    }

    #[test]
    fn a_wait_is_said_with_its_window_and_how_long() {
        let schedule = Schedule {
            zone: "Europe/Paris".into(),
            windows: vec![window(&[1], "02:00", "3").unwrap()],
            ..Schedule::default()
        };
        let now = 1_000_000;
        let waiting = Waiting { opens_at: Some(now + (3 * 60 + 12) * 60_000), window: Some(0) };
        assert_eq!(
            schedule.waiting_text(&waiting, now),
            "Waiting for the window: Tue 02:00–05:00 Europe/Paris (in 3 h 12 min)"
        );
        let start = Waiting { opens_at: Some(now + 45_000), window: None };
        assert_eq!(schedule.waiting_text(&start, now), "Waiting for its start (in 45 s)");
        let never = Waiting { opens_at: None, window: Some(0) };
        assert!(schedule.waiting_text(&never, now).contains("no window opens before its end"));
    }

    #[test]
    fn spans_are_said_to_what_matters() {
        assert_eq!(span_text(0), "0 s");
        assert_eq!(span_text(1), "1 s");
        assert_eq!(span_text(59_000), "59 s");
        assert_eq!(span_text(60_000), "1 min");
        assert_eq!(span_text(3_600_000), "1 h");
        assert_eq!(span_text(2 * 86_400_000 + 4 * 3_600_000 + 60_000), "2 d 4 h");
    }
}
