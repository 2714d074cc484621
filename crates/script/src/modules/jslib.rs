//! Placeholder.
/// Placeholder.
pub fn jslib_source_for_url(_url: &str) -> Option<&'static str> {
    None
}
