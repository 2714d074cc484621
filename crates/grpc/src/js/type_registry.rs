//! The run-wide registry of message types that `google.protobuf.Any` type URLs resolve against.
//!
//! k6 registers the messages of every file any client loads or reflects in one process-wide
//! registry (the first definition of a name wins) and resolves `Any` against it, so a client can
//! send and read an `Any` packing a type that only another client (or another VU) knows. The
//! converter resolves an `Any` in the pool its descriptors belong to, so each client resolves its
//! methods in a *view*: its own files plus every other registered file. When all of a client's
//! files are registered unchanged (the usual case: every VU loads the same files) the view is the
//! registry's pool itself, shared by all VUs.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorProto;

use super::builtin_types::builtin_pool;

/// Every file registered during the run, starting with k6's built-in types.
pub(crate) struct TypeRegistry {
    pool: Mutex<DescriptorPool>,
    /// Bumped whenever a file is added, so clients know their view is stale.
    generation: AtomicU64,
    /// Views built for clients whose files are not all registered unchanged, shared by the
    /// clients (of every VU) that have the same files.
    views: Mutex<Vec<CachedView>>,
}

struct CachedView {
    generation: u64,
    own: DescriptorPool,
    view: DescriptorPool,
}

/// Distinct views kept; scripts have few distinct clients.
const VIEW_CACHE: usize = 16;

impl Default for TypeRegistry {
    fn default() -> Self {
        Self::with_files(builtin_pool())
    }
}

impl TypeRegistry {
    /// The run's registry.
    pub(crate) fn for_program(program: &script::Program) -> std::sync::Arc<Self> {
        program.extension(Self::default)
    }

    /// A registry holding `files` to begin with.
    fn with_files(files: &DescriptorPool) -> Self {
        Self { pool: Mutex::new(files.clone()), generation: AtomicU64::new(0), views: Mutex::default() }
    }

    /// Changes each time a file is registered (0 before any).
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Adds the files of `pool` whose names are new; a file whose types clash with registered
    /// ones is left out (the first definition wins, as in k6).
    pub(crate) fn register(&self, pool: &DescriptorPool) {
        let mut registered = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if add_new_files(&mut registered, pool) {
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// The pool a client whose own files are `own` resolves its methods and `Any` types in.
    pub(crate) fn view(&self, own: &DescriptorPool) -> DescriptorPool {
        let (registered, generation) = {
            let pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
            (pool.clone(), self.generation())
        };
        let all_shared = own.files().all(|f| {
            registered
                .get_file_by_name(f.name())
                .is_some_and(|r| r.file_descriptor_proto() == f.file_descriptor_proto())
        });
        if all_shared {
            return registered;
        }
        let mut views = self.views.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hit) = views.iter().find(|v| v.generation == generation && same_files(&v.own, own)) {
            return hit.view.clone();
        }
        let mut view = own.clone();
        add_new_files(&mut view, &registered);
        if views.len() == VIEW_CACHE {
            views.remove(0);
        }
        views.push(CachedView { generation, own: own.clone(), view: view.clone() });
        view
    }
}

fn same_files(a: &DescriptorPool, b: &DescriptorPool) -> bool {
    a.files().len() == b.files().len()
        && a.files().zip(b.files()).all(|(x, y)| x.file_descriptor_proto() == y.file_descriptor_proto())
}

/// Adds the files of `source` that `target` lacks by name, skipping those that do not fit;
/// true when anything was added.
fn add_new_files(target: &mut DescriptorPool, source: &DescriptorPool) -> bool {
    let present: HashSet<String> = target.files().map(|f| f.name().to_owned()).collect();
    let new: Vec<FileDescriptorProto> =
        source.files().filter(|f| !present.contains(f.name())).map(|f| f.file_descriptor_proto().clone()).collect();
    if new.is_empty() {
        return false;
    }
    // Usually all fit at once; otherwise add them one by one and skip the misfits.
    let mut attempt = target.clone();
    if attempt.add_file_descriptor_protos(new.clone()).is_ok() {
        *target = attempt;
        return true;
    }
    let mut added = false;
    for file in new {
        let mut attempt = target.clone();
        if attempt.add_file_descriptor_proto(file).is_ok() {
            *target = attempt;
            added = true;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file: &str) -> DescriptorPool {
        crate::protos::load_protos(std::path::Path::new(testserver::PROTO_DIR), &[], &[file.to_owned()]).unwrap()
    }

    #[test]
    fn built_in_types_are_known_from_the_start() {
        let registry = TypeRegistry::default();
        let view = registry.view(&load("quickpizza.proto"));
        assert!(view.get_message_by_name("google.rpc.ErrorInfo").is_some());
        assert!(view.get_message_by_name("quickpizza.PizzaRatingRequest").is_some());
    }

    #[test]
    fn clients_with_the_same_files_share_one_view() {
        let registry = TypeRegistry::default();
        // echo.proto imports its own google/rpc/error_details.proto (a subset of the built-in one, kept
        // apart on purpose so that a client view differs from the built-in types).
        let echo = load("stampede/test/v1/echo.proto");
        registry.register(&echo);
        let a = registry.view(&echo);
        let b = registry.view(&load("stampede/test/v1/echo.proto"));
        assert!(a.get_message_by_name("stampede.test.v1.EchoRequest").is_some());
        assert!(a.get_message_by_name("grpc.health.v1.HealthCheckRequest").is_some());
        assert_eq!(registry.views.lock().unwrap().len(), 1, "one view for both");
        assert_eq!(a.files().len(), b.files().len());
    }

    #[test]
    fn a_view_sees_types_other_clients_registered() {
        let registry = TypeRegistry::with_files(&DescriptorPool::new());
        let probe = load("probe/v1/probe.proto");
        let route = load("route_guide.proto");
        registry.register(&probe);
        let before = registry.generation();
        registry.register(&route);
        assert_ne!(registry.generation(), before, "a new file bumps the generation");
        let again = registry.generation();
        registry.register(&route);
        assert_eq!(registry.generation(), again, "known files change nothing");
        let view = registry.view(&probe);
        assert!(view.get_message_by_name("routeguide.Point").is_some());
        assert!(view.get_service_by_name("probe.v1.Probe").is_some());
    }

    #[test]
    fn a_clashing_file_is_left_out_and_the_client_keeps_its_own() {
        let registry = TypeRegistry::with_files(&DescriptorPool::new());
        registry.register(&load("route_guide.proto"));
        // Same package and type names under another file name: the first definition wins.
        let mut clash = DescriptorPool::new();
        let mut proto =
            load("route_guide.proto").get_file_by_name("route_guide.proto").unwrap().file_descriptor_proto().clone();
        proto.name = Some("copy/route_guide.proto".to_owned());
        clash.add_file_descriptor_proto(proto).unwrap();
        registry.register(&clash);
        let view = registry.view(&clash);
        let point = view.get_message_by_name("routeguide.Point").unwrap();
        assert_eq!(point.parent_file().name(), "copy/route_guide.proto", "a client resolves its own files first");
    }
}
