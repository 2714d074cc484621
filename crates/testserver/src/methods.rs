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
];

/// Fully-qualified names of the application services (health reports each as SERVING).
pub const SERVICE_NAMES: &[&str] = &[
    "routeguide.RouteGuide",
    "quickpizza.GRPC",
    "stampede.test.v1.Echo",
    "legacy.LegacySvc",
];
