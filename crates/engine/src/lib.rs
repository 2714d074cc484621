//! Test lifecycle, options consolidation, executors, VU scheduling and execution segments.
