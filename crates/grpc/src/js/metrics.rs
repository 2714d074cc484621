//! The gRPC metrics (k6 §7): `grpc_req_duration` and the stream counters, registered when a script
//! imports `k6/net/grpc`, plus two Stampede additions, `grpc_reqs` (Counter) and `grpc_req_failed`
//! (Rate, 1 when the status is not OK).
//!
//! The additions are resolved lazily at the first RPC (never during init), so a script that
//! declares its own metric of one of those names keeps it: with another type Stampede emits
//! nothing under that name. `STAMPEDE_GRPC_EXTRA_METRICS=false` turns them off.

use std::sync::{Arc, OnceLock};

use metrics::{MetricId, MetricType, Registry, TagSet, ValueType};
use script::{Program, VuState};

/// The env var that turns the Stampede-only metrics off (`false`).
pub const EXTRA_METRICS_ENV: &str = "STAMPEDE_GRPC_EXTRA_METRICS";

/// The gRPC metric ids of one run, shared by all VUs.
pub(crate) struct GrpcMetrics {
    /// `grpc_req_duration` (Trend, time).
    pub(crate) req_duration: Option<MetricId>,
    /// `grpc_streams` (Counter).
    pub(crate) streams: Option<MetricId>,
    /// `grpc_streams_msgs_sent` (Counter).
    pub(crate) streams_msgs_sent: Option<MetricId>,
    /// `grpc_streams_msgs_received` (Counter).
    pub(crate) streams_msgs_received: Option<MetricId>,
    extra: OnceLock<ExtraMetrics>,
    system_tags: OnceLock<SystemTags>,
}

/// Ids of the Stampede additions (None: off, or the script owns the name with another type).
#[derive(Debug, Clone, Copy)]
struct ExtraMetrics {
    reqs: Option<MetricId>,
    failed: Option<MetricId>,
}

/// Which of the gRPC system tags the `systemTags` option keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SystemTags {
    pub(crate) name: bool,
    pub(crate) method: bool,
    pub(crate) service: bool,
    pub(crate) url: bool,
    pub(crate) status: bool,
    /// Off unless `systemTags` lists it (k6's default list does not).
    pub(crate) ip: bool,
}

impl GrpcMetrics {
    /// The run's instance, registering the k6 metrics on first use.
    pub(crate) fn for_program(program: &Program) -> Arc<Self> {
        program.extension(|| Self::register(&program.registry))
    }

    fn register(registry: &Registry) -> Self {
        let r = |name: &str, t, v| registry.register(name, t, v).ok();
        Self {
            req_duration: r("grpc_req_duration", MetricType::Trend, ValueType::Time),
            streams: r("grpc_streams", MetricType::Counter, ValueType::Default),
            streams_msgs_sent: r("grpc_streams_msgs_sent", MetricType::Counter, ValueType::Default),
            streams_msgs_received: r("grpc_streams_msgs_received", MetricType::Counter, ValueType::Default),
            extra: OnceLock::new(),
            system_tags: OnceLock::new(),
        }
    }

    fn extra(&self, program: &Program) -> ExtraMetrics {
        *self.extra.get_or_init(|| {
            if !program.addition_enabled(EXTRA_METRICS_ENV) {
                return ExtraMetrics { reqs: None, failed: None };
            }
            let r = |name: &str, t| {
                if let Some(existing) = program.registry.get(name) {
                    return (existing.metric_type == t).then_some(existing.id);
                }
                program.registry.register(name, t, ValueType::Default).ok()
            };
            ExtraMetrics { reqs: r("grpc_reqs", MetricType::Counter), failed: r("grpc_req_failed", MetricType::Rate) }
        })
    }

    /// The system tags enabled for the run (all five unless `systemTags` says otherwise).
    pub(crate) fn system_tags(&self, program: &Program) -> SystemTags {
        *self.system_tags.get_or_init(|| {
            let options = program.options_json();
            let Some(list) = options.get("systemTags").and_then(|v| v.as_array()) else {
                return SystemTags { name: true, method: true, service: true, url: true, status: true, ip: false };
            };
            let has = |t: &str| list.iter().any(|v| v.as_str() == Some(t));
            SystemTags {
                name: has("name"),
                method: has("method"),
                service: has("service"),
                url: has("url"),
                status: has("status"),
                ip: has("ip"),
            }
        })
    }

    /// Records one finished RPC: `grpc_req_duration` and the Stampede additions, all with `tags`.
    pub(crate) fn record_rpc(&self, vu: &VuState, duration_ms: f64, ok: bool, tags: TagSet) {
        let extra = self.extra(&vu.program);
        if let Some(id) = extra.reqs {
            vu.record_with_tags(id, 1.0, tags.clone());
        }
        if let Some(id) = extra.failed {
            vu.record_with_tags(id, if ok { 0.0 } else { 1.0 }, tags.clone());
        }
        if let Some(id) = self.req_duration {
            vu.record_with_tags(id, duration_ms, tags);
        }
    }
}
