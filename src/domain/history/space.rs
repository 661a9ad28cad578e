//! What the history takes in the browser, in words: the site's usage against what the
//! browser allows, and whether it keeps the data for good.

/// "1.2 MB": bytes in the largest unit that keeps a number of at least 1 (integer
/// arithmetic: float formatting would cost the bundle more than this whole module).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut unit = 0;
    let mut scale = 1000;
    while unit + 1 < UNITS.len() && n >= scale * 1000 {
        scale *= 1000;
        unit += 1;
    }
    let tenths = (n * 10 + scale / 2) / scale;
    if tenths >= 100 {
        format!("{} {}", (tenths + 5) / 10, UNITS[unit])
    } else {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
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
        "This site keeps {} in this browser, which allows it {}.{kept}",
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
    }

    #[test]
    fn the_space_line_says_usage_quota_and_whether_it_is_kept() {
        assert_eq!(
            space_text(2_400_000, 300_000_000_000, Some(true)),
            "This site keeps 2.4 MB in this browser, which allows it 300 GB. \
             The browser keeps it until you delete it."
        );
        assert!(space_text(0, 0, Some(false)).contains("did not grant persistent storage"));
        assert!(space_text(0, 0, None).ends_with("allows it 0 B."));
    }
}
