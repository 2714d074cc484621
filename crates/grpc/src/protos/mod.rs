//! Proto loading: `.proto` sources (via protox, no protoc) and serialized descriptor sets, turned
//! into one [`prost_reflect::DescriptorPool`], plus k6's `MethodInfo` listing of the loaded RPCs.
//!
//! Owns k6's path rules for `client.load()` (import paths relative to the main script's directory,
//! file names relative to an import path, well-known `google/protobuf/*` files built in) and turns
//! parser errors into one-line texts with `file:line:col`. It knows nothing about JavaScript or
//! connections: the JS glue calls these functions once per test and shares the pool read-only.

mod error;
mod load;
mod merge;
mod methods;
mod resolver;

pub use error::ProtoError;
pub use load::{load_protos, load_protoset};
pub use merge::merge_pools;
pub use methods::{MethodInfo, method_infos};
