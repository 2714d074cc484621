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

/// Encodes [`Request`]s and decodes replies of one message type.
#[derive(Debug, Clone)]
pub(crate) struct DynamicCodec {
    response: MessageDescriptor,
}

impl DynamicCodec {
    /// A codec whose decoder produces messages of type `response`.
    pub(crate) fn new(response: MessageDescriptor) -> Self {
        Self { response }
    }
}

impl Codec for DynamicCodec {
    type Encode = Request;
    type Decode = DynamicMessage;
    type Encoder = RequestEncoder;
    type Decoder = DynamicDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RequestEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        DynamicDecoder(self.response.clone())
    }
}

/// Decoder half of [`DynamicCodec`].
#[derive(Debug)]
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

/// Encodes [`Request`]s and hands replies over as their wire bytes, for callers that
/// decode them where they are used (stream replies decoded straight into JS values).
#[derive(Debug, Clone, Copy)]
pub(crate) struct EncodedReplyCodec;

impl Codec for EncodedReplyCodec {
    type Encode = Request;
    type Decode = Bytes;
    type Encoder = RequestEncoder;
    type Decoder = EncodedDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RequestEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        EncodedDecoder
    }
}

/// Decoder half of [`EncodedReplyCodec`]: the message's bytes, without copying them.
#[derive(Debug)]
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

/// Encodes [`Request`]s and hands unary replies over as [`Reply`]s: checked, decoded
/// only when read.
#[derive(Debug, Clone)]
pub(crate) struct ReplyCodec {
    response: MessageDescriptor,
}

impl ReplyCodec {
    /// A codec whose replies are messages of type `response`.
    pub(crate) fn new(response: MessageDescriptor) -> Self {
        Self { response }
    }
}

impl Codec for ReplyCodec {
    type Encode = Request;
    type Decode = Reply;
    type Encoder = RequestEncoder;
    type Decoder = ReplyDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RequestEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        ReplyDecoder(self.response.clone())
    }
}

/// The encoder of every codec here.
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

/// Decoder half of [`ReplyCodec`].
#[derive(Debug)]
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
pub(crate) fn unmarshal_error(e: &prost::DecodeError) -> String {
    format!("grpc: failed to unmarshal the received message: {e}")
}
