//! The JavaScript runtime of Stampede: one QuickJS runtime per VU on a stackful coroutine, the module loader, k6 core modules and the runtime API protocol modules plug into.
