//! The part of the reflection protocol's messages this client uses (identical in v1 and
//! v1alpha); fields it does not need are left out and skipped when decoding.

/// `ServerReflectionRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ReflectionRequest {
    /// `host` (unused by servers in practice).
    #[prost(string, tag = "1")]
    pub(crate) host: String,
    /// What is asked.
    #[prost(oneof = "Query", tags = "3, 4, 7")]
    pub(crate) query: Option<Query>,
}

/// `ServerReflectionRequest.message_request`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub(crate) enum Query {
    /// The file with this name.
    #[prost(string, tag = "3")]
    FileByFilename(String),
    /// The file defining this fully-qualified symbol (and, usually, its dependencies).
    #[prost(string, tag = "4")]
    FileContainingSymbol(String),
    /// The list of services.
    #[prost(string, tag = "7")]
    ListServices(String),
}

/// `ServerReflectionResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ReflectionResponse {
    /// The answer.
    #[prost(oneof = "Answer", tags = "4, 6, 7")]
    pub(crate) answer: Option<Answer>,
}

/// `ServerReflectionResponse.message_response`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub(crate) enum Answer {
    /// Serialized `FileDescriptorProto`s.
    #[prost(message, tag = "4")]
    Files(FileDescriptorResponse),
    /// Service names.
    #[prost(message, tag = "6")]
    Services(ListServiceResponse),
    /// The server could not answer.
    #[prost(message, tag = "7")]
    Error(ErrorResponse),
}

/// `FileDescriptorResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct FileDescriptorResponse {
    /// Each a serialized `google.protobuf.FileDescriptorProto`.
    #[prost(bytes = "vec", repeated, tag = "1")]
    pub(crate) file_descriptor_proto: Vec<Vec<u8>>,
}

/// `ListServiceResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ListServiceResponse {
    /// The services.
    #[prost(message, repeated, tag = "1")]
    pub(crate) service: Vec<ServiceResponse>,
}

/// `ServiceResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ServiceResponse {
    /// Fully-qualified service name.
    #[prost(string, tag = "1")]
    pub(crate) name: String,
}

/// `ErrorResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ErrorResponse {
    /// gRPC status code.
    #[prost(int32, tag = "1")]
    pub(crate) error_code: i32,
    /// Status message.
    #[prost(string, tag = "2")]
    pub(crate) error_message: String,
}
