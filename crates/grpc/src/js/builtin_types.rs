//! The message types k6 v1.1.0 has compiled in, so that an `Any` packing one of them resolves
//! without any `load()`: `google.rpc.Status` and the standard `google.rpc` error details, the
//! `grpc.health.v1` messages and both `grpc.reflection` versions. They seed the run's
//! [`TypeRegistry`](super::type_registry::TypeRegistry). The `google.rpc` and health sources ship
//! in `protos/builtin/`; the reflection descriptors come compiled with tonic-reflection.

use std::sync::OnceLock;

use prost_reflect::DescriptorPool;
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

const FILES: [(&str, &str); 3] = [
    ("google/rpc/status.proto", include_str!("../../protos/builtin/google/rpc/status.proto")),
    ("google/rpc/error_details.proto", include_str!("../../protos/builtin/google/rpc/error_details.proto")),
    ("grpc/health/v1/health.proto", include_str!("../../protos/builtin/grpc/health/v1/health.proto")),
];

/// Both reflection versions, as tonic-reflection ships them.
const REFLECTION: [&[u8]; 2] =
    [tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET, tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET];

struct Embedded;

impl FileResolver for Embedded {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match FILES.iter().find(|(file, _)| *file == name) {
            Some((file, source)) => File::from_source(file, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// The built-in types (compiled once per process; the sources are fixed, so an empty pool
/// would only mean a broken build, which the unit test below catches).
pub(crate) fn builtin_pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut resolver = ChainFileResolver::new();
        resolver.add(Embedded);
        resolver.add(GoogleFileResolver::new());
        let mut compiler = protox::Compiler::with_file_resolver(resolver);
        let mut pool = match compiler.open_files(FILES.iter().map(|(name, _)| *name)) {
            Ok(_) => compiler.descriptor_pool(),
            Err(_) => DescriptorPool::new(),
        };
        for set in REFLECTION {
            // Fixed bytes of a dependency: a failure would be a broken build (the test catches it).
            let _ = pool.decode_file_descriptor_set(set);
        }
        pool
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k6s_built_in_types_compile() {
        let pool = builtin_pool();
        for name in [
            "google.rpc.Status",
            "google.rpc.ErrorInfo",
            "google.rpc.BadRequest.FieldViolation",
            "google.rpc.QuotaFailure.Violation",
            "grpc.health.v1.HealthListResponse",
            "grpc.reflection.v1.ServerReflectionResponse",
            "grpc.reflection.v1alpha.ServerReflectionRequest",
        ] {
            assert!(pool.get_message_by_name(name).is_some(), "{name}");
        }
    }
}
