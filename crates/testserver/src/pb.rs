//! Rust types and tonic clients/servers generated at build time from the shipped protos
//! (see `build.rs`); module nesting mirrors the protobuf packages so cross-package
//! references resolve.
#![allow(missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]

/// `routeguide` package: the RouteGuide service.
pub mod routeguide {
    tonic::include_proto!("routeguide");
}

/// `quickpizza` package: the QuickPizza `GRPC` service.
pub mod quickpizza {
    tonic::include_proto!("quickpizza");
}

/// `legacy` package: a proto2 echo service.
pub mod legacy {
    tonic::include_proto!("legacy");
}

/// `stampede.*` packages.
pub mod stampede {
    /// `stampede.test.*` packages.
    pub mod test {
        /// `stampede.test.v1` package: the kitchen-sink `Echo` service.
        pub mod v1 {
            tonic::include_proto!("stampede.test.v1");
        }
    }
}

/// `probe.*` packages.
pub mod probe {
    /// `probe.v1` package: the `Probe` service k6's gRPC behaviour was recorded against.
    pub mod v1 {
        tonic::include_proto!("probe.v1");
    }
}

/// `common.*` packages.
pub mod common {
    /// `common.v1` package: messages shared across files.
    pub mod v1 {
        tonic::include_proto!("common.v1");
    }
}

/// `side.*` packages.
pub mod side {
    /// `side.v1` package: a service in a file that imports another.
    pub mod v1 {
        tonic::include_proto!("side.v1");
    }
}

/// `google.*` packages that are not protobuf well-known types.
pub mod google {
    /// `google.rpc` package: `Status` and the standard error details.
    pub mod rpc {
        tonic::include_proto!("google.rpc");
    }
}

/// Encoded `google.protobuf.FileDescriptorSet` of every shipped proto and its imports
/// (well-known types included), as served by reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/descriptor_set.bin"));
