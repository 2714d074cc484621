//! The gRPC test server: RouteGuide, QuickPizza and a kitchen-sink echo service, with reflection, health, TLS and mTLS.
