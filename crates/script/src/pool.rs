//! The VU threads: one OS thread per core (or `--threads`), each with a current-thread tokio
//! runtime and a `LocalSet` on which VU coroutines are spawned and stay pinned. The engine talks to
//! VUs through [`VuHandle`]s from any thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::coroutine::CoroutineTask;
use crate::error::{ErrorKind, ScriptError};
use crate::program::Program;
use crate::state::{Activity, ActivityReport, Phase};
use crate::vu::{CallOutput, ScriptInfo, VuCommand, vu_main};

type Job = Box<dyn FnOnce() + Send>;

/// How often each VU thread sends its buffered samples to the collector.
const SAMPLE_FLUSH_INTERVAL: Duration = Duration::from_millis(100);

/// The threads VUs run on.
pub struct VuPool {
    program: Arc<Program>,
    workers: Vec<(mpsc::UnboundedSender<Job>, JoinHandle<()>)>,
    next: AtomicUsize,
}

impl VuPool {
    /// Starts `threads` VU threads for `program`.
    pub fn new(program: Arc<Program>, threads: usize) -> std::io::Result<Self> {
        let mut workers = Vec::new();
        for i in 0..threads.max(1) {
            let (tx, rx) = mpsc::unbounded_channel::<Job>();
            let handle = std::thread::Builder::new().name(format!("vu-{i}")).spawn(move || worker_main(rx))?;
            workers.push((tx, handle));
        }
        Ok(Self { program, workers, next: AtomicUsize::new(0) })
    }

    /// The program the VUs run.
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Creates VU `id` on the next thread and runs its init context. `want_info` asks for what
    /// the script exports (used for the first, options-reading VU).
    pub async fn spawn_vu(
        &self,
        id: u64,
        id_in_test: u64,
        want_info: bool,
    ) -> Result<(VuHandle, ScriptInfo), ScriptError> {
        let (tx, rx) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = oneshot::channel();
        let program = self.program.clone();
        let job: Job = Box::new(move || {
            let body = move || vu_main(program, id, id_in_test, want_info, rx, ready_tx);
            match CoroutineTask::new(body) {
                Ok(task) => {
                    tokio::task::spawn_local(task);
                }
                Err(e) => eprintln!("could not allocate a VU stack: {e}"),
            }
        });
        let worker = self.next.fetch_add(1, Ordering::Relaxed) % self.workers.len();
        self.workers[worker].0.send(job).map_err(|_| ScriptError::new(ErrorKind::Internal, "VU thread is gone"))?;
        let info = ready_rx
            .await
            .map_err(|_| ScriptError::new(ErrorKind::Internal, "VU stopped during init (out of memory or stack?)"))??;
        Ok((VuHandle { id, tx }, info))
    }

    /// Sends every thread's buffered samples to the collector; when this returns, every sample
    /// recorded before the call is in the collector's channel.
    pub async fn flush_samples(&self) {
        self.on_every_thread(crate::state::flush_thread_samples).await;
    }

    /// Flushes and drops every thread's sample buffer (with [`Program::close_samples`], this
    /// lets the collector see the end of the samples while VUs can still run `handleSummary`).
    pub async fn close_samples(&self) {
        self.on_every_thread(crate::state::close_thread_samples).await;
    }

    async fn on_every_thread(&self, f: fn()) {
        let mut acks = Vec::new();
        for (tx, _) in &self.workers {
            let (ack, rx) = oneshot::channel();
            let job: Job = Box::new(move || {
                f();
                let _ = ack.send(());
            });
            if tx.send(job).is_ok() {
                acks.push(rx);
            }
        }
        for rx in acks {
            let _ = rx.await;
        }
    }

    /// Stops the threads after every VU handle was dropped and their VUs finished.
    pub fn shutdown(self) {
        for (tx, handle) in self.workers {
            drop(tx);
            let _ = handle.join();
        }
    }

    /// Leaves the threads and their VUs running until the process exits, for a caller that exits
    /// right after: freeing ten thousand VUs one by one takes seconds and returns nothing to the
    /// system that the exit would not.
    pub fn abandon(self) {
        std::mem::forget(self);
    }
}

fn worker_main(mut jobs: mpsc::UnboundedReceiver<Job>) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("could not start a VU thread runtime: {e}");
            return;
        }
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let flusher = tokio::task::spawn_local(async {
            let mut tick = tokio::time::interval(SAMPLE_FLUSH_INTERVAL);
            loop {
                tick.tick().await;
                crate::state::flush_thread_samples();
            }
        });
        while let Some(job) = jobs.recv().await {
            job();
        }
        flusher.abort();
    });
    // Let VUs still running finish (their handles are gone, so they leave their command loops).
    runtime.block_on(local);
    crate::state::close_thread_samples();
}

/// Commands one VU from any thread. Dropping it lets the VU exit.
pub struct VuHandle {
    /// `__VU`.
    pub id: u64,
    /// Commands are boxed: the channel allocates its first block of 32 slots up front, which
    /// for the command itself (~90 bytes) would be ~3 KiB per VU.
    tx: mpsc::UnboundedSender<Box<VuCommand>>,
}

impl VuHandle {
    /// Runs iterations for `activity` until its gate closes or it is hard-stopped.
    pub async fn run(&self, activity: Activity) -> ActivityReport {
        let (done, rx) = oneshot::channel();
        if self.tx.send(Box::new(VuCommand::Run { activity, done })).is_err() {
            return ActivityReport::default();
        }
        rx.await.unwrap_or_default()
    }

    /// Calls a lifecycle function (`setup`, `teardown`, `handleSummary`) with a JSON argument.
    pub async fn call(
        &self,
        phase: Phase,
        func: &'static str,
        arg_json: Option<Arc<str>>,
        hard_stop: CancellationToken,
    ) -> Result<CallOutput, ScriptError> {
        self.call_until(phase, func, arg_json, hard_stop, None).await
    }

    /// [`call`](Self::call) with a deadline (`setupTimeout`, `teardownTimeout`) that also caps
    /// the deadline of calls the function makes, as k6's context does.
    pub async fn call_until(
        &self,
        phase: Phase,
        func: &'static str,
        arg_json: Option<Arc<str>>,
        hard_stop: CancellationToken,
        deadline: Option<std::time::Instant>,
    ) -> Result<CallOutput, ScriptError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Box::new(VuCommand::Call { phase, func, arg_json, hard_stop, deadline, reply }))
            .map_err(|_| ScriptError::new(ErrorKind::Internal, "VU is gone"))?;
        rx.await.map_err(|_| ScriptError::new(ErrorKind::Internal, format!("VU stopped while running {func}()")))?
    }
}
