//! The allocator of every VU's QuickJS heap: mimalloc instead of the C library's malloc, which
//! QuickJS calls by default even when the Rust side uses another global allocator.
//!
//! A VU heap is ~1,900 small blocks, and each call allocates and frees dozens more. glibc's malloc
//! adds a 16-byte header to each block and grows a thread's arena one page at a time with an
//! `mprotect` per page (56 calls per VU on start-up); mimalloc keeps size-classed pages without
//! per-block headers and thread-local free lists.

use rquickjs::allocator::Allocator;

/// QuickJS allocations through mimalloc (its own thread-local heaps, so VU threads never contend).
pub(crate) struct MiHeap;

// SAFETY: each function forwards to mimalloc's malloc family, which has the C semantics QuickJS
// expects (null on failure, any pointer freed once, 16-byte alignment).
unsafe impl Allocator for MiHeap {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        // SAFETY: plain allocation.
        unsafe { libmimalloc_sys::mi_malloc(size).cast() }
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        // SAFETY: plain allocation (mimalloc checks the multiplication).
        unsafe { libmimalloc_sys::mi_calloc(count, size).cast() }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: QuickJS frees only what this allocator returned.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is null or came from this allocator.
        unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: `ptr` is null or came from this allocator.
        unsafe { libmimalloc_sys::mi_usable_size(ptr.cast()) }
    }
}

/// Transparent huge pages off while it lives (for the whole process: the setting is per process).
///
/// Starting thousands of VUs faults in GiBs at once. mimalloc asks for huge pages on its arenas,
/// and on a kernel that compacts memory for such requests (`defrag=madvise`, a common default) a
/// 2 MiB fault can wait for compaction: starting 10,000 VUs took 4.4-7.2 s with huge pages
/// (2.5-4.3 s of it kernel time, depending on how fragmented free memory was) and 4.3 s every time
/// without. In steady state huge pages save TLB misses: 1,000 busy VUs whose heaps were faulted in
/// without them took ~8% more CPU per call. So they are turned off only while many VUs start, and
/// come back for what is allocated afterwards.
pub struct HugePagesOff(bool);

impl HugePagesOff {
    /// Turns huge pages off when `off` (unless they already were).
    pub fn new(off: bool) -> Self {
        // SAFETY: prctl with integer arguments only.
        let was_on = off && unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) } == 0;
        // SAFETY: as above.
        Self(was_on && unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) } == 0)
    }
}

impl Drop for HugePagesOff {
    fn drop(&mut self) {
        if self.0 {
            // SAFETY: prctl with integer arguments only.
            unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HugePagesOff;

    fn disabled() -> libc::c_int {
        // SAFETY: prctl with integer arguments only.
        unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }
    }

    #[test]
    fn huge_pages_are_off_only_while_the_guard_lives() {
        if disabled() != 0 {
            return; // not supported here, or already off for the process: nothing to toggle
        }
        {
            let _kept_on = HugePagesOff::new(false);
            assert_eq!(disabled(), 0);
        }
        {
            let _off = HugePagesOff::new(true);
            assert_eq!(disabled(), 1);
            // A nested guard leaves the setting to the outer one.
            drop(HugePagesOff::new(true));
            assert_eq!(disabled(), 1);
        }
        assert_eq!(disabled(), 0);
    }
}
