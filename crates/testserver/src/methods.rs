//! Full method paths of every RPC the test server implements, as constants so tests, the
//! request log and scripts agree on the spelling.

/// `routeguide.RouteGuide/GetFeature` (unary).
pub const ROUTE_GUIDE_GET_FEATURE: &str = "/routeguide.RouteGuide/GetFeature";
/// `routeguide.RouteGuide/ListFeatures` (server streaming).
pub const ROUTE_GUIDE_LIST_FEATURES: &str = "/routeguide.RouteGuide/ListFeatures";
/// `routeguide.RouteGuide/RecordRoute` (client streaming).
pub const ROUTE_GUIDE_RECORD_ROUTE: &str = "/routeguide.RouteGuide/RecordRoute";
/// `routeguide.RouteGuide/RouteChat` (bidi streaming).
pub const ROUTE_GUIDE_ROUTE_CHAT: &str = "/routeguide.RouteGuide/RouteChat";
/// `quickpizza.GRPC/Status` (unary).
pub const QUICKPIZZA_STATUS: &str = "/quickpizza.GRPC/Status";
/// `quickpizza.GRPC/RatePizza` (unary).
pub const QUICKPIZZA_RATE_PIZZA: &str = "/quickpizza.GRPC/RatePizza";
/// `stampede.test.v1.Echo/Echo` (unary).
pub const ECHO_ECHO: &str = "/stampede.test.v1.Echo/Echo";
/// `stampede.test.v1.Echo/ServerStream` (server streaming).
pub const ECHO_SERVER_STREAM: &str = "/stampede.test.v1.Echo/ServerStream";
/// `stampede.test.v1.Echo/ClientStream` (client streaming).
pub const ECHO_CLIENT_STREAM: &str = "/stampede.test.v1.Echo/ClientStream";
/// `stampede.test.v1.Echo/Bidi` (bidi streaming).
pub const ECHO_BIDI: &str = "/stampede.test.v1.Echo/Bidi";
/// `stampede.test.v1.Echo/Ping` (unary, `Empty` → `Empty`).
pub const ECHO_PING: &str = "/stampede.test.v1.Echo/Ping";
/// `legacy.LegacySvc/Echo` (unary, proto2 messages).
pub const LEGACY_ECHO: &str = "/legacy.LegacySvc/Echo";

/// `probe.v1.Probe/Echo` (unary, `Everything` echo).
pub const PROBE_ECHO: &str = "/probe.v1.Probe/Echo";
/// `probe.v1.Probe/Fail` (unary, fails as asked).
pub const PROBE_FAIL: &str = "/probe.v1.Probe/Fail";
/// `probe.v1.Probe/Info` (unary, reports the request).
pub const PROBE_INFO: &str = "/probe.v1.Probe/Info";
/// `probe.v1.Probe/Big` (unary, sized payloads).
pub const PROBE_BIG: &str = "/probe.v1.Probe/Big";
/// `probe.v1.Probe/ServerStream` (server streaming).
pub const PROBE_SERVER_STREAM: &str = "/probe.v1.Probe/ServerStream";
/// `probe.v1.Probe/ClientStream` (client streaming).
pub const PROBE_CLIENT_STREAM: &str = "/probe.v1.Probe/ClientStream";
/// `probe.v1.Probe/Bidi` (bidi streaming).
pub const PROBE_BIDI: &str = "/probe.v1.Probe/Bidi";
/// `probe.v1.Probe/EchoString` (unary, `StringValue`).
pub const PROBE_ECHO_STRING: &str = "/probe.v1.Probe/EchoString";
/// `probe.v1.Probe/EchoInt64` (unary, `Int64Value`).
pub const PROBE_ECHO_INT64: &str = "/probe.v1.Probe/EchoInt64";
/// `probe.v1.Probe/EchoEmpty` (unary, `Empty`).
pub const PROBE_ECHO_EMPTY: &str = "/probe.v1.Probe/EchoEmpty";
/// `probe.v1.Probe/EchoTimestamp` (unary, `Timestamp`).
pub const PROBE_ECHO_TIMESTAMP: &str = "/probe.v1.Probe/EchoTimestamp";
/// `probe.v1.Probe/NotImplemented` (always UNIMPLEMENTED).
pub const PROBE_NOT_IMPLEMENTED: &str = "/probe.v1.Probe/NotImplemented";
/// `side.v1.Side/Ping` (unary, echoes a `common.v1.Ping`).
pub const SIDE_PING: &str = "/side.v1.Side/Ping";

/// Every method above (the request log counts exactly these).
pub const ALL_METHODS: &[&str] = &[
    ROUTE_GUIDE_GET_FEATURE,
    ROUTE_GUIDE_LIST_FEATURES,
    ROUTE_GUIDE_RECORD_ROUTE,
    ROUTE_GUIDE_ROUTE_CHAT,
    QUICKPIZZA_STATUS,
    QUICKPIZZA_RATE_PIZZA,
    ECHO_ECHO,
    ECHO_SERVER_STREAM,
    ECHO_CLIENT_STREAM,
    ECHO_BIDI,
    ECHO_PING,
    LEGACY_ECHO,
    PROBE_ECHO,
    PROBE_FAIL,
    PROBE_INFO,
    PROBE_BIG,
    PROBE_SERVER_STREAM,
    PROBE_CLIENT_STREAM,
    PROBE_BIDI,
    PROBE_ECHO_STRING,
    PROBE_ECHO_INT64,
    PROBE_ECHO_EMPTY,
    PROBE_ECHO_TIMESTAMP,
    PROBE_NOT_IMPLEMENTED,
    SIDE_PING,
];

/// Fully-qualified names of the application services (health reports each as SERVING).
pub const SERVICE_NAMES: &[&str] = &[
    "routeguide.RouteGuide",
    "quickpizza.GRPC",
    "stampede.test.v1.Echo",
    "legacy.LegacySvc",
    "probe.v1.Probe",
    "side.v1.Side",
];
