//! `reflectMetadata`: the metadata given to `reflect` reaches the server on the reflection RPC.

use crate::transport_support;

use std::sync::{Arc, Mutex};

use grpc::reflection::reflect;
use grpc::transport::{Connection, MetadataInput, request_metadata};
use prost_types::FileDescriptorSet;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use transport_support::*;

#[tokio::test]
async fn reflection_metadata_reaches_the_server() {
    let pool = echo_pool();
    let set = FileDescriptorSet { file: pool.files().map(|f| f.file_descriptor_proto().clone()).collect() };
    let reflection =
        tonic_reflection::server::Builder::configure().register_file_descriptor_set(set).build_v1().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let service = InterceptedService::new(reflection, move |req: tonic::Request<()>| {
        if let Some(v) = req.metadata().get("x-refl") {
            record.lock().unwrap().push(v.to_str().unwrap_or_default().to_owned());
        }
        Ok(req)
    });
    let incoming = TcpIncoming::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = incoming.local_addr().unwrap();
    tokio::spawn(Server::builder().add_service(service).serve_with_incoming(incoming));

    let conn = Connection::connect(&plaintext(&addr.to_string())).await.unwrap();
    let entries = [("X-Refl", MetadataInput::Text("yes".into()))];
    let md = request_metadata(entries.iter().map(|(k, v)| (*k, v))).unwrap();
    let reflected = reflect(&conn, md).await.unwrap();
    assert!(reflected.get_service_by_name("stampede.test.v1.Echo").is_some());
    assert_eq!(seen.lock().unwrap().first().map(String::as_str), Some("yes"));
}
