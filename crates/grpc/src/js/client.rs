//! `grpc.Client`: per-client state (the methods it knows, its connection) and the natives the JS
//! `Client` object forwards to. Each client's natives share one [`ClientState`]; a `Stream` reaches
//! the connection through the same state.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use prost_reflect::{DescriptorPool, MessageDescriptor, MethodDescriptor};
use rquickjs::function::{Opt, Rest};
use rquickjs::{Array, Ctx, Function, Object, Value};
use script::api::vu;

use super::http_debug::DebugMode;
use super::metrics::GrpcMetrics;
use super::tags::TagCache;
use super::type_registry::TypeRegistry;
use crate::protos::merge_pools;
use crate::transport::Connection;

/// One invokable method, with what each call needs precomputed.
pub(crate) struct MethodEntry {
    /// `/package.Service/Method`: the request path and the default `name` tag.
    pub(crate) path: String,
    /// `package.Service`: the `service` tag.
    pub(crate) service: String,
    /// `Method`: the `method` tag.
    pub(crate) name: String,
    /// Request type.
    pub(crate) input: MessageDescriptor,
    /// Reply type.
    pub(crate) output: MessageDescriptor,
    /// Tag sets of recent calls.
    pub(crate) tags: TagCache,
}

impl MethodEntry {
    pub(crate) fn new(method: &MethodDescriptor) -> Self {
        let service = method.parent_service().full_name().to_owned();
        Self {
            path: format!("/{service}/{}", method.name()),
            name: method.name().to_owned(),
            service,
            input: method.input(),
            output: method.output(),
            tags: TagCache::default(),
        }
    }
}

/// A client's open connection and the address its metric tags use.
pub(crate) struct ClientConn {
    /// The connection.
    pub(crate) conn: Connection,
    /// The address exactly as the script gave it (the `url` tag prefix).
    pub(crate) address: String,
    /// The `user-agent` header the connection sends (for `--http-debug`).
    pub(crate) user_agent: String,
    reported: Cell<(u64, u64)>,
}

impl ClientConn {
    pub(crate) fn new(conn: Connection, address: String, user_agent: String) -> Self {
        Self { conn, address, user_agent, reported: Cell::new((0, 0)) }
    }

    /// Adds the bytes moved since the last report to the VU's `data_sent`/`data_received`.
    pub(crate) fn report_bytes(&self, vu: &script::VuState) {
        let (sent, received) = script::ByteSource::take_bytes(self);
        vu.add_bytes(sent, received);
    }
}

impl script::ByteSource for ClientConn {
    fn take_bytes(&self) -> (u64, u64) {
        let (sent, received) = self.conn.bytes();
        let (old_sent, old_received) = self.reported.replace((sent, received));
        (sent.saturating_sub(old_sent), received.saturating_sub(old_received))
    }
}

impl Drop for ClientConn {
    fn drop(&mut self) {
        self.conn.close();
    }
}

/// What one JS `Client` holds.
pub(crate) struct ClientState {
    /// Every type the client itself loaded or reflected.
    pool: RefCell<Option<DescriptorPool>>,
    /// Methods by `/package.Service/Method` and by `package.Service/Method`, resolved in `view`.
    methods: RefCell<HashMap<String, Rc<MethodEntry>>>,
    /// The client's files plus every type other clients registered (for `Any`, error details).
    view: RefCell<DescriptorPool>,
    /// The registry generation `view` was built from.
    view_generation: Cell<u64>,
    /// The run's registry of every loaded or reflected type.
    registry: Arc<TypeRegistry>,
    /// The connection, once `connect()` succeeded.
    conn: RefCell<Option<Rc<ClientConn>>>,
    /// The run's gRPC metrics, fetched once (the run-wide lookup takes a lock).
    metrics: std::cell::OnceCell<Arc<GrpcMetrics>>,
    /// The run's `httpDebug` mode, read once.
    debug_mode: std::cell::OnceCell<Option<DebugMode>>,
}

impl ClientState {
    /// A client with no types yet, registering into `registry`.
    pub(crate) fn new(registry: Arc<TypeRegistry>) -> Self {
        Self {
            pool: RefCell::default(),
            methods: RefCell::default(),
            view: RefCell::default(),
            view_generation: Cell::new(0),
            registry,
            conn: RefCell::default(),
            metrics: std::cell::OnceCell::new(),
            debug_mode: std::cell::OnceCell::new(),
        }
    }

    /// Whether (and how) calls are logged for `--http-debug`.
    pub(crate) fn debug_mode(&self, program: &script::Program) -> Option<DebugMode> {
        *self.debug_mode.get_or_init(|| DebugMode::from_options(&program.options_json()))
    }

    /// The run's gRPC metrics.
    pub(crate) fn metrics(&self, program: &script::Program) -> &GrpcMetrics {
        self.metrics.get_or_init(|| GrpcMetrics::for_program(program))
    }

    /// The current connection.
    pub(crate) fn connection(&self) -> Option<Rc<ClientConn>> {
        self.conn.borrow().clone()
    }

    /// Replaces the connection (the previous one is closed: k6 leaks it, see the README).
    /// The bytes the old connection moved since its last report are counted for `vu`.
    pub(crate) fn set_connection(&self, vu: &script::VuState, conn: Option<Rc<ClientConn>>) {
        if let Some(new) = &conn {
            // The VU polls the connection at each iteration's end, interrupted ones included.
            let source: std::rc::Weak<dyn script::ByteSource> = Rc::downgrade(new) as _;
            vu.add_byte_source(source);
        }
        if let Some(old) = self.conn.replace(conn) {
            old.report_bytes(vu);
            old.conn.close();
        }
    }

    /// The method for a script-given name (a leading `/` is added when missing).
    pub(crate) fn method(&self, url: &str) -> Option<Rc<MethodEntry>> {
        self.refresh_view();
        // Entries are stored under both spellings, so no lookup allocates.
        self.methods.borrow().get(url).cloned()
    }

    /// The types the client resolves `Any` and error details in: its own and every type any
    /// client of the run registered (empty before any load/reflection).
    pub(crate) fn pool(&self) -> DescriptorPool {
        self.refresh_view();
        self.view.borrow().clone()
    }

    /// Rebuilds the view and re-resolves the methods in it when another client registered
    /// types since the last look (one atomic load otherwise).
    fn refresh_view(&self) {
        let generation = self.registry.generation();
        if generation == self.view_generation.get() {
            return;
        }
        self.view_generation.set(generation);
        let Some(own) = self.pool.borrow().clone() else { return };
        let view = self.registry.view(&own);
        let mut methods = self.methods.borrow_mut();
        let mut resolved: HashMap<String, Rc<MethodEntry>> = HashMap::with_capacity(methods.len());
        for (key, entry) in methods.iter() {
            if let Some(done) = resolved.get(&entry.path) {
                let done = done.clone();
                resolved.insert(key.clone(), done);
                continue;
            }
            let method =
                view.get_service_by_name(&entry.service).and_then(|s| s.methods().find(|m| m.name() == entry.name));
            let fresh = method.map(|m| Rc::new(MethodEntry::new(&m))).unwrap_or_else(|| entry.clone());
            resolved.insert(entry.path.clone(), fresh.clone());
            resolved.insert(key.clone(), fresh);
        }
        *methods = resolved;
        *self.view.borrow_mut() = view;
    }

    /// Adds every method and type of `pool`; later definitions win on a name clash.
    pub(crate) fn add_pool(&self, pool: &DescriptorPool) -> Result<(), String> {
        let merged = {
            let mut current = self.pool.borrow_mut();
            match current.as_mut() {
                None => {
                    *current = Some(pool.clone());
                    pool.clone()
                }
                Some(existing) => {
                    merge_pools(existing, pool).map_err(|e| e.to_string())?;
                    existing.clone()
                }
            }
        };
        self.registry.register(pool);
        // The next lookup resolves everything in a fresh view.
        self.view_generation.set(u64::MAX);
        let mut methods = self.methods.borrow_mut();
        for service in pool.services() {
            // Resolve through the merged pool so request/reply types see every known type.
            let service = merged.get_service_by_name(service.full_name()).unwrap_or(service);
            for method in service.methods() {
                let entry = Rc::new(MethodEntry::new(&method));
                methods.insert(entry.path[1..].to_owned(), entry.clone());
                methods.insert(entry.path.clone(), entry);
            }
        }
        Ok(())
    }
}

/// `n.newClient()`: the natives of one client.
pub(super) fn new_client<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    let state = Rc::new(ClientState::new(TypeRegistry::for_program(&vu(&ctx).program)));
    let h = Object::new(ctx.clone())?;
    let s = state.clone();
    h.set(
        "load",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, paths: Value<'js>, files: Array<'js>| {
            super::load::load(&ctx, &s, paths, files)
        })?,
    )?;
    let s = state.clone();
    h.set(
        "loadProtoset",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, path: Opt<Value<'js>>| {
            super::load::load_protoset(&ctx, &s, path.0)
        })?,
    )?;
    let s = state.clone();
    h.set(
        "connect",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, address: Opt<Value<'js>>, params: Opt<Value<'js>>| {
            super::connect::connect(&ctx, &s, address.0, params.0)
        })?,
    )?;
    // `client.invoke` itself: called straight from the script, without a JS frame in between
    // (which cost ~1 µs per call, and showed up in stack traces, where k6 has none of its own).
    let s = state.clone();
    h.set(
        "invoke",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            super::invoke::invoke(&ctx, &s, invoke_args(&ctx, args))
        })?
        .with_name("invoke")?,
    )?;
    let s = state.clone();
    h.set(
        "asyncInvoke",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
            super::invoke::async_invoke(&ctx, &s, invoke_args(&ctx, args))
        })?
        .with_name("asyncInvoke")?,
    )?;
    let s = state.clone();
    h.set(
        "healthCheck",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, service: Opt<Value<'js>>| {
            super::health::health_check(&ctx, &s, service.0)
        })?,
    )?;
    let s = state.clone();
    h.set("close", Function::new(ctx.clone(), move |ctx: Ctx<'js>| s.set_connection(&vu(&ctx), None))?)?;
    super::stream::attach(&ctx, &h, state)?;
    Ok(h)
}

/// `(url, request, params)` of an `invoke`/`asyncInvoke` call, with how many were given.
fn invoke_args<'js>(ctx: &Ctx<'js>, args: Rest<Value<'js>>) -> super::invoke::InvokeArgs<'js> {
    let given = args.0.len();
    let mut args = args.0.into_iter();
    let mut next = || args.next().unwrap_or_else(|| Value::new_undefined(ctx.clone()));
    super::invoke::InvokeArgs { given, url: next(), request: next(), params: next() }
}
