//! Parse once per test: the pools made by `load()` / `loadProtoset()`, kept run-wide by their
//! arguments so VU 2..N reuse what VU 1 parsed (the pool is shared read-only; k6 parses per VU).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use prost_reflect::DescriptorPool;

use crate::protos::{MethodInfo, load_protos, load_protoset, method_infos};

/// What one `load()` or `loadProtoset()` produced.
pub(crate) struct Loaded {
    /// The parsed files and their imports.
    pub(crate) pool: DescriptorPool,
    /// The methods of every file of the pool, as `load()` returns them.
    pub(crate) methods: Vec<MethodInfo>,
}

#[derive(Hash, PartialEq, Eq)]
enum Key {
    Protos(Vec<String>, Vec<String>),
    Protoset(String),
}

/// The run-wide cache (a [`script::Program::extension`]). Failures are cached too: every VU
/// fails the same way.
#[derive(Default)]
pub(crate) struct ProtoCache {
    entries: Mutex<HashMap<Key, Result<Arc<Loaded>, String>>>,
}

impl ProtoCache {
    /// `client.load(importPaths, ...files)`.
    pub(crate) fn protos(
        &self,
        script_dir: &Path,
        import_paths: Vec<String>,
        files: Vec<String>,
    ) -> Result<Arc<Loaded>, String> {
        self.get_or_load(script_dir, Key::Protos(import_paths, files))
    }

    /// `client.loadProtoset(path)`.
    pub(crate) fn protoset(&self, script_dir: &Path, path: String) -> Result<Arc<Loaded>, String> {
        self.get_or_load(script_dir, Key::Protoset(path))
    }

    fn get_or_load(&self, script_dir: &Path, key: Key) -> Result<Arc<Loaded>, String> {
        // The lock is held while parsing so concurrent VUs wait for the first parse instead of
        // repeating it.
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = entries.get(&key) {
            return found.clone();
        }
        let parsed = match &key {
            Key::Protos(paths, files) => load_protos(script_dir, paths, files),
            Key::Protoset(path) => load_protoset(script_dir, path),
        };
        let result = parsed
            .map(|pool| {
                let methods = method_infos(&pool, &[]);
                Arc::new(Loaded { pool, methods })
            })
            .map_err(|e| e.to_string());
        entries.insert(key, result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_once_per_argument_list() {
        let cache = ProtoCache::default();
        let dir = Path::new(testserver::PROTO_DIR);
        let load = || cache.protos(dir, Vec::new(), vec!["quickpizza.proto".to_owned()]);
        let first = load().unwrap();
        let second = load().unwrap();
        assert!(Arc::ptr_eq(&first, &second), "VU 2 reuses VU 1's parse");
        assert_eq!(first.methods.len(), 2);
        let other = cache.protos(dir, Vec::new(), vec!["route_guide.proto".to_owned()]).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
    }

    #[test]
    fn failures_are_cached_too() {
        let cache = ProtoCache::default();
        let dir = Path::new(testserver::PROTO_DIR);
        let a = cache.protos(dir, Vec::new(), vec!["nope.proto".to_owned()]);
        let b = cache.protos(dir, Vec::new(), vec!["nope.proto".to_owned()]);
        assert!(a.is_err());
        assert_eq!(a.err(), b.err());
        assert!(cache.protoset(dir, String::new()).is_err());
    }
}
