//! The runtime API for protocol modules (DESIGN.md "Runtime API for protocol modules").
//!
//! A protocol module (such as `k6/net/grpc`) plugs into Stampede through this API only:
//! - register a native module: [`crate::ProgramConfig::extra_modules`] takes
//!   `(specifier, builder)` pairs, where the builder returns the module's export object;
//! - block the calling VU on a future: [`block_on`] suspends the VU's coroutine, never the thread,
//!   and throws when the VU is being stopped;
//! - start async work that settles a Promise or fires callbacks later: [`spawn`] (and
//!   [`crate::EventLoop`] through [`vu`]) keeps the iteration alive until the continuation ran;
//! - read the VU's state (init context or not, id, scenario, group, tags, options): [`vu`] returns
//!   the [`VuState`], and [`VuState::program`] the run-wide [`crate::Program`];
//! - record samples with the VU's current tags: [`VuState::record`];
//! - count network bytes for `data_sent`/`data_received`: [`VuState::add_bytes`], or register the
//!   connection as a [`crate::ByteSource`] with [`VuState::add_byte_source`];
//! - evaluate a module's fixed JS glue with its bytecode compiled once per process: [`eval_factory`].

use std::future::Future;
use std::rc::Rc;

use rquickjs::{Ctx, JsLifetime};

pub use crate::factory::eval_factory;

use crate::event_loop::OpId;
use crate::state::VuState;

/// The VU state stored in each VU's QuickJS runtime.
pub(crate) struct VuSlot(pub(crate) Rc<VuState>);

// SAFETY: VuSlot holds no JS values, so it is valid for any lifetime.
unsafe impl<'js> JsLifetime<'js> for VuSlot {
    type Changed<'to> = VuSlot;
}

/// The state of the VU whose JS is running in `ctx`.
///
/// # Panics
/// When `ctx` does not belong to a VU (never the case for natives called from scripts).
pub fn vu(ctx: &Ctx<'_>) -> Rc<VuState> {
    ctx.userdata::<VuSlot>().expect("every Stampede context belongs to a VU").0.clone()
}

/// The error natives throw when a VU is stopped while they wait.
pub const INTERRUPTED: &str = "context canceled";

/// Waits for `fut` while suspending only this VU's coroutine. When the VU's iteration is
/// interrupted (end of gracefulStop, test abort) it stops waiting and throws.
pub fn block_on<'js, F: Future>(ctx: &Ctx<'js>, fut: F) -> rquickjs::Result<F::Output> {
    let state = vu(ctx);
    if state.is_aborting() {
        return Err(throw_go_error(ctx, INTERRUPTED));
    }
    let stop = state.hard_stop();
    let raced = crate::coroutine::block_on(async {
        tokio::select! {
            biased;
            v = fut => Some(v),
            _ = stop.cancelled() => None,
        }
    });
    raced.ok_or_else(|| throw_go_error(ctx, INTERRUPTED))
}

/// Starts `work` on the VU's thread; `then` runs on the VU's JS stack when it is idle.
pub fn spawn<'js, T, F, C>(ctx: &Ctx<'js>, work: F, then: C) -> OpId
where
    T: 'static,
    F: Future<Output = T> + 'static,
    C: for<'a> FnOnce(&Ctx<'a>, T) -> rquickjs::Result<()> + 'static,
{
    vu(ctx).event_loop.spawn(work, then)
}

/// Throws an error the way k6 throws errors raised by its Go code: an `Error` named `GoError`
/// (scripts print it as `GoError: message`).
pub fn throw_go_error(ctx: &Ctx<'_>, message: &str) -> rquickjs::Error {
    match rquickjs::Exception::from_message(ctx.clone(), message) {
        Ok(e) => {
            let _ = e.set("name", "GoError");
            ctx.throw(e.into_value())
        }
        Err(e) => e,
    }
}
