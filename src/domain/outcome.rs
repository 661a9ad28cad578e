//! What the Cloud answered for each serial number of one upgrade call, checked against
//! what was sent: a missing answer or an answer for a device never sent is flagged.

use std::collections::HashMap;

use sc_wire::{UpgradeDetail, code};

/// One serial number's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The Cloud's `details[].result` for it.
    Code(i64),
    /// The Cloud answered twice for it, differently.
    Conflicting { first: i64, second: i64 },
    /// Sent, but `details` does not mention it.
    NoAnswer,
    /// In `details`, but this console did not send it.
    NotSent(i64),
}

/// How much an answer needs the administrator's attention; tables list the most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    /// Refused, answered twice differently, or answered without being sent.
    Problem,
    /// Already upgrading, or no answer: followed, but worth a look.
    Warning,
    /// Started.
    Fine,
}

impl Answer {
    pub fn attention(&self) -> Attention {
        match self {
            Answer::Code(code::OK) => Attention::Fine,
            Answer::Code(code::REPEAT_OPERATION) | Answer::NoAnswer => Attention::Warning,
            Answer::Code(_) | Answer::Conflicting { .. } | Answer::NotSent(_) => Attention::Problem,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceOutcome {
    pub sn: String,
    /// Product name, when the device is one we sent.
    pub name: String,
    pub answer: Answer,
}

/// Counts for the summary line; they add up to the rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub started: usize,
    pub already_upgrading: usize,
    pub refused: usize,
    pub no_answer: usize,
    pub unexpected: usize,
}

/// One serial number's code in the Cloud's answer to `upgrade/start`, as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub sn: String,
    pub code: i64,
}

impl From<&UpgradeDetail> for Reported {
    fn from(detail: &UpgradeDetail) -> Self {
        Reported { sn: detail.sn.clone(), code: detail.result }
    }
}

/// The per-device result of one `upgrade/start`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcomes {
    pub rows: Vec<DeviceOutcome>,
}

impl Outcomes {
    /// Matches the reply's details to the devices sent (serial number, product name).
    pub fn match_reply(sent: &[(String, String)], details: &[Reported]) -> Outcomes {
        let mut answers: HashMap<&str, Answer> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for detail in details {
            match answers.get_mut(detail.sn.as_str()) {
                None => {
                    answers.insert(&detail.sn, Answer::Code(detail.code));
                    order.push(&detail.sn);
                }
                Some(slot) => {
                    // A repeat of the same answer changes nothing; a different one is kept.
                    if let Answer::Code(first) = *slot
                        && first != detail.code
                    {
                        *slot = Answer::Conflicting { first, second: detail.code };
                    }
                }
            }
        }
        let mut rows: Vec<DeviceOutcome> = sent
            .iter()
            .map(|(sn, name)| DeviceOutcome {
                sn: sn.clone(),
                name: name.clone(),
                answer: answers.remove(sn.as_str()).unwrap_or(Answer::NoAnswer),
            })
            .collect();
        for sn in order {
            if let Some(answer) = answers.remove(sn) {
                let code = match answer {
                    Answer::Code(code) | Answer::Conflicting { first: code, .. } => code,
                    Answer::NoAnswer | Answer::NotSent(_) => continue,
                };
                rows.push(DeviceOutcome {
                    sn: sn.to_string(),
                    name: String::new(),
                    answer: Answer::NotSent(code),
                });
            }
        }
        Outcomes { rows }
    }

    /// The rows with problems first, then warnings, then the started devices, each group
    /// in sent order: in a batch of thousands, what needs a look is on top.
    pub fn attention_first(mut self) -> Vec<DeviceOutcome> {
        super::order::sort(&mut self.rows, &|a, b| a.answer.attention().cmp(&b.answer.attention()));
        self.rows
    }

    pub fn counts(&self) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        for row in &self.rows {
            match row.answer {
                Answer::Code(code::OK) => counts.started += 1,
                Answer::Code(code::REPEAT_OPERATION) => counts.already_upgrading += 1,
                Answer::Code(_) | Answer::Conflicting { .. } => counts.refused += 1,
                Answer::NoAnswer => counts.no_answer += 1,
                Answer::NotSent(_) => counts.unexpected += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(sns: &[&str]) -> Vec<(String, String)> {
        sns.iter().map(|sn| (sn.to_string(), format!("name {sn}"))).collect()
    }

    fn detail(sn: &str, code: i64) -> Reported {
        Reported { sn: sn.into(), code }
    }

    #[test]
    fn problems_come_first_then_warnings_then_started_devices_in_sent_order() {
        let outcomes = Outcomes::match_reply(
            &sent(&["A", "B", "C", "D", "E"]),
            &[detail("A", 0), detail("B", 1), detail("C", -9007), detail("E", 0), detail("Z", 0)],
        );
        let order: Vec<String> = outcomes.attention_first().into_iter().map(|r| r.sn).collect();
        assert_eq!(order, ["C", "Z", "B", "D", "A", "E"]);
    }

    #[test]
    fn each_sent_device_gets_its_answer_in_sent_order() {
        let outcomes = Outcomes::match_reply(
            &sent(&["A", "B", "C"]),
            &[detail("C", -9007), detail("A", 0), detail("B", 1)],
        );
        let answers: Vec<_> =
            outcomes.rows.iter().map(|r| (r.sn.as_str(), r.answer.clone())).collect();
        assert_eq!(
            answers,
            [("A", Answer::Code(0)), ("B", Answer::Code(1)), ("C", Answer::Code(-9007))]
        );
        assert_eq!(
            outcomes.counts(),
            OutcomeCounts {
                started: 1,
                already_upgrading: 1,
                refused: 1,
                no_answer: 0,
                unexpected: 0
            }
        );
    }

    #[test]
    fn missing_and_unexpected_serial_numbers_are_flagged() {
        let outcomes = Outcomes::match_reply(&sent(&["A", "B"]), &[detail("A", 0), detail("Z", 0)]);
        assert_eq!(outcomes.rows[1].answer, Answer::NoAnswer);
        assert_eq!(outcomes.rows[2].sn, "Z");
        assert_eq!(outcomes.rows[2].answer, Answer::NotSent(0));
        let counts = outcomes.counts();
        assert_eq!((counts.started, counts.no_answer, counts.unexpected), (1, 1, 1));
    }

    #[test]
    fn a_repeated_answer_counts_once_and_a_contradiction_is_kept() {
        let same = Outcomes::match_reply(&sent(&["A"]), &[detail("A", 0), detail("A", 0)]);
        assert_eq!(same.rows.len(), 1);
        assert_eq!(same.rows[0].answer, Answer::Code(0));
        let differing = Outcomes::match_reply(&sent(&["A"]), &[detail("A", 0), detail("A", 1)]);
        assert_eq!(differing.rows[0].answer, Answer::Conflicting { first: 0, second: 1 });
    }
}
