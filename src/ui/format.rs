//! Small text formats for people.

/// `2021-10-25` for epoch seconds (UTC); "unknown" for nonsense.
pub fn date(epoch_seconds: i64) -> String {
    if epoch_seconds <= 0 {
        return "unknown".into();
    }
    // Days to civil date (H. Hinnant's algorithm), valid for the whole i64 day range used.
    let days = epoch_seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Local date and time of epoch milliseconds, e.g. `2026-11-25 18:04:05`.
pub fn date_time(epoch_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// Local time of day of epoch milliseconds, e.g. `06:20:26`.
pub fn time(epoch_ms: i64) -> String {
    date_time(epoch_ms).split_off(11)
}

/// `part` of `total` as a CSS percentage with three decimals, computed in integers: float
/// formatting would add its own code to the bundle for this one use.
pub fn percent(part: usize, total: usize) -> String {
    let thousandths = part * 100_000 / total.max(1);
    format!("{}.{:03}%", thousandths / 1000, thousandths % 1000)
}

/// The first millisecond of day `YYYY-MM-DD` in the browser's time zone, if it is a day.
pub fn day_start(day: &str) -> Option<i64> {
    // Without a zone, a date-time string is read as local time.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{day}T00:00:00")));
    let ms = date.get_time();
    ms.is_finite().then_some(ms as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(1_635_151_650), "2021-10-25");
        assert_eq!(date(86_400 * 59), "1970-03-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(0), "unknown");
    }

    #[test]
    fn percentages_keep_three_decimals_and_never_divide_by_zero() {
        assert_eq!(percent(1, 3), "33.333%");
        assert_eq!(percent(3, 3), "100.000%");
        assert_eq!(percent(1, 6291), "0.015%");
        assert_eq!(percent(0, 0), "0.000%");
    }
}
