//! What a record-by-record reading of one of the Cloud's lists set aside, and what it
//! accepted in a form other than the contract's: the facts behind the "set aside" notices.

use super::text;
use std::fmt;

/// One record of a Cloud list that the console could not use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// The record's serial number (devices) or id (firmware, groups), when it had one.
    pub name: Option<String>,
    /// The field that could not be read, by its wire path (`status.hardware-ver`).
    pub field: String,
    /// What arrived: the value's JSON text (clipped), or why it is not usable.
    pub arrived: String,
}

/// A form the contract does not use but which means one thing only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// A number sent as decimal text (`"42"`).
    NumberAsText,
    /// `null` where the contract has a value: read as absent.
    Null,
    /// Absent where the console would use the value (e.g. an unknown firmware version).
    Missing,
    /// A field only shown, of another type: left out of the record.
    Ignored,
    /// A state of another type than the contract's: read as not reported.
    NotUnderstood,
    /// A list entry repeated exactly (the same firmware under the same id): shown once.
    Repeated,
}

impl Form {
    /// How the notice says it.
    pub fn label(self) -> &'static str {
        match self {
            Form::NumberAsText => "a number sent as text",
            Form::Null => "null, read as absent",
            Form::Missing => "missing",
            Form::Ignored => "of another type, ignored",
            Form::NotUnderstood => "of another type, read as not reported",
            Form::Repeated => "listed again exactly, shown once",
        }
    }
}

/// How often one field arrived in one such form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub field: String,
    pub form: Form,
    pub count: usize,
}

/// The notes of one reading of a list: records set aside, forms accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub set_aside: Vec<SetAside>,
    pub accepted: Vec<Accepted>,
}

impl Reading {
    /// Whether the list arrived exactly as the contract describes it.
    pub fn is_clean(&self) -> bool {
        self.set_aside.is_empty() && self.accepted.is_empty()
    }

    /// Counts one field seen in one accepted form.
    pub fn accept(&mut self, field: &str, form: Form) {
        match self.accepted.iter_mut().find(|a| a.form == form && a.field == field) {
            Some(seen) => seen.count += 1,
            None => self.accepted.push(Accepted { field: field.to_string(), form, count: 1 }),
        }
    }

    /// Sets one record aside.
    pub fn set_aside(&mut self, name: Option<String>, field: &str, arrived: impl Into<String>) {
        self.set_aside.push(SetAside { name, field: field.to_string(), arrived: arrived.into() });
    }

    /// The serial numbers (or ids) of the records set aside.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.set_aside.iter().filter_map(|s| s.name.as_deref())
    }

    /// Takes in the notes of another reading (a sub-list, or the next page).
    pub fn merge(&mut self, other: Reading) {
        self.set_aside.extend(other.set_aside);
        for accepted in other.accepted {
            match self
                .accepted
                .iter_mut()
                .find(|a| a.form == accepted.form && a.field == accepted.field)
            {
                Some(seen) => seen.count += accepted.count,
                None => self.accepted.push(accepted),
            }
        }
    }
}

impl fmt::Display for SetAside {
    /// "A302190930002: status.hardware-ver — null", "(no serial number): sn — missing".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name.as_deref().unwrap_or("(no name)");
        write!(f, "{name}: {} — {}", self.field, self.arrived)
    }
}

impl fmt::Display for Accepted {
    /// "online-date: a number sent as text (3 records)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let records = text::count(self.count, "record", "records");
        write!(f, "{}: {} ({records})", self.field, self.form.label(),)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms_are_counted_per_field_and_form() {
        let mut reading = Reading::default();
        reading.accept("online-date", Form::NumberAsText);
        reading.accept("online-date", Form::NumberAsText);
        reading.accept("online-date", Form::Null);
        let mut other = Reading::default();
        other.accept("online-date", Form::Null);
        other.set_aside(Some("A1".into()), "sn", "listed 2 times");
        reading.merge(other);
        let lines: Vec<String> = reading.accepted.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "online-date: a number sent as text (2 records)",
                "online-date: null, read as absent (2 records)"
            ]
        );
        assert_eq!(reading.set_aside[0].to_string(), "A1: sn — listed 2 times");
        assert_eq!(reading.names().collect::<Vec<_>>(), ["A1"]);
        assert!(!reading.is_clean());
    }
}
