//! The legacy group tree and the check lists, built from `checks` and `group_duration` samples.

use crate::summary::{ReportCheck, ReportChecks, ReportGroup, md5_hex};

/// Groups and checks seen so far.
#[derive(Debug)]
pub(crate) struct GroupTree {
    pub(crate) root: ReportGroup,
    /// All checks merged by name (TOTAL RESULTS).
    pub(crate) total: ReportChecks,
}

impl Default for GroupTree {
    fn default() -> Self {
        Self { root: ReportGroup::new("", ""), total: ReportChecks::default() }
    }
}

/// The components of a group path (`::a::b` → `a`, `b`).
pub(crate) fn components(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix("::").unwrap_or(path).split("::").filter(|c| !c.is_empty())
}

impl GroupTree {
    /// The node for `path`, created with its ancestors when missing.
    pub(crate) fn node(&mut self, path: &str) -> &mut ReportGroup {
        let mut node = &mut self.root;
        let mut prefix = String::new();
        for name in components(path) {
            prefix.push_str("::");
            prefix.push_str(name);
            let idx = match node.groups.iter().position(|g| g.name == name) {
                Some(i) => i,
                None => {
                    node.groups.push(ReportGroup::new(name, &prefix));
                    node.groups.len() - 1
                }
            };
            node = &mut node.groups[idx];
        }
        node
    }

    /// Records one check result.
    pub(crate) fn check(&mut self, group: &str, name: &str, passed: bool) {
        let node = self.node(group);
        let path = format!("{}::{name}", node.path);
        let idx = match node.checks.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                node.checks.push(ReportCheck { name: name.to_string(), id: md5_hex(&path), path, passes: 0, fails: 0 });
                node.checks.len() - 1
            }
        };
        let c = &mut node.checks[idx];
        let one = ReportCheck { passes: passed as u64, fails: (!passed) as u64, ..c.clone() };
        if passed {
            c.passes += 1;
        } else {
            c.fails += 1;
        }
        self.total.add(&one);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_nested_groups_in_first_seen_order() {
        let mut t = GroupTree::default();
        t.check("::zeta", "same", true);
        t.check("::alpha::inner", "same", false);
        t.check("", "root", true);
        t.node("::zeta");
        assert_eq!(t.root.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["zeta", "alpha"]);
        let inner = &t.root.groups[1].groups[0];
        assert_eq!(inner.path, "::alpha::inner");
        assert_eq!(inner.checks[0].path, "::alpha::inner::same");
        assert_eq!(t.root.checks[0].path, "::root");
        assert_eq!(t.total.ordered.len(), 2);
        assert_eq!((t.total.ordered[0].passes, t.total.ordered[0].fails), (1, 1));
    }
}
