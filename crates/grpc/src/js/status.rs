//! gRPC status codes as k6 names them (grpc-go's `codes.Code.String()`), for the `Status*`
//! constants and the `status` tag.

/// The names of codes 0..=16, indexed by code.
pub(crate) const CODE_NAMES: [&str; 17] = [
    "OK",
    "Canceled",
    "Unknown",
    "InvalidArgument",
    "DeadlineExceeded",
    "NotFound",
    "AlreadyExists",
    "PermissionDenied",
    "ResourceExhausted",
    "FailedPrecondition",
    "Aborted",
    "OutOfRange",
    "Unimplemented",
    "Internal",
    "Unavailable",
    "DataLoss",
    "Unauthenticated",
];

/// `DeadlineExceeded`.
pub(crate) const DEADLINE_EXCEEDED: i32 = 4;
/// `Internal`.
pub(crate) const INTERNAL: i32 = 13;
/// `Unavailable`.
pub(crate) const UNAVAILABLE: i32 = 14;

/// The `status` tag value of a code: the number as a string, without allocating for known codes.
pub(crate) fn tag_value(code: i32) -> std::borrow::Cow<'static, str> {
    const TAGS: [&str; 17] =
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"];
    match usize::try_from(code).ok().and_then(|i| TAGS.get(i)) {
        Some(t) => std::borrow::Cow::Borrowed(t),
        None => std::borrow::Cow::Owned(code.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_grpc_go() {
        assert_eq!(CODE_NAMES[0], "OK");
        assert_eq!(CODE_NAMES[4], "DeadlineExceeded");
        assert_eq!(CODE_NAMES[INTERNAL as usize], "Internal");
        assert_eq!(CODE_NAMES[UNAVAILABLE as usize], "Unavailable");
        assert_eq!(CODE_NAMES[16], "Unauthenticated");
    }

    #[test]
    fn tag_values_are_decimal() {
        assert_eq!(tag_value(0), "0");
        assert_eq!(tag_value(12), "12");
        assert_eq!(tag_value(42), "42");
    }
}
