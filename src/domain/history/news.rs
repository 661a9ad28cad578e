//! What one tab tells the others after it saved a change to the history, so that every
//! tab shows the same runs: the others read the named records back from the database
//! (always the latest), which makes a late or repeated message harmless.

use serde::{Deserialize, Serialize};

/// A change saved to the history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct News {
    /// Runs written whole (new, answered, or settled): read them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<u64>,
    /// Chunks of a run whose devices' progress was written: read those again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<(u64, Vec<usize>)>,
    /// Runs deleted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<u64>,
    /// Campaigns written (new, moved on, halted, resumed, aborted): read them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<u64>,
    /// Every run deleted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cleared: bool,
}

impl News {
    pub fn is_empty(&self) -> bool {
        *self == News::default()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A message from another tab; anything else is ignored.
    pub fn decode(text: &str) -> Option<News> {
        super::read(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_crosses_tabs_intact_and_foreign_messages_are_ignored() {
        let news = News {
            runs: vec![3],
            chunks: vec![(2, vec![0, 3])],
            deleted: vec![1],
            campaigns: vec![2],
            cleared: false,
        };
        assert_eq!(News::decode(&news.encode()), Some(news));
        assert_eq!(News::default().encode(), "{}");
        assert!(News::decode("{}").unwrap().is_empty());
        assert_eq!(News::decode("not json"), None);
        assert_eq!(News::decode("[1]"), None);
    }
}
