//! The `stampede` command line.
fn main() {}
