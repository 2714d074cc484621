//! gRPC transport: one HTTP/2 connection per `client.connect`, driven with h2, with tonic's gRPC
//! client on top, plus unary calls and streams over
//! [`prost_reflect::DynamicMessage`].
//!
//! Owns everything between a validated [`ConnectParams`] and the wire: address forms, k6's
//! dialer rules, TLS, byte counting for `data_sent`/`data_received`, deadlines, size limits and
//! the texts of connection failures. It knows no JavaScript and records no metrics: the JS glue
//! calls these async functions from inside a VU and turns the results into k6's objects.

mod address;
mod codec;
mod connection;
mod dial;
mod error;
mod io;
mod metadata;
mod netfilter;
mod params;
mod pem_key;
mod reply;
mod reply_plan;
mod request;
mod service;
pub(crate) mod status;
mod stream;
mod tls;
mod unary;

pub use codec::unmarshal_error;
pub use connection::Connection;
pub use error::{CallError, ConnectError};
pub(crate) use metadata::metadata_pairs;
pub use metadata::{MetadataInput, request_metadata};
pub use netfilter::{HostPattern, IpNet};
pub use params::{
    ConnectParams, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RECEIVE_SIZE, DEFAULT_MAX_SEND_SIZE, GRPC_USER_AGENT,
    TlsParams, TlsVersion,
};
pub use reply::Reply;
pub use request::Request;
pub use status::status_name;
pub use stream::{
    CANCELED_BY_CLIENT, StreamEnd, StreamEvent, StreamOptions, StreamReader, StreamTap, StreamWriteError, StreamWriter,
};
pub use unary::UnaryResult;
