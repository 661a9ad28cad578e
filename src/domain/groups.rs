//! Device groups as the console shows them: each group's path ("Arena / North"), and a
//! group with every group below it, for filters and campaign scopes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use sc_wire::Group;

/// The group tree open to this user, flattened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    /// Depth-first, parents before children: (id, depth from 0, path).
    entries: Vec<(i64, usize, String)>,
    parent: HashMap<i64, i64>,
    /// Where each group's entry is (sorting 10,000 devices by group asks for paths often).
    at: HashMap<i64, usize>,
    /// Paths of the groups whose sub-groups the Cloud did not give (no `childs`, or one that
    /// could not be read): a group missing from the tree may be below one of them.
    children_unknown: Vec<String>,
}

/// A device's group that the tree open to this user does not hold.
pub const NOT_OPEN: &str = "a group you cannot see";

/// Groups deeper than this are not followed (the Cloud allows 4 levels; a cycle in a
/// malformed reply must not hang the page).
const MAX_DEPTH: usize = 8;

impl Groups {
    pub fn from_wire(tree: &[Group]) -> Groups {
        let mut groups = Groups::default();
        groups.add(tree, 0, None, "");
        groups
    }

    /// The tree, knowing that the groups `ids` came without their sub-groups.
    pub fn with_children_unknown(mut self, ids: &[i64]) -> Groups {
        self.children_unknown = ids
            .iter()
            .filter_map(|id| self.at.get(id).map(|&at| self.entries[at].2.clone()))
            .collect();
        self
    }

    /// The groups whose sub-groups are not known, by path.
    pub fn children_unknown(&self) -> &[String] {
        &self.children_unknown
    }

    fn add(&mut self, level: &[Group], depth: usize, parent: Option<i64>, above: &str) {
        if depth >= MAX_DEPTH {
            return;
        }
        for group in level {
            if self.parent.contains_key(&group.id) || group.id == 0 {
                continue;
            }
            let name = if group.name.trim().is_empty() {
                format!("group {}", group.id)
            } else {
                group.name.clone()
            };
            let path = if above.is_empty() { name } else { format!("{above} / {name}") };
            self.parent.insert(group.id, parent.unwrap_or(0));
            self.at.insert(group.id, self.entries.len());
            self.entries.push((group.id, depth, path.clone()));
            if let Some(children) = &group.childs {
                self.add(children, depth + 1, Some(group.id), &path);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// "Arena / North"; "no group" for 0; "a group you cannot see" for one the Cloud does
    /// not list to this user (an operator's view stops at the groups open to them); "group
    /// 7" while no tree could be read at all; "group 7 (not in the groups read)" when the
    /// tree came with sub-groups missing, so it may be one of them: not a guess either way.
    pub fn path(&self, id: i64) -> Cow<'_, str> {
        if id == 0 {
            return Cow::Borrowed("no group");
        }
        match self.at.get(&id) {
            Some(&at) => Cow::Borrowed(&self.entries[at].2),
            None if self.entries.is_empty() => Cow::Owned(format!("group {id}")),
            None if !self.children_unknown.is_empty() => {
                Cow::Owned(format!("group {id} (not in the groups read)"))
            }
            None => Cow::Borrowed(NOT_OPEN),
        }
    }

    /// Every group with its depth and path, parents before children.
    pub fn entries(&self) -> impl Iterator<Item = (i64, usize, &str)> {
        self.entries.iter().map(|(id, d, p)| (*id, *d, p.as_str()))
    }

    /// `id` and every group below it.
    pub fn with_subgroups(&self, id: i64) -> HashSet<i64> {
        let mut ids = HashSet::from([id]);
        // Parents come before children, so one pass collects the whole subtree.
        for (group, _, _) in &self.entries {
            if self.parent.get(group).is_some_and(|p| ids.contains(p)) {
                ids.insert(*group);
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree() -> Vec<Group> {
        serde_json::from_value(json!([
            {"id": 1, "name": "Arena", "is-everyone": 1, "users": null, "childs": [
                {"id": 5, "name": "North", "is-everyone": 1, "users": null, "childs": [
                    {"id": 9, "name": "Stage", "is-everyone": 1, "users": null, "childs": null}
                ]},
                {"id": 6, "name": "South", "is-everyone": 0, "users": ["op"], "childs": null}
            ]},
            {"id": 2, "name": "", "is-everyone": 1, "users": null, "childs": null}
        ]))
        .unwrap()
    }

    #[test]
    fn groups_are_named_by_their_path() {
        let groups = Groups::from_wire(&tree());
        assert_eq!(groups.path(9), "Arena / North / Stage");
        assert_eq!(groups.path(6), "Arena / South");
        assert_eq!(groups.path(2), "group 2");
        assert_eq!(groups.path(0), "no group");
        assert_eq!(groups.path(42), "a group you cannot see", "not listed to this user");
        assert_eq!(Groups::default().path(42), "group 42", "no tree read: the number");
        let depths: Vec<(i64, usize)> = groups.entries().map(|(id, d, _)| (id, d)).collect();
        assert_eq!(depths, [(1, 0), (5, 1), (9, 2), (6, 1), (2, 0)]);
    }

    #[test]
    fn a_group_missing_from_a_tree_with_unknown_subgroups_is_named_by_number_not_guessed() {
        let groups = Groups::from_wire(&tree()).with_children_unknown(&[6, 77]);
        assert_eq!(groups.children_unknown(), ["Arena / South"], "unknown ids are not named");
        assert_eq!(groups.path(42), "group 42 (not in the groups read)");
        assert_eq!(groups.path(9), "Arena / North / Stage", "listed groups keep their path");
    }

    #[test]
    fn a_group_includes_its_subgroups() {
        let groups = Groups::from_wire(&tree());
        assert_eq!(groups.with_subgroups(1), HashSet::from([1, 5, 6, 9]));
        assert_eq!(groups.with_subgroups(5), HashSet::from([5, 9]));
        assert_eq!(groups.with_subgroups(2), HashSet::from([2]));
    }

    #[test]
    fn a_repeated_group_is_listed_once() {
        let mut tree = tree();
        tree.push(tree[0].clone());
        assert_eq!(Groups::from_wire(&tree).entries().count(), 5);
    }
}
