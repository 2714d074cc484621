//! Merging pools: every `load`, `loadProtoset` and reflection result of a client (and of a test)
//! accumulates into one pool, as k6's method map accumulates.

use std::collections::HashSet;

use prost_reflect::DescriptorPool;

use super::error::ProtoError;

/// Adds to `target` every file of `source` that `target` does not hold yet (by file name; the file
/// already present wins). Returns the names of the files added.
pub fn merge_pools(target: &mut DescriptorPool, source: &DescriptorPool) -> Result<Vec<String>, ProtoError> {
    let present: HashSet<String> = target.files().map(|f| f.name().to_owned()).collect();
    let new_files: Vec<_> =
        source.files().filter(|f| !present.contains(f.name())).map(|f| f.file_descriptor_proto().clone()).collect();
    let names = new_files.iter().map(|f| f.name().to_owned()).collect();
    target.add_file_descriptor_protos(new_files).map_err(|err| ProtoError::Descriptor(err.to_string()))?;
    Ok(names)
}
