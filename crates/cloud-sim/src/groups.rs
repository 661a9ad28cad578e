//! The simulated group tree (`get-dev-catalogs`): four top-level groups, nested down to the
//! four levels the Cloud's manual allows, some open to everyone, some to the operator only,
//! some to administrators only. The tree's shape is fixed; which device sits in which group
//! follows from the seed (see [`crate::fleet`]).

use sc_wire::Group;

use crate::sessions::OPERATOR;

/// One group as the simulator keeps it: flat, with its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimGroup {
    pub id: i64,
    pub parent: i64,
    pub name: &'static str,
    /// `None`: open to everyone; `Some(users)`: only to these operators (and admins).
    pub users: Option<&'static [&'static str]>,
}

const OPERATOR_ONLY: &[&str] = &[OPERATOR];
const NOBODY: &[&str] = &[];

/// The tree, parents before their children; parent 0 is the top.
pub const GROUPS: &[SimGroup] = &[
    group(1, 0, "Arena", None),
    group(2, 0, "Studios", Some(OPERATOR_ONLY)),
    group(3, 0, "Campus", Some(NOBODY)),
    group(4, 0, "Remote", None),
    group(5, 1, "North", None),
    group(6, 1, "South", None),
    group(7, 2, "Studio A", Some(OPERATOR_ONLY)),
    group(8, 2, "Studio B", Some(NOBODY)),
    group(9, 5, "Stage", None),
    group(10, 3, "Library", None),
    group(11, 9, "Booth", None),
];

const fn group(
    id: i64,
    parent: i64,
    name: &'static str,
    users: Option<&'static [&'static str]>,
) -> SimGroup {
    SimGroup { id, parent, name, users }
}

/// The top-level groups a device is first placed in.
pub const TOP_LEVEL: [i64; 4] = [1, 2, 3, 4];

/// `id` and every group below it.
pub fn subtree(id: i64) -> Vec<i64> {
    let mut ids = vec![id];
    let mut at = 0;
    while at < ids.len() {
        let parent = ids[at];
        ids.extend(GROUPS.iter().filter(|g| g.parent == parent).map(|g| g.id));
        at += 1;
    }
    ids
}

fn open_to(group: &SimGroup, user: &str, is_admin: bool) -> bool {
    is_admin || group.users.is_none_or(|users| users.contains(&user))
}

/// The tree as `user` may see it: a group is listed when it and every group above it are
/// open to them.
pub fn tree_for(user: &str, is_admin: bool) -> Vec<Group> {
    children(0, user, is_admin).unwrap_or_default()
}

fn children(parent: i64, user: &str, is_admin: bool) -> Option<Vec<Group>> {
    let groups: Vec<Group> = GROUPS
        .iter()
        .filter(|g| g.parent == parent && open_to(g, user, is_admin))
        .map(|g| Group {
            id: g.id,
            name: g.name.to_string(),
            is_everyone: i64::from(g.users.is_none()),
            users: g.users.map(|u| u.iter().map(|s| s.to_string()).collect()),
            childs: children(g.id, user, is_admin),
        })
        .collect();
    (!groups.is_empty()).then_some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(groups: &[Group]) -> usize {
        groups.iter().map(|g| 1 + g.childs.as_deref().map_or(0, depth)).max().unwrap_or(0)
    }

    #[test]
    fn the_tree_nests_four_levels_and_parents_come_first() {
        assert_eq!(depth(&tree_for("admin", true)), 4);
        for (at, g) in GROUPS.iter().enumerate() {
            assert!(g.parent == 0 || GROUPS[..at].iter().any(|p| p.id == g.parent));
        }
        assert_eq!(subtree(1), vec![1, 5, 6, 9, 11]);
    }

    #[test]
    fn an_operator_sees_only_groups_open_to_them() {
        let ids = |groups: &[Group]| {
            let mut out = Vec::new();
            let mut stack: Vec<&Group> = groups.iter().collect();
            while let Some(g) = stack.pop() {
                out.push(g.id);
                stack.extend(g.childs.iter().flatten());
            }
            out.sort();
            out
        };
        assert_eq!(ids(&tree_for("admin", true)).len(), GROUPS.len());
        assert_eq!(ids(&tree_for(OPERATOR, false)), vec![1, 2, 4, 5, 6, 7, 9, 11]);
        assert_eq!(ids(&tree_for("someone", false)), vec![1, 4, 5, 6, 9, 11]);
    }
}
