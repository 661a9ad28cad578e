//! Windows against the calendar of Europe/Paris and America/New_York, across both
//! daylight-saving changes of 2026.

use super::*;
use crate::domain::campaign::schedule::WindowDraft;

fn at(text: &str) -> i64 {
    text.parse::<Timestamp>().unwrap().as_millisecond()
}

fn window(days: &[u8], start: &str, hours: &str, zone: &str) -> Window {
    Window::read(
        &WindowDraft { days: days.to_vec(), start: start.into(), hours: hours.into() },
        zone,
    )
    .unwrap()
}

fn schedule(windows: Vec<Window>) -> Schedule {
    Schedule { zone: "Europe/Paris".into(), windows, ..Schedule::default() }
}

#[test]
fn a_weekly_window_keeps_its_local_hours_in_winter_and_summer() {
    // Tue 02:00–05:00 in Paris: 01:00 UTC in winter (CET), 00:00 UTC in summer (CEST).
    let s = schedule(vec![window(&[1], "02:00", "3", "Europe/Paris")]);
    let winter = next_opening(&s, at("2026-12-05T21:00:00Z")).unwrap().unwrap();
    assert_eq!(winter.at, at("2026-12-08T01:00:00Z"), "Tue 8 Dec 02:00 CET");
    assert_eq!(winter.closes_at, Some(at("2026-12-08T04:00:00Z")));
    let summer = next_opening(&s, at("2026-06-01T12:00:00Z")).unwrap().unwrap();
    assert_eq!(summer.at, at("2026-06-02T00:00:00Z"), "Tue 2 Jun 02:00 CEST");
    assert_eq!(summer.closes_at, Some(at("2026-06-02T03:00:00Z")));
}

#[test]
fn a_window_on_the_night_the_clocks_go_forward_opens_when_its_hour_exists() {
    // Sun 29 Mar 2026, Paris: 02:00 becomes 03:00. "02:00 for 3 h" is 03:00–05:00 CEST.
    let s = schedule(vec![window(&[6], "02:00", "3", "Europe/Paris")]);
    let o = next_opening(&s, at("2026-03-28T12:00:00Z")).unwrap().unwrap();
    assert_eq!(o.at, at("2026-03-29T01:00:00Z"), "03:00 CEST");
    assert_eq!(o.closes_at, Some(at("2026-03-29T03:00:00Z")), "05:00 CEST: two real hours");
}

#[test]
fn a_window_on_the_night_the_clocks_go_back_lasts_to_its_local_close() {
    // Sun 25 Oct 2026, Paris: 03:00 CEST becomes 02:00 CET. 01:00–04:00 local is 4 real hours.
    let s = schedule(vec![window(&[6], "01:00", "3", "Europe/Paris")]);
    let o = next_opening(&s, at("2026-10-24T12:00:00Z")).unwrap().unwrap();
    assert_eq!(o.at, at("2026-10-24T23:00:00Z"), "01:00 CEST");
    assert_eq!(o.closes_at, Some(at("2026-10-25T03:00:00Z")), "04:00 CET");
    // Inside it, an hour before the change and an hour after: open both times.
    for inside in ["2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z"] {
        assert_eq!(
            timing(&s, at(inside)).unwrap(),
            Timing::Open { window: Some(0), closes_at: Some(at("2026-10-25T03:00:00Z")) },
            "{inside}"
        );
    }
}

#[test]
fn new_york_changes_on_other_days_than_paris() {
    // America/New_York goes forward on Sun 8 Mar 2026: Mon 02:00 local is 07:00 UTC before,
    // 06:00 UTC after.
    let s = schedule(vec![window(&[0], "02:00", "1", "America/New_York")]);
    assert_eq!(
        next_opening(&s, at("2026-03-01T12:00:00Z")).unwrap().unwrap().at,
        at("2026-03-02T07:00:00Z")
    );
    assert_eq!(
        next_opening(&s, at("2026-03-08T12:00:00Z")).unwrap().unwrap().at,
        at("2026-03-09T06:00:00Z")
    );
}

#[test]
fn a_window_past_midnight_is_open_on_the_next_day_too() {
    let s = schedule(vec![window(&[4], "22:00", "4", "Europe/Paris")]); // Fri 22:00–02:00
    // Sat 11 Apr 2026 00:30 CEST is inside Friday's window.
    assert_eq!(
        timing(&s, at("2026-04-10T22:30:00Z")).unwrap(),
        Timing::Open { window: Some(0), closes_at: Some(at("2026-04-11T00:00:00Z")) }
    );
}

#[test]
fn timing_says_open_closed_or_over() {
    let mut s = schedule(vec![window(&[1], "02:00", "3", "Europe/Paris")]);
    let before = at("2026-12-07T12:00:00Z");
    assert_eq!(
        timing(&s, before).unwrap(),
        Timing::Closed(Waiting { opens_at: Some(at("2026-12-08T01:00:00Z")), window: Some(0) })
    );
    // An end before the next window: nothing opens again.
    s.end_at = Some(at("2026-12-08T00:00:00Z"));
    assert_eq!(
        timing(&s, before).unwrap(),
        Timing::Closed(Waiting { opens_at: None, window: None })
    );
    assert_eq!(
        timing(&s, at("2026-12-08T00:00:00Z")).unwrap(),
        Timing::Over { end_at: at("2026-12-08T00:00:00Z") }
    );
    // The end inside a window closes it early.
    s.end_at = Some(at("2026-12-08T02:00:00Z"));
    assert_eq!(
        timing(&s, at("2026-12-08T01:30:00Z")).unwrap(),
        Timing::Open { window: Some(0), closes_at: Some(at("2026-12-08T02:00:00Z")) }
    );
}

#[test]
fn a_start_without_windows_waits_for_the_start_only() {
    let start = at("2026-12-06T03:00:00Z");
    let s = Schedule { zone: "Europe/Paris".into(), start_at: Some(start), ..Schedule::default() };
    assert_eq!(
        timing(&s, start - 60_000).unwrap(),
        Timing::Closed(Waiting { opens_at: Some(start), window: None })
    );
    assert_eq!(timing(&s, start).unwrap(), Timing::ALWAYS);
    // A start inside a window is still said as the start.
    let mut s = schedule(vec![window(&[6], "00:00", "24", "Europe/Paris")]); // all Sunday
    s.start_at = Some(start);
    assert_eq!(
        timing(&s, start - 60_000).unwrap(),
        Timing::Closed(Waiting { opens_at: Some(start), window: None })
    );
}

#[test]
fn several_windows_the_first_to_open_wins() {
    let s = schedule(vec![
        window(&[3], "02:00", "2", "Europe/Paris"), // Thu
        window(&[1], "23:00", "1", "Europe/Paris"), // Tue night
    ]);
    let o = next_opening(&s, at("2026-12-07T12:00:00Z")).unwrap().unwrap();
    assert_eq!((o.at, o.window), (at("2026-12-08T22:00:00Z"), Some(1)));
}

#[test]
fn the_plan_gives_each_wave_its_earliest_time() {
    let s = schedule(vec![window(&[1], "02:00", "3", "Europe/Paris")]);
    let now = at("2026-12-07T12:00:00Z");
    // No pause: all waves can go the same night.
    let tuesday = at("2026-12-08T01:00:00Z");
    assert_eq!(earliest(&s, now, 3, 0).unwrap(), vec![Some(tuesday); 3]);
    // A 4-hour pause is longer than the window: each later wave a week later.
    let week = 7 * 86_400_000;
    assert_eq!(
        earliest(&s, now, 3, 4 * 3600).unwrap(),
        vec![Some(tuesday), Some(tuesday + week), Some(tuesday + 2 * week)]
    );
    // An end after the first Tuesday: the later waves have no window.
    let mut ending = s.clone();
    ending.end_at = Some(tuesday + 86_400_000);
    assert_eq!(earliest(&ending, now, 3, 4 * 3600).unwrap(), vec![Some(tuesday), None, None]);
}

#[test]
fn a_schedule_is_read_from_what_was_typed() {
    let draft = ScheduleDraft {
        zone: "Europe/Paris".into(),
        start: "2026-12-08T03:00".into(),
        end: "2026-12-20T00:00".into(),
        windows: vec![WindowDraft { days: vec![1, 3], start: "02:00".into(), hours: "3".into() }],
    };
    let s = read(&draft).unwrap();
    assert_eq!(s.start_at, Some(at("2026-12-08T02:00:00Z")));
    assert_eq!(s.end_at, Some(at("2026-12-19T23:00:00Z")));
    assert_eq!(s.windows[0].text_with_zone(), "Tue, Thu 02:00–05:00 Europe/Paris");
    let bad_zone =
        read(&ScheduleDraft { zone: "Europe/Pariss".into(), ..draft.clone() }).unwrap_err();
    assert!(bad_zone.contains("not a time zone"), "{bad_zone}");
    let bad_date = read(&ScheduleDraft { start: "tomorrow".into(), ..draft.clone() }).unwrap_err();
    assert!(bad_date.contains("“tomorrow” is not a date and time for the start"), "{bad_date}");
    let backwards =
        read(&ScheduleDraft { end: "2026-12-01T00:00".into(), ..draft.clone() }).unwrap_err();
    assert_eq!(backwards, "The end must come after the start.");
    let empty = read(&ScheduleDraft { zone: "UTC".into(), ..ScheduleDraft::default() }).unwrap();
    assert!(empty.is_empty());
}
