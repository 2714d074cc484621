//! tonic codecs: requests ([`Request`]) are written as they are; replies are decoded against the
//! method's output descriptor into a `DynamicMessage`, kept as checked bytes ([`Reply`]) or handed
//! over raw.

use bytes::{Buf, Bytes};
use prost_reflect::{DynamicMessage, MessageDescriptor};
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

use super::reply::Reply;
use super::request::Request;

/// Initial size and growth step of tonic's per-call encode/decode buffers. tonic's default is
/// 8 KiB; load-test messages are mostly far smaller and thousands of calls may be in flight, so a
/// smaller step saves memory and costs a few extra reallocations only for big messages.
const CODEC_BUFFER_SIZE: usize = 2 * 1024;
/// How much a stream batches before yielding (tonic's default, 32 KiB).
const YIELD_THRESHOLD: usize = 32 * 1024;

/// The buffer sizing every codec here uses (see [`CODEC_BUFFER_SIZE`]).
fn buffer_settings() -> BufferSettings {
    BufferSettings::new(CODEC_BUFFER_SIZE, YIELD_THRESHOLD)
}

/// Encodes [`Request`]s; replies are read by the decoder `D` (one copy per call).
#[derive(Debug, Clone)]
pub(crate) struct RequestCodec<D>(D);

impl RequestCodec<DynamicDecoder> {
    /// Replies decoded as messages of type `response`.
    pub(crate) fn decoded(response: MessageDescriptor) -> Self {
        Self(DynamicDecoder(response))
    }
}

impl RequestCodec<EncodedDecoder> {
    /// Replies handed over as their wire bytes, for callers that decode them where they are used
    /// (stream replies decoded straight into JS values).
    pub(crate) fn encoded() -> Self {
        Self(EncodedDecoder)
    }
}

impl RequestCodec<ReplyDecoder> {
    /// Unary replies of type `response` as [`Reply`]s: checked, decoded only when read.
    pub(crate) fn checked(response: MessageDescriptor) -> Self {
        Self(ReplyDecoder(response))
    }
}

impl<D> Codec for RequestCodec<D>
where
    D: Decoder<Error = Status> + Clone + Send + 'static,
    D::Item: Send + 'static,
{
    type Encode = Request;
    type Decode = D::Item;
    type Encoder = RequestEncoder;
    type Decoder = D;

    fn encoder(&mut self) -> Self::Encoder {
        RequestEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        self.0.clone()
    }
}

/// Decodes replies into `DynamicMessage`s of one type.
#[derive(Debug, Clone)]
pub(crate) struct DynamicDecoder(MessageDescriptor);

impl Decoder for DynamicDecoder {
    type Item = DynamicMessage;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Self::Error> {
        DynamicMessage::decode(self.0.clone(), src).map(Some).map_err(|e| Status::internal(unmarshal_error(&e)))
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

/// Hands replies over as their bytes, without copying them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EncodedDecoder;

impl Decoder for EncodedDecoder {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Self::Error> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

/// The encoder of [`RequestCodec`].
#[derive(Debug)]
pub(crate) struct RequestEncoder;

impl Encoder for RequestEncoder {
    type Item = Request;
    type Error = Status;

    fn encode(&mut self, item: Self::Item, dst: &mut EncodeBuf<'_>) -> Result<(), Self::Error> {
        item.encode_to(dst);
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

/// Checks unary replies and keeps them as [`Reply`]s.
#[derive(Debug, Clone)]
pub(crate) struct ReplyDecoder(MessageDescriptor);

impl Decoder for ReplyDecoder {
    type Item = Reply;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Self::Error> {
        let bytes = src.copy_to_bytes(src.remaining());
        Reply::new(&self.0, bytes).map(Some).map_err(|e| Status::internal(unmarshal_error(&e)))
    }

    fn buffer_settings(&self) -> BufferSettings {
        buffer_settings()
    }
}

/// The text of a reply that does not decode (grpc-go's wording).
pub fn unmarshal_error(e: &prost::DecodeError) -> String {
    format!("grpc: failed to unmarshal the received message: {e}")
}
