//! The initialised VUs of a run, lent to executors and returned when a scenario is done with them.

use std::sync::{Arc, Mutex};

use script::VuHandle;

/// VUs that are initialised and idle.
#[derive(Default)]
pub struct VuBuffer {
    idle: Mutex<Vec<Arc<VuHandle>>>,
}

impl VuBuffer {
    /// Adds an initialised VU.
    pub fn put(&self, vu: Arc<VuHandle>) {
        self.idle.lock().expect("vu buffer poisoned").push(vu);
    }

    /// Takes up to `n` idle VUs, lowest ids first (so `__VU` numbering matches k6 for simple runs).
    pub fn take(&self, n: usize) -> Vec<Arc<VuHandle>> {
        let mut idle = self.idle.lock().expect("vu buffer poisoned");
        idle.sort_by_key(|v| std::cmp::Reverse(v.id));
        let keep = idle.len().saturating_sub(n);
        let mut taken = idle.split_off(keep);
        taken.reverse();
        taken
    }

    /// Number of idle VUs.
    pub fn len(&self) -> usize {
        self.idle.lock().expect("vu buffer poisoned").len()
    }

    /// True when no VU is idle.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every idle VU (they exit).
    pub fn clear(&self) {
        self.idle.lock().expect("vu buffer poisoned").clear();
    }
}
