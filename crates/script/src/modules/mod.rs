//! k6's small built-in modules as rquickjs building blocks, plus Go's `math/rand` and the
//! built-in stand-ins for the jslib URLs scripts import most.
//!
//! Each native module is a `build(ctx) -> Object` whose own properties are the module's named
//! exports (the loader makes the object itself the `default` export). Nothing here knows about
//! VUs, the event loop or metrics: these are pure functions of their arguments, so they can be
//! tested in a plain QuickJS context.

pub(crate) mod binary;
pub mod crypto;
pub mod encoding;
mod go_base64;
pub mod gorand;
mod gorand_cooked;
mod hashing;
pub mod jslib;
mod summary_natives;
mod webcrypto;
