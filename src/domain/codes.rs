//! The result-code catalogue: what each code means, read from a data file
//! (`result-codes.json`) that a deployment can replace with Magewell's real table.

use serde::Deserialize;

/// The copy shipped inside the app, used until (or if) the served file cannot be read.
pub const BUILTIN: &str = include_str!("../../public/result-codes.json");

/// Where a code was returned; the same number can mean different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    Login,
    /// A device's `result` in `upgrade/start` details.
    UpgradeStart,
    /// A device's `status.upgrade-ret`.
    DeviceInstall,
}

/// Codes the console acts on, not just shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The session is missing or expired: ask to log in again.
    Session,
    /// The account may not do this.
    Forbidden,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Entry {
    code: i64,
    #[serde(default)]
    context: Option<Context>,
    meaning: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    kind: Option<Kind>,
}

#[derive(Debug, Deserialize)]
struct CatalogueFile {
    codes: Vec<Entry>,
}

/// A code's meaning, as shown to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub text: String,
    /// Who defines the code ("Magewell", "simulator convention"…); empty if unknown.
    pub source: String,
    pub recognised: bool,
}

/// Every known code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    entries: Vec<Entry>,
}

impl Catalogue {
    /// Reads a catalogue file; the error says what is wrong with it.
    pub fn parse(json: &str) -> Result<Catalogue, String> {
        let file: CatalogueFile =
            serde_json::from_str(json).map_err(|e| format!("result-codes.json: {e}"))?;
        Ok(Catalogue { entries: file.codes })
    }

    /// The catalogue built into the app.
    pub fn builtin() -> Catalogue {
        // The built-in file is checked by a test; an empty catalogue still describes every
        // code as unrecognised rather than failing.
        Catalogue::parse(BUILTIN).unwrap_or(Catalogue { entries: Vec::new() })
    }

    fn find(&self, context: Option<Context>, code: i64) -> Option<&Entry> {
        let exact = self.entries.iter().find(|e| e.code == code && e.context == context);
        exact.or_else(|| self.entries.iter().find(|e| e.code == code && e.context.is_none()))
    }

    /// What `code` means where it was returned; never blank.
    pub fn describe(&self, context: Option<Context>, code: i64) -> Described {
        match self.find(context, code) {
            Some(entry) => Described {
                text: entry.meaning.clone(),
                source: entry.source.clone(),
                recognised: true,
            },
            None => Described {
                text: format!("unrecognised result code {code}"),
                source: String::new(),
                recognised: false,
            },
        }
    }

    /// The kind of a call's top-level `result`, if the console must act on it.
    pub fn kind(&self, code: i64) -> Option<Kind> {
        self.find(None, code).and_then(|e| e.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_reads_and_knows_the_documented_codes() {
        let catalogue = Catalogue::parse(BUILTIN).expect("the shipped file is valid");
        assert_eq!(catalogue.describe(Some(Context::Login), -1).text, "wrong password");
        assert_eq!(catalogue.describe(Some(Context::Login), -14).text, "no such user");
        let repeat = catalogue.describe(Some(Context::UpgradeStart), 1);
        assert_eq!(repeat.text, "repeat operation: the device is already upgrading");
        assert_eq!(repeat.source, "Magewell");
        assert_eq!(catalogue.describe(Some(Context::UpgradeStart), 0).text, "upgrade started");
    }

    #[test]
    fn context_falls_back_to_codes_valid_everywhere() {
        let catalogue = Catalogue::builtin();
        let offline = catalogue.describe(Some(Context::UpgradeStart), -9007);
        assert_eq!(offline.text, "device is offline");
        assert_eq!(offline.source, "simulator convention");
        assert_eq!(catalogue.kind(-9001), Some(Kind::Session));
        assert_eq!(catalogue.kind(-9002), Some(Kind::Forbidden));
        assert_eq!(catalogue.kind(-9003), None);
    }

    #[test]
    fn unknown_codes_are_named_never_blank() {
        let described = Catalogue::builtin().describe(Some(Context::UpgradeStart), 4242);
        assert_eq!(described.text, "unrecognised result code 4242");
        assert!(!described.recognised);
    }

    #[test]
    fn a_broken_file_is_reported() {
        assert!(
            Catalogue::parse("{\"codes\": [{\"code\": \"x\"}]}")
                .unwrap_err()
                .contains("result-codes.json")
        );
        let replaced = Catalogue::parse(r#"{"codes":[{"code":7,"meaning":"busy"}]}"#).unwrap();
        assert_eq!(replaced.describe(None, 7).text, "busy");
    }
}
