//! Each device's batch key as a small number, once per fleet reading: "which of these
//! 50,000 devices share the batch's key" is then a scan of one compact array instead of a
//! walk through 50,000 records scattered in memory (each compare reaching into a device's
//! record and its hardware text), which select-all and the counts beside it asked several
//! times per click.

use std::collections::HashMap;

use super::device::{CompatKey, FleetDevice};

/// The batch key of each device of one fleet reading, by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyIndex {
    /// The key number of the device at each position.
    of: Vec<u32>,
    /// The keys, by number.
    keys: Vec<CompatKey>,
}

impl KeyIndex {
    pub fn of(fleet: &[FleetDevice]) -> KeyIndex {
        let mut numbers: HashMap<&CompatKey, u32> = HashMap::new();
        let mut index = KeyIndex { of: Vec::with_capacity(fleet.len()), keys: Vec::new() };
        for device in fleet {
            let next = numbers.len() as u32;
            let number = *numbers.entry(&device.key).or_insert(next);
            if number == next {
                index.keys.push(device.key.clone());
            }
            index.of.push(number);
        }
        index
    }

    /// The positions of the devices of batch key `key` (none without a key).
    pub fn of_key(&self, key: Option<&CompatKey>) -> Vec<usize> {
        let Some(n) = key.and_then(|key| self.keys.iter().position(|k| k == key)) else {
            return Vec::new();
        };
        let n = n as u32;
        self.of.iter().enumerate().filter(|&(_, &k)| k == n).map(|(i, _)| i).collect()
    }

    /// Of `rows` (positions in the reading), those a bulk action on a selection of batch
    /// key `key` may concern: the devices of that key; with no key yet, all of them when
    /// they share one key, none otherwise — the same answer the selection's own rule
    /// gives, found without touching the devices of other keys.
    pub fn narrow(&self, rows: &[usize], key: Option<&CompatKey>) -> Vec<usize> {
        let number = match key {
            Some(key) => self.keys.iter().position(|k| k == key).map(|n| n as u32),
            None => {
                let first = rows.first().map(|&i| self.of[i]);
                first.filter(|&n| rows.iter().all(|&i| self.of[i] == n))
            }
        };
        match number {
            Some(n) => rows.iter().copied().filter(|&i| self.of[i] == n).collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::wire;

    fn dev(sn: &str, model: i64, hardware: &str) -> FleetDevice {
        FleetDevice::from_wire(&wire(sn, 1, model, hardware, "1.5.79"))
    }

    #[test]
    fn rows_narrow_to_the_batch_key_or_to_the_one_key_all_share() {
        let fleet =
            [dev("A", 770, "A"), dev("B", 770, "B"), dev("C", 770, "A"), dev("D", 771, "A")];
        let index = KeyIndex::of(&fleet);
        let all = [0, 1, 2, 3];
        assert_eq!(index.narrow(&all, Some(&fleet[0].key)), [0, 2]);
        assert_eq!(index.narrow(&all, None), Vec::<usize>::new(), "mixed keys, none chosen");
        assert_eq!(index.narrow(&[0, 2], None), [0, 2], "one key shared by all shown");
        let other = CompatKey { family: 9, model: 9, hardware: "Z".into() };
        assert_eq!(index.narrow(&all, Some(&other)), Vec::<usize>::new());
        assert_eq!(index.of_key(Some(&fleet[1].key)), [1]);
        assert_eq!(index.of_key(None), Vec::<usize>::new());
    }
}
