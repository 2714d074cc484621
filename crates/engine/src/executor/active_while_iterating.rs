//! The arrival-rate executors' rule for active VUs (as k6 1.1.0 reports them): a VU counts in
//! `vus_active` — the `vus` metric, the status line, `exec.instance.vusActive` — only while it
//! runs an iteration, not while it waits idle in the pool for the next scheduled one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::future::BoxFuture;
use script::{IterationGate, Program};

/// One VU's gate: active from a granted iteration until the VU asks for the next one (its
/// iteration is done) or leaves.
pub(super) struct ActiveWhileIterating {
    inner: Arc<dyn IterationGate>,
    program: Arc<Program>,
    iterating: AtomicBool,
}

impl ActiveWhileIterating {
    pub(super) fn new(inner: Arc<dyn IterationGate>, program: &Arc<Program>) -> Self {
        Self { inner, program: program.clone(), iterating: AtomicBool::new(false) }
    }

    fn leave_iteration(&self) {
        if self.iterating.swap(false, Ordering::Relaxed) {
            self.program.instance.vus_active.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl IterationGate for ActiveWhileIterating {
    fn next(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            self.leave_iteration();
            let granted = self.inner.next().await;
            if granted {
                self.program.instance.vus_active.fetch_add(1, Ordering::Relaxed);
                self.iterating.store(true, Ordering::Relaxed);
            }
            granted
        })
    }
}

impl Drop for ActiveWhileIterating {
    fn drop(&mut self) {
        // An iteration cut off by the hard stop never asks for the next one.
        self.leave_iteration();
    }
}
