//! VUs as stackful coroutines driven as tokio tasks, and [`block_on`], which lets synchronous k6
//! calls (`sleep`, `invoke`) wait for a future by suspending only the calling VU's coroutine.
//!
//! A [`CoroutineTask`] is a future: polling it resumes the coroutine; when code on the coroutine
//! calls [`block_on`] on a pending future, the coroutine suspends and the task returns `Pending`.
//! The waker of that future is the task's waker, so tokio resumes the VU when the future can make
//! progress. Thousands of VUs thus share one thread, each with its own small stack.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

/// Size of each VU's coroutine stack. Memory is committed only as pages are touched, so this is
/// mostly address space; QuickJS is told to stop at 3/4 of it ([`JS_STACK_LIMIT`]).
pub const VU_STACK_SIZE: usize = 1024 * 1024;

/// QuickJS stack limit: below the coroutine stack, leaving room for the Rust frames of natives
/// (h2 polls, TLS) so runaway recursion raises a catchable `RangeError` instead of overflowing.
pub const JS_STACK_LIMIT: usize = VU_STACK_SIZE * 3 / 4;

/// State shared between a coroutine and the task that drives it.
struct Shared {
    yielder: Cell<*const Yielder<(), ()>>,
    waker: RefCell<Option<Waker>>,
    /// Lowest usable address of the coroutine's stack.
    stack_limit: Cell<usize>,
}

thread_local! {
    /// The coroutine running on this thread right now (null when none is).
    static CURRENT: Cell<*const Shared> = const { Cell::new(std::ptr::null()) };
}

/// A coroutine run as a future; `R` is what its body returns.
pub struct CoroutineTask<R> {
    coroutine: Coroutine<(), (), R, DefaultStack>,
    shared: Box<Shared>,
}

impl<R: 'static> CoroutineTask<R> {
    /// Prepares `body` to run on a fresh coroutine stack. The body starts on the first poll.
    pub fn new<F>(body: F) -> std::io::Result<Self>
    where
        F: FnOnce() -> R + 'static,
    {
        let shared = Box::new(Shared {
            yielder: Cell::new(std::ptr::null()),
            waker: RefCell::new(None),
            stack_limit: Cell::new(0),
        });
        let shared_ptr: *const Shared = &*shared;
        let stack = DefaultStack::new(VU_STACK_SIZE)?;
        shared.stack_limit.set(corosensei::stack::Stack::limit(&stack).get());
        let coroutine = Coroutine::with_stack(stack, move |yielder: &Yielder<(), ()>, ()| {
            // SAFETY: `shared` is boxed and outlives the coroutine (both live in the task).
            unsafe { (*shared_ptr).yielder.set(yielder) };
            body()
        });
        Ok(Self { coroutine, shared })
    }
}

impl<R> Future for CoroutineTask<R> {
    type Output = R;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = &mut *self;
        {
            let mut waker = this.shared.waker.borrow_mut();
            match &*waker {
                Some(w) if w.will_wake(cx.waker()) => {}
                _ => *waker = Some(cx.waker().clone()),
            }
        }
        let previous = CURRENT.with(|c| c.replace(&*this.shared));
        let result = this.coroutine.resume(());
        CURRENT.with(|c| c.set(previous));
        match result {
            CoroutineResult::Yield(()) => Poll::Pending,
            CoroutineResult::Return(r) => Poll::Ready(r),
        }
    }
}

/// True when the caller runs on a VU coroutine (so [`block_on`] may be used).
pub fn on_coroutine() -> bool {
    CURRENT.with(|c| !c.get().is_null())
}

/// Gives the pages of the current coroutine's stack that lie below the live frames back to the
/// OS. A VU's init context runs deep (module linking, bytecode loading) and then idles shallow;
/// without this, every VU would keep those pages for the whole test.
pub fn release_unused_stack() {
    let shared = CURRENT.with(|c| c.get());
    if shared.is_null() {
        return;
    }
    // SAFETY: CURRENT points at the running coroutine's Shared.
    let limit = unsafe { (*shared).stack_limit.get() };
    let marker = 0u8;
    let sp = std::ptr::addr_of!(marker) as usize;
    const PAGE: usize = 4096;
    // Keep a page below the current frame for the calls this function still makes (madvise).
    let end = (sp.saturating_sub(PAGE)) & !(PAGE - 1);
    let start = (limit + PAGE - 1) & !(PAGE - 1);
    if end > start {
        // SAFETY: [start, end) is inside this coroutine's own stack mapping and below every live
        // frame; MADV_DONTNEED only drops the pages' contents (they read back as zeros).
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED) };
    }
}

/// Runs `fut` to completion, suspending the current coroutine while it is pending.
///
/// # Panics
/// When called outside a coroutine (a bug: natives that block are only reachable from VU code).
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    loop {
        let shared = CURRENT.with(|c| c.get());
        assert!(!shared.is_null(), "block_on called outside a VU coroutine");
        // SAFETY: CURRENT points at the Shared of the coroutine we are running on; it lives as long
        // as that coroutine.
        let shared = unsafe { &*shared };
        let waker = shared.waker.borrow().clone().expect("coroutine polled without a waker");
        let mut cx = Context::from_waker(&waker);
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        // Hand control back to the task; we come back here when the waker fires.
        let yielder = shared.yielder.get();
        // SAFETY: set at coroutine start, valid for the coroutine's lifetime.
        unsafe { (*yielder).suspend(()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;
    use std::time::Duration;

    #[test]
    fn many_coroutines_interleave_on_one_thread() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let local = tokio::task::LocalSet::new();
        let order = Rc::new(RefCell::new(Vec::new()));
        local.block_on(&rt, async {
            let mut handles = Vec::new();
            for i in 0..3u64 {
                let order = order.clone();
                let task = CoroutineTask::new(move || {
                    block_on(tokio::time::sleep(Duration::from_millis(30 - i * 10)));
                    order.borrow_mut().push(i);
                    i * 2
                })
                .unwrap();
                handles.push(tokio::task::spawn_local(task));
            }
            let mut results = Vec::new();
            for h in handles {
                results.push(h.await.unwrap());
            }
            assert_eq!(results, vec![0, 2, 4]);
        });
        assert_eq!(*order.borrow(), vec![2, 1, 0]);
    }
}
