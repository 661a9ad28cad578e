//! What the firmware list says beside each entry: the changes it would make to the
//! selected devices a call would send now, and who is left out whatever the firmware
//! ("upgrades 23 · unchanged 0 · downgrades 0 · left out: 1 offline").

use std::fmt;

use super::{LeftOut, held_for_air, unreachable};
use crate::domain::device::FleetDevice;
use crate::domain::firmware::ChangeCounts;
use crate::domain::version::Version;

/// The selected devices split as the review will split them by default: the versions of
/// those it sends, and how many it leaves out for each reason no firmware changes
/// (offline, upgrading already, on air…), in the reasons' order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    versions: Vec<Option<Version>>,
    left_out: Vec<(LeftOut, usize)>,
}

impl Reach {
    pub fn of<'a>(selected: impl IntoIterator<Item = &'a FleetDevice>) -> Reach {
        let mut reach = Reach::default();
        for device in selected {
            match unreachable(device).or_else(|| held_for_air(device)) {
                None => reach.versions.push(device.version),
                Some(why) => match reach.left_out.iter_mut().find(|(w, _)| *w == why) {
                    Some((_, n)) => *n += 1,
                    None => reach.left_out.push((why, 1)),
                },
            }
        }
        reach.left_out.sort();
        reach
    }

    /// What choosing `target` would do to the devices sent, and who is left out.
    pub fn with(&self, target: Version) -> Choice<'_> {
        Choice { counts: ChangeCounts::of(target, self.versions.iter().copied()), reach: self }
    }
}

/// One entry's line: its changes, then who is left out.
pub struct Choice<'a> {
    pub counts: ChangeCounts,
    reach: &'a Reach,
}

impl fmt::Display for Choice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.counts)?;
        for (at, (why, n)) in self.reach.left_out.iter().enumerate() {
            let lead = if at == 0 { " · left out: " } else { ", " };
            write!(f, "{lead}{n} {why}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::batch::tests::dev;
    use crate::domain::device::{OnAir, Presence};

    #[test]
    fn each_entry_counts_the_devices_sent_and_says_who_is_left_out_whatever_the_firmware() {
        let mut offline = dev("A3", "A", "1.5.100");
        offline.presence = Presence::Offline;
        let mut live = dev("A4", "A", "1.5.100");
        live.on_air = Some(OnAir::Live);
        let mut live_too = dev("A5", "A", "1.5.100");
        live_too.on_air = Some(OnAir::Unknown);
        let devices =
            [dev("A1", "A", "1.5.100"), dev("A2", "A", "1.5.178"), offline, live, live_too];
        let reach = Reach::of(&devices);
        let target = Version::parse("1.5.178").unwrap();
        assert_eq!(
            reach.with(target).to_string(),
            "upgrades 1 · unchanged 1 · downgrades 0 · left out: 1 offline, \
             1 on air (recording or live), 1 on-air state unknown (the Cloud did not report it)"
        );
        let all_sent = Reach::of(&devices[..2]);
        assert_eq!(all_sent.with(target).to_string(), "upgrades 1 · unchanged 1 · downgrades 0");
    }
}
