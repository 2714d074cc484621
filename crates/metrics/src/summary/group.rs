//! The legacy group tree (`root_group`): groups and their checks, identified by md5 of the path.

use serde_json::{Value, json};

use super::report::ReportCheck;

/// A node of the legacy group tree (`root_group`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportGroup {
    /// Group name (`""` for the root).
    pub name: String,
    /// `::outer::inner` (`""` for the root).
    pub path: String,
    /// md5 of the path, hex.
    pub id: String,
    /// Child groups, first-seen order.
    pub groups: Vec<ReportGroup>,
    /// Checks directly in this group, first-seen order.
    pub checks: Vec<ReportCheck>,
}

impl ReportGroup {
    /// A group node for `path` (`""` is the root).
    pub fn new(name: &str, path: &str) -> Self {
        Self {
            name: name.to_string(),
            path: path.to_string(),
            id: md5_hex(path),
            groups: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// All checks of this group and its descendants, depth first, root checks first.
    pub fn all_checks(&self) -> Vec<&ReportCheck> {
        let mut out: Vec<&ReportCheck> = self.checks.iter().collect();
        for g in &self.groups {
            out.extend(g.all_checks());
        }
        out
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "path": self.path,
            "id": self.id,
            "groups": self.groups.iter().map(ReportGroup::to_json).collect::<Vec<_>>(),
            "checks": self.checks.iter().map(|c| json!({
                "name": c.name, "path": c.path, "id": c.id, "passes": c.passes, "fails": c.fails,
            })).collect::<Vec<_>>(),
        })
    }

    pub(crate) fn from_json(v: &Value) -> Self {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let list = |k: &str| -> Vec<&Value> {
            match v.get(k) {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(Value::Object(o)) => o.values().collect(),
                _ => Vec::new(),
            }
        };
        Self {
            name: s("name"),
            path: s("path"),
            id: s("id"),
            groups: list("groups").into_iter().map(ReportGroup::from_json).collect(),
            checks: list("checks")
                .into_iter()
                .map(|c| ReportCheck {
                    name: c.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                    path: c.get("path").and_then(Value::as_str).unwrap_or("").to_string(),
                    id: c.get("id").and_then(Value::as_str).unwrap_or("").to_string(),
                    passes: c.get("passes").and_then(Value::as_f64).unwrap_or(0.0) as u64,
                    fails: c.get("fails").and_then(Value::as_f64).unwrap_or(0.0) as u64,
                })
                .collect(),
        }
    }
}

/// md5 of `text` as lowercase hex (k6's group and check ids).
pub fn md5_hex(text: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
