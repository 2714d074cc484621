//! What the reply check needs to know about a message type, worked out once per type.
//!
//! Asking prost-reflect about every field of every reply (number lookup, kind, map, group, list:
//! each a walk through the pool) cost about as much as the walk over the bytes itself. A plan
//! keeps, for one reply type and every message type reachable from it, each field's number and
//! how its bytes must look, sorted by number. Plans are cached per thread (VUs never change
//! threads) and keyed by descriptor, which holds its pool alive, so a key is never reused.

use std::cell::RefCell;
use std::rc::Rc;

use prost::encoding::WireType;
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};

/// Reply types remembered per thread; a script that uses more starts the cache over.
const CACHED_TYPES: usize = 64;

thread_local! {
    static PLANS: RefCell<Vec<(MessageDescriptor, Rc<Plan>)>> = const { RefCell::new(Vec::new()) };
}

/// The layouts of one reply type (index 0) and of every message type reachable from it.
#[derive(Debug)]
pub(super) struct Plan {
    pub(super) messages: Vec<Layout>,
}

/// One message type: its fields by number, and the numbers of extensions that extend it.
#[derive(Debug, Default)]
pub(super) struct Layout {
    fields: Vec<(u32, Field)>,
    extensions: Vec<u32>,
}

/// What may follow a field's key.
#[derive(Debug, Clone, Copy)]
pub(super) enum Field {
    /// One value (a singular field, or one item of a repeated field).
    Single(Value),
    /// A repeated scalar: one item, or a packed run of them.
    List(Value),
    /// A map entry with its key and value.
    Map(Value, Value),
    /// Something the check does not vouch for (groups).
    Unsure,
}

/// The encoding of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value {
    Varint,
    Fixed32,
    Fixed64,
    Utf8,
    Bytes,
    /// A nested message: its index in [`Plan::messages`].
    Message(usize),
}

/// What a field number means in a message.
pub(super) enum Lookup {
    Known(Field),
    Extension,
    Unknown,
}

impl Layout {
    pub(super) fn lookup(&self, number: u32) -> Lookup {
        match self.fields.binary_search_by_key(&number, |(n, _)| *n) {
            Ok(i) => Lookup::Known(self.fields[i].1),
            Err(_) if self.extensions.binary_search(&number).is_ok() => Lookup::Extension,
            Err(_) => Lookup::Unknown,
        }
    }
}

impl Value {
    /// The wire type a single value has.
    pub(super) fn wire_type(self) -> WireType {
        match self {
            Value::Varint => WireType::Varint,
            Value::Fixed32 => WireType::ThirtyTwoBit,
            Value::Fixed64 => WireType::SixtyFourBit,
            Value::Utf8 | Value::Bytes | Value::Message(_) => WireType::LengthDelimited,
        }
    }
}

/// The plan for replies of type `desc`, from this thread's cache or built now.
pub(super) fn plan_for(desc: &MessageDescriptor) -> Rc<Plan> {
    PLANS.with(|cell| {
        let mut plans = cell.borrow_mut();
        if let Some((_, plan)) = plans.iter().find(|(d, _)| d == desc) {
            return plan.clone();
        }
        if plans.len() >= CACHED_TYPES {
            plans.clear();
        }
        let plan = Rc::new(build(desc));
        plans.push((desc.clone(), plan.clone()));
        plan
    })
}

/// Lays out `root` and, breadth first, every message type its fields lead to.
fn build(root: &MessageDescriptor) -> Plan {
    let mut types = vec![root.clone()];
    let mut messages = Vec::new();
    while messages.len() < types.len() {
        let desc = types[messages.len()].clone();
        let mut fields: Vec<(u32, Field)> =
            desc.fields().map(|field| (field.number(), field_rule(&field, &mut types))).collect();
        fields.sort_unstable_by_key(|(n, _)| *n);
        let mut extensions: Vec<u32> = desc.extensions().map(|ext| ext.number()).collect();
        extensions.sort_unstable();
        messages.push(Layout { fields, extensions });
    }
    Plan { messages }
}

fn field_rule(field: &FieldDescriptor, types: &mut Vec<MessageDescriptor>) -> Field {
    if field.is_group() {
        return Field::Unsure;
    }
    let kind = field.kind();
    if field.is_map() {
        let Kind::Message(entry) = &kind else { return Field::Unsure };
        let (key, value) = (entry.map_entry_key_field(), entry.map_entry_value_field());
        if key.is_group() || value.is_group() {
            return Field::Unsure;
        }
        return Field::Map(value_of(&key.kind(), types), value_of(&value.kind(), types));
    }
    let value = value_of(&kind, types);
    if field.is_list() && value.wire_type() != WireType::LengthDelimited {
        Field::List(value)
    } else {
        Field::Single(value)
    }
}

fn value_of(kind: &Kind, types: &mut Vec<MessageDescriptor>) -> Value {
    match kind {
        Kind::Bool
        | Kind::Int32
        | Kind::Int64
        | Kind::Uint32
        | Kind::Uint64
        | Kind::Sint32
        | Kind::Sint64
        | Kind::Enum(_) => Value::Varint,
        Kind::Fixed32 | Kind::Sfixed32 | Kind::Float => Value::Fixed32,
        Kind::Fixed64 | Kind::Sfixed64 | Kind::Double => Value::Fixed64,
        Kind::String => Value::Utf8,
        Kind::Bytes => Value::Bytes,
        Kind::Message(inner) => {
            let index = match types.iter().position(|t| t == inner) {
                Some(index) => index,
                None => {
                    types.push(inner.clone());
                    types.len() - 1
                }
            };
            Value::Message(index)
        }
    }
}
