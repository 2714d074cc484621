//! Each VU's event loop: async work started by natives (`asyncInvoke`, timers, streams) runs as a
//! tokio task on the VU's thread; its result is queued and its JS continuation runs only when the
//! VU's JS stack is idle — after the exec function returns or while it awaits — as k6 does.
//!
//! Continuations (which hold JS values) live here, never inside the tokio tasks, so they can be
//! dropped deterministically before the VU's QuickJS runtime is freed.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::rc::{Rc, Weak};
use std::task::{Poll, Waker};

use rquickjs::Ctx;

type Continuation = Box<dyn for<'js> FnOnce(&Ctx<'js>, Box<dyn Any>) -> rquickjs::Result<()>>;
type InterruptHook = Box<dyn for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()>>;

#[derive(Default)]
struct Inner {
    ready: RefCell<VecDeque<(u64, Box<dyn Any>)>>,
    continuations: RefCell<HashMap<u64, Continuation>>,
    tasks: RefCell<HashMap<u64, tokio::task::AbortHandle>>,
    /// What pending ops do when the iteration is interrupted before they completed.
    interrupt_hooks: RefCell<HashMap<u64, InterruptHook>>,
    next_id: Cell<u64>,
    waker: RefCell<Option<Waker>>,
}

/// Identifies one piece of async work on a VU's event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OpId(u64);

impl OpId {
    /// The id as a number (timer ids handed to scripts).
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// An id from [`OpId::as_u64`].
    pub fn from_u64(id: u64) -> Self {
        Self(id)
    }
}

/// A VU's queue of async work and ready continuations.
#[derive(Default)]
pub struct EventLoop {
    inner: Rc<Inner>,
}

impl EventLoop {
    /// Starts `work` on this thread; when it completes, `then` runs on the VU's JS stack with its
    /// output. The iteration does not end before `then` has run (or the op is cancelled).
    pub fn spawn<T, F, C>(&self, work: F, then: C) -> OpId
    where
        T: 'static,
        F: Future<Output = T> + 'static,
        C: for<'js> FnOnce(&Ctx<'js>, T) -> rquickjs::Result<()> + 'static,
    {
        let id = self.inner.next_id.get();
        self.inner.next_id.set(id + 1);
        let continuation: Continuation = Box::new(move |ctx, value| {
            let value = *value.downcast::<T>().expect("event loop value of the spawned type");
            then(ctx, value)
        });
        self.inner.continuations.borrow_mut().insert(id, continuation);
        let weak: Weak<Inner> = Rc::downgrade(&self.inner);
        let handle = tokio::task::spawn_local(async move {
            let value = work.await;
            if let Some(inner) = weak.upgrade() {
                inner.tasks.borrow_mut().remove(&id);
                inner.ready.borrow_mut().push_back((id, Box::new(value)));
                if let Some(w) = inner.waker.borrow_mut().take() {
                    w.wake();
                }
            }
        });
        self.inner.tasks.borrow_mut().insert(id, handle.abort_handle());
        OpId(id)
    }

    /// Runs `hook` on the VU's JS stack if the iteration is interrupted (end of gracefulStop, test
    /// abort) while `op` is still pending; dropped once `op` completes or is cancelled. Streams use
    /// it to fire their `end` handlers, as k6 does for streams a stopped VU leaves open.
    pub fn on_interrupt<H>(&self, op: OpId, hook: H)
    where
        H: for<'js> FnOnce(&Ctx<'js>) -> rquickjs::Result<()> + 'static,
    {
        if self.inner.continuations.borrow().contains_key(&op.0) {
            self.inner.interrupt_hooks.borrow_mut().insert(op.0, Box::new(hook));
        }
    }

    /// Cancels an op: its work is aborted and its continuation never runs.
    pub fn cancel(&self, op: OpId) {
        self.inner.interrupt_hooks.borrow_mut().remove(&op.0);
        if let Some(task) = self.inner.tasks.borrow_mut().remove(&op.0) {
            task.abort();
        }
        self.inner.continuations.borrow_mut().remove(&op.0);
        self.inner.ready.borrow_mut().retain(|(id, _)| *id != op.0);
    }

    /// True while any op has not had its continuation run.
    pub fn has_pending(&self) -> bool {
        !self.inner.continuations.borrow().is_empty()
    }

    /// Takes the next ready continuation with its value.
    pub(crate) fn pop_ready(&self) -> Option<(Continuation, Box<dyn Any>)> {
        loop {
            let (id, value) = self.inner.ready.borrow_mut().pop_front()?;
            if let Some(c) = self.inner.continuations.borrow_mut().remove(&id) {
                self.inner.interrupt_hooks.borrow_mut().remove(&id);
                return Some((c, value));
            }
        }
    }

    /// Resolves when a continuation is ready.
    pub(crate) fn wait_ready(&self) -> impl Future<Output = ()> + '_ {
        std::future::poll_fn(move |cx| {
            if self.inner.ready.borrow().is_empty() {
                *self.inner.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
    }

    /// Ends an interrupted iteration (or a cut-short `setup()`/`teardown()`): aborts all work, then runs the interrupt hooks of the ops
    /// that were still pending, in the order the ops started (a hook that throws is ignored; the
    /// iteration is already over), and drops whatever those hooks started.
    pub(crate) fn interrupt(&self, ctx: &Ctx<'_>) {
        let mut hooks: Vec<_> = self.inner.interrupt_hooks.borrow_mut().drain().collect();
        hooks.sort_unstable_by_key(|(id, _)| *id);
        self.clear();
        for (_, hook) in hooks {
            if hook(ctx).is_err() {
                ctx.catch();
            }
        }
        self.clear();
    }

    /// Aborts all work and drops every continuation (end of an interrupted iteration, VU exit).
    pub fn clear(&self) {
        let hooks: Vec<_> = self.inner.interrupt_hooks.borrow_mut().drain().collect();
        drop(hooks);
        for (_, task) in self.inner.tasks.borrow_mut().drain() {
            task.abort();
        }
        let continuations: Vec<_> = self.inner.continuations.borrow_mut().drain().collect();
        drop(continuations);
        self.inner.ready.borrow_mut().clear();
    }
}
