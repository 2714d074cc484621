//! A request on its way to the wire: a message, or the bytes the JS mapping already encoded.

use bytes::{BufMut, Bytes};
use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor};

/// One request message.
#[derive(Debug, Clone)]
pub enum Request {
    /// A message, encoded when sent.
    Message(DynamicMessage),
    /// A message's wire encoding.
    Encoded(Bytes),
}

impl Request {
    /// Size of the encoded message.
    pub fn encoded_len(&self) -> usize {
        match self {
            Self::Message(m) => m.encoded_len(),
            Self::Encoded(b) => b.len(),
        }
    }

    /// The message, as a message of type `desc` (for logging what is sent).
    pub fn message(&self, desc: &MessageDescriptor) -> Result<DynamicMessage, prost::DecodeError> {
        match self {
            Self::Message(m) => Ok(m.clone()),
            Self::Encoded(b) => DynamicMessage::decode(desc.clone(), b.clone()),
        }
    }

    /// Appends the wire encoding to `buf`.
    pub(crate) fn encode_to(&self, buf: &mut impl BufMut) {
        match self {
            // `encode` would first walk the whole message for its length only to check that it
            // fits; the buffers here grow as needed.
            Self::Message(m) => m.encode_raw(buf),
            Self::Encoded(b) => buf.put_slice(b),
        }
    }
}

impl From<DynamicMessage> for Request {
    fn from(message: DynamicMessage) -> Self {
        Self::Message(message)
    }
}
