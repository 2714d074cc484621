//! The error type of proto loading, and the conversion of protox's diagnostics into one line
//! with `file:line:col`, the shape k6's proto parser prints.

use miette::Diagnostic;
use thiserror::Error;

/// A failure to load `.proto` files or a protoset. `Display` is the text the script sees.
#[derive(Debug, Error)]
pub enum ProtoError {
    /// A `.proto` file (or one of its imports) could not be found, read, parsed or checked.
    #[error("{0}")]
    Compile(String),
    /// `loadProtoset()` was called without a path (k6 1.1.0 crashes here).
    #[error("couldn't open protoset: no protoset file path was given")]
    EmptyProtosetPath,
    /// The protoset file could not be read.
    #[error("couldn't open protoset: {0}")]
    OpenProtoset(String),
    /// The protoset file is not a serialized `google.protobuf.FileDescriptorSet`.
    #[error("couldn't unmarshal protoset file {path}: {cause}")]
    DecodeProtoset {
        /// The path as given by the script.
        path: String,
        /// What the decoder found wrong.
        cause: String,
    },
    /// A file of the protoset imports a file that the set does not contain.
    #[error("proto: could not resolve import \"{0}\": not found (build the protoset with --include_imports)")]
    MissingImport(String),
    /// The descriptors are inconsistent (duplicate or unresolvable names).
    #[error("proto: {0}")]
    Descriptor(String),
}

/// Formats a protox error as `file:line:col: message` when it points into a source file.
pub(crate) fn describe_compile_error(err: &protox::Error) -> String {
    let message = err.to_string();
    let position = err.labels().and_then(|mut labels| labels.next()).and_then(|label| {
        let source = err.source_code()?;
        let contents = source.read_span(label.inner(), 0, 0).ok()?;
        Some((contents.line() + 1, contents.column() + 1))
    });
    match (err.file(), position) {
        (Some(file), Some((line, col))) => format!("{file}:{line}:{col}: {message}"),
        (Some(file), None) if !message.contains(file) => format!("{file}: {message}"),
        _ => message,
    }
}
