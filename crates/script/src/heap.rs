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
