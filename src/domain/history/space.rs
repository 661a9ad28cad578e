//! What the history takes in the browser, in words: the site's usage against what the
//! browser allows, and whether it keeps the data for good.

/// "1.2 MB": bytes in the smallest unit whose number, rounded once (half up) — to one
/// decimal below 10, to a whole number from 10 — stays below 1000 ("1.0 MB", never
/// "1000 KB"); terabytes for anything larger. Integer arithmetic: float formatting would
/// cost the bundle more than this whole module.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let n = u128::from(n);
    let mut scale: u128 = 1000;
    let mut unit = 0;
    loop {
        let tenths = (n * 10 + scale / 2) / scale;
        if tenths < 100 {
            return format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit]);
        }
        let whole = (n + scale / 2) / scale;
        if whole < 1000 || unit + 1 == UNITS.len() {
            return format!("{whole} {}", UNITS[unit]);
        }
        scale *= 1000;
        unit += 1;
    }
}

/// The history's line about space: usage and quota as the browser estimates them, and
/// whether the data is kept until deleted (`None`: not known).
pub fn space_text(usage: u64, quota: u64, persisted: Option<bool>) -> String {
    let kept = match persisted {
        Some(true) => " The browser keeps it until you delete it.",
        Some(false) => {
            " The browser did not grant persistent storage: it may clear the history when \
             space runs low. Export the runs you must keep."
        }
        None => "",
    };
    format!(
        "Stored in this browser: {} (the browser allows up to {}).{kept}",
        bytes(usage),
        bytes(quota)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1.0 KB");
        assert_eq!(bytes(1_250_000), "1.3 MB");
        assert_eq!(bytes(12_345_678), "12 MB");
        assert_eq!(bytes(10_737_418_240), "11 GB");
        assert_eq!(bytes(5_000_000_000_000_000), "5000 TB");
        // Rounded once, and never "1000" of a unit.
        assert_eq!(bytes(999_499), "999 KB");
        assert_eq!(bytes(999_500), "1.0 MB");
        assert_eq!(bytes(10_450), "10 KB");
        assert_eq!(bytes(u64::MAX), "18446744 TB");
    }

    /// The formatter against a model: the text read back as a number of bytes is within
    /// its rounding of the size, and the number is in its unit's range.
    #[cfg(not(target_arch = "wasm32"))]
    mod against_a_model {
        use proptest::prelude::*;

        use super::bytes;

        fn sizes() -> impl Strategy<Value = u64> {
            prop_oneof![
                any::<u64>(),
                // Near every unit's edges, where rounding decides the unit.
                (0u32..6, 0u64..2_000).prop_map(|(power, near)| {
                    (1000u64.pow(power + 1)).saturating_sub(near).max(near)
                }),
                (0u32..5, 9_900u64..10_100).prop_map(|(power, n)| n * 1000u64.pow(power) / 1000),
            ]
        }

        proptest! {
            #[test]
            fn a_size_reads_back_within_its_rounding_and_its_units_range(n in sizes()) {
                let text = bytes(n);
                let (number, unit) = text.split_once(' ').unwrap();
                let scale = match unit {
                    "B" => 1.0,
                    "KB" => 1e3,
                    "MB" => 1e6,
                    "GB" => 1e9,
                    "TB" => 1e12,
                    other => panic!("unit {other}"),
                };
                let shown: f64 = number.parse().unwrap();
                let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
                let half_step = if decimals == 1 { 0.05 } else { 0.5 };
                let exact = n as f64 / scale;
                // Within rounding (a hair over, for the float model itself).
                prop_assert!((exact - shown).abs() <= half_step * (1.0 + 1e-9), "{n} → {text}");
                if unit == "B" {
                    prop_assert!(n < 1000 && decimals == 0);
                } else {
                    prop_assert!(shown >= 1.0, "{n} → {text}");
                    prop_assert_eq!(decimals == 1, shown < 10.0, "{} → {}", n, text);
                    prop_assert!(shown < 1000.0 || unit == "TB", "{n} → {text}");
                }
            }
        }
    }

    #[test]
    fn the_space_line_says_usage_quota_and_whether_it_is_kept() {
        assert_eq!(
            space_text(2_400_000, 300_000_000_000, Some(true)),
            "Stored in this browser: 2.4 MB (the browser allows up to 300 GB). \
             The browser keeps it until you delete it."
        );
        assert!(space_text(0, 0, Some(false)).contains("did not grant persistent storage"));
        assert!(space_text(0, 0, None).ends_with("allows up to 0 B)."));
    }
}
