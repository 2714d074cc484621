//! Assembles the tonic router: the application services, health and reflection.

use std::io;

use tonic::service::Routes;
use tonic_health::ServingStatus;

use crate::config::{ReflectionVersions, ServerConfig};
use crate::methods::SERVICE_NAMES;
use crate::pb::FILE_DESCRIPTOR_SET;
use crate::pb::legacy::legacy_svc_server::LegacySvcServer;
use crate::pb::probe::v1::probe_server::ProbeServer;
use crate::pb::quickpizza::grpc_server::GrpcServer;
use crate::pb::routeguide::route_guide_server::RouteGuideServer;
use crate::pb::side::v1::side_server::SideServer;
use crate::pb::stampede::test::v1::echo_server::EchoServer;
use crate::services::call::Shared;
use crate::services::echo::EchoService;
use crate::services::legacy::LegacyService;
use crate::services::probe::{ProbeService, SideService};
use crate::services::quickpizza::QuickPizzaService;
use crate::services::route_guide::RouteGuideService;
use crate::services::trailers::WithTrailers;

/// Health-check name reported as NOT_SERVING, for scripts testing that path.
pub(crate) const NOT_SERVING_SERVICE: &str = "svc.down";

/// Largest request message the application services accept (the limit the k6 spec's probe
/// server used; tonic's default is 4 MiB). Replies are not limited.
pub(crate) const MAX_REQUEST_BYTES: usize = 8 << 20;

fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
}

/// Builds the routes to every service `cfg` enables.
pub(crate) async fn build(cfg: &ServerConfig, shared: Shared) -> io::Result<Routes> {
    let max = MAX_REQUEST_BYTES;
    let mut router =
        Routes::new(RouteGuideServer::new(RouteGuideService { shared: shared.clone() }).max_decoding_message_size(max))
            .add_service(GrpcServer::new(QuickPizzaService { shared: shared.clone() }).max_decoding_message_size(max))
            .add_service(WithTrailers(
                EchoServer::new(EchoService { shared: shared.clone() }).max_decoding_message_size(max),
            ))
            .add_service(LegacySvcServer::new(LegacyService { shared: shared.clone() }).max_decoding_message_size(max))
            .add_service(WithTrailers(
                ProbeServer::new(ProbeService { shared: shared.clone() }).max_decoding_message_size(max),
            ))
            .add_service(SideServer::new(SideService { shared }).max_decoding_message_size(max));

    if cfg.health {
        let (reporter, health) = tonic_health::server::health_reporter();
        for name in SERVICE_NAMES {
            reporter.set_service_status(*name, ServingStatus::Serving).await;
        }
        reporter.set_service_status(NOT_SERVING_SERVICE, ServingStatus::NotServing).await;
        router = router.add_service(health);
    }

    if cfg.reflection {
        let (v1, v1alpha) = match cfg.reflection_versions {
            ReflectionVersions::Both => (true, true),
            ReflectionVersions::V1Only => (true, false),
            ReflectionVersions::V1AlphaOnly => (false, true),
        };
        if v1 {
            router = router.add_service(reflection_builder().build_v1().map_err(io::Error::other)?);
        }
        if v1alpha {
            router = router.add_service(reflection_builder().build_v1alpha().map_err(io::Error::other)?);
        }
    }
    Ok(router)
}
