//! The protocol modules this binary registers with the script runtime.

/// Native modules beyond k6's core ones.
pub(crate) fn modules() -> Vec<(&'static str, script::ModuleBuilder)> {
    vec![grpc::module()]
}
