//! Tag sets: immutable, shared, ordered maps of tag names to values.

use std::collections::BTreeMap;
use std::sync::Arc;

/// An immutable set of tags. Cloning is a reference-count increment, so every sample of a VU can
/// carry the VU's current tags without copying them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TagSet(Arc<BTreeMap<String, String>>);

impl TagSet {
    /// The empty tag set.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Looks a tag up.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Tags in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of tags.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A builder starting from these tags.
    pub fn to_builder(&self) -> TagSetBuilder {
        TagSetBuilder((*self.0).clone())
    }

    /// True when every tag of `subset` is in `self` with the same value (sub-metric matching).
    pub fn contains_all(&self, subset: &TagSet) -> bool {
        subset.iter().all(|(k, v)| self.get(k) == Some(v))
    }
}

impl FromIterator<(String, String)> for TagSet {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        TagSet(Arc::new(iter.into_iter().collect()))
    }
}

/// A mutable tag map that freezes into a [`TagSet`].
#[derive(Debug, Clone, Default)]
pub struct TagSetBuilder(BTreeMap<String, String>);

impl TagSetBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a tag, replacing an earlier value.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Removes a tag.
    pub fn remove(&mut self, key: &str) -> &mut Self {
        self.0.remove(key);
        self
    }

    /// Freezes the tags.
    pub fn build(self) -> TagSet {
        TagSet(Arc::new(self.0))
    }
}
