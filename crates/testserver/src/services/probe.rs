//! `probe.v1.Probe` and `side.v1.Side`: the services the k6 behaviour spec was recorded
//! against, re-implemented so its observations can be replayed. Unary handlers live here;
//! the streaming ones are in [`super::probe_stream`].

use bytes::Bytes;
use prost::Message as _;
use tonic::metadata::{BinaryMetadataValue, MetadataMap};
use tonic::{Code, Request, Response, Status, Streaming};

use super::call::{Shared, code_from_i32, sleep_ms};
use super::probe_stream::{self, BidiStream, ProbeStream};
use super::trailers::ExtraTrailers;
use crate::methods::{
    PROBE_BIDI, PROBE_BIG, PROBE_CLIENT_STREAM, PROBE_ECHO, PROBE_ECHO_EMPTY, PROBE_ECHO_INT64, PROBE_ECHO_STRING,
    PROBE_ECHO_TIMESTAMP, PROBE_FAIL, PROBE_INFO, PROBE_NOT_IMPLEMENTED, PROBE_SERVER_STREAM, SIDE_PING,
};
use crate::pb::common::v1::{ErrDetail, Ping};
use crate::pb::google::rpc;
use crate::pb::probe::v1::probe_server::Probe;
use crate::pb::probe::v1::{
    BidiMsg, BigReply, BigRequest, Everything, FailRequest, InfoReply, InfoRequest, StreamRequest, StreamSummary,
};
use crate::pb::side::v1::side_server::Side;

/// Type URL of `FailRequest.with_unknown_detail`'s detail (no proto defines it).
const PROBE_UNKNOWN_DETAIL: &str = "type.googleapis.com/unknown.v1.Mystery";

/// Implementation of `probe.v1.Probe`.
#[derive(Clone, Debug)]
pub(crate) struct ProbeService {
    pub(crate) shared: Shared,
}

/// Implementation of `side.v1.Side`.
#[derive(Clone, Debug)]
pub(crate) struct SideService {
    pub(crate) shared: Shared,
}

/// Builds string metadata from a map, skipping keys or values gRPC cannot carry.
pub(crate) fn ascii_metadata(pairs: &std::collections::HashMap<String, String>) -> MetadataMap {
    let mut map = MetadataMap::new();
    for (k, v) in pairs {
        if let (Ok(key), Ok(value)) = (
            tonic::metadata::AsciiMetadataKey::from_bytes(k.as_bytes()),
            tonic::metadata::AsciiMetadataValue::try_from(v.as_str()),
        ) {
            map.append(key, value);
        }
    }
    map
}

/// A failure with `trailers`, and, as asked, the `common.v1.ErrDetail` detail
/// `{reason: "because", retryAfterMs: 250}` and/or a detail of an unknown type.
pub(crate) fn probe_failure(
    code: Code,
    message: &str,
    trailers: MetadataMap,
    with_details: bool,
    with_unknown_detail: bool,
) -> Status {
    if !with_details && !with_unknown_detail {
        return Status::with_metadata(code, message, trailers);
    }
    let mut details = Vec::new();
    if with_details {
        details.push(prost_types::Any {
            type_url: "type.googleapis.com/common.v1.ErrDetail".into(),
            value: ErrDetail { reason: "because".into(), retry_after_ms: 250 }.encode_to_vec(),
        });
    }
    if with_unknown_detail {
        details.push(prost_types::Any { type_url: PROBE_UNKNOWN_DETAIL.into(), value: Vec::new() });
    }
    let encoded: Bytes = rpc::Status { code: code as i32, message: message.to_owned(), details }.encode_to_vec().into();
    Status::with_details_and_metadata(code, message, encoded, trailers)
}

#[tonic::async_trait]
impl Probe for ProbeService {
    async fn echo(&self, request: Request<Everything>) -> Result<Response<Everything>, Status> {
        self.shared.begin(PROBE_ECHO, &request).await?;
        Ok(Response::new(request.into_inner()))
    }

    async fn fail(&self, request: Request<FailRequest>) -> Result<Response<Everything>, Status> {
        self.shared.begin(PROBE_FAIL, &request).await?;
        let req = request.into_inner();
        if req.code == 0 {
            return Ok(Response::new(Everything::default()));
        }
        let mut trailers = ascii_metadata(&req.trailers);
        if req.binary_trailer {
            trailers.append_bin("x-bin-trailer-bin", BinaryMetadataValue::from_bytes(&[0x00, 0xff, 0x10]));
        }
        Err(probe_failure(
            code_from_i32(req.code.into()),
            &req.message,
            trailers,
            req.with_details,
            req.with_unknown_detail,
        ))
    }

    async fn info(&self, request: Request<InfoRequest>) -> Result<Response<InfoReply>, Status> {
        let call = self.shared.begin(PROBE_INFO, &request).await?;
        let req = request.into_inner();
        sleep_ms(req.sleep_ms.into()).await;
        let reply = InfoReply {
            metadata: call.metadata_map(),
            peer: call.peer(),
            deadline_remaining_s: call.deadline_remaining_s(),
            method: call.method.to_owned(),
        };
        let mut response = Response::new(reply);
        *response.metadata_mut() = ascii_metadata(&req.headers);
        if req.binary_header {
            response
                .metadata_mut()
                .append_bin("x-bin-header-bin", BinaryMetadataValue::from_bytes(&[0x01, 0x02, 0xfe]));
        }
        if !req.trailers.is_empty() {
            response.extensions_mut().insert(ExtraTrailers(ascii_metadata(&req.trailers)));
        }
        Ok(response)
    }

    async fn big(&self, request: Request<BigRequest>) -> Result<Response<BigReply>, Status> {
        self.shared.begin(PROBE_BIG, &request).await?;
        let req = request.into_inner();
        Ok(Response::new(BigReply {
            payload: super::control::filler(req.size),
            received: i32::try_from(req.payload.len()).unwrap_or(i32::MAX),
        }))
    }

    type ServerStreamStream = ProbeStream;

    async fn server_stream(&self, request: Request<StreamRequest>) -> Result<Response<ProbeStream>, Status> {
        let call = self.shared.begin(PROBE_SERVER_STREAM, &request).await?;
        Ok(probe_stream::server_stream(call, request.into_inner()))
    }

    async fn client_stream(&self, request: Request<Streaming<Everything>>) -> Result<Response<StreamSummary>, Status> {
        let call = self.shared.begin(PROBE_CLIENT_STREAM, &request).await?;
        probe_stream::client_stream(call, request.into_inner()).await
    }

    type BidiStream = BidiStream;

    async fn bidi(&self, request: Request<Streaming<BidiMsg>>) -> Result<Response<BidiStream>, Status> {
        self.shared.begin(PROBE_BIDI, &request).await?;
        Ok(probe_stream::bidi(request.into_inner()))
    }

    async fn echo_string(&self, request: Request<String>) -> Result<Response<String>, Status> {
        self.shared.begin(PROBE_ECHO_STRING, &request).await?;
        Ok(Response::new(format!("hey {}", request.into_inner())))
    }

    async fn echo_int64(&self, request: Request<i64>) -> Result<Response<i64>, Status> {
        self.shared.begin(PROBE_ECHO_INT64, &request).await?;
        Ok(Response::new(request.into_inner().wrapping_mul(2)))
    }

    async fn echo_empty(&self, request: Request<()>) -> Result<Response<()>, Status> {
        self.shared.begin(PROBE_ECHO_EMPTY, &request).await?;
        Ok(Response::new(()))
    }

    async fn echo_timestamp(
        &self,
        request: Request<prost_types::Timestamp>,
    ) -> Result<Response<prost_types::Timestamp>, Status> {
        self.shared.begin(PROBE_ECHO_TIMESTAMP, &request).await?;
        Ok(Response::new(request.into_inner()))
    }

    async fn not_implemented(&self, request: Request<()>) -> Result<Response<()>, Status> {
        self.shared.begin(PROBE_NOT_IMPLEMENTED, &request).await?;
        Err(Status::unimplemented("Method not implemented!"))
    }
}

#[tonic::async_trait]
impl Side for SideService {
    async fn ping(&self, request: Request<Ping>) -> Result<Response<Ping>, Status> {
        self.shared.begin(SIDE_PING, &request).await?;
        Ok(Response::new(request.into_inner()))
    }
}
