//! `load_protoset`: descriptor sets from disk, with clear errors where k6 1.1.0 crashes.

use std::fs;

use grpc::protos::{ProtoError, load_protos, load_protoset, method_infos};
use prost::Message;

const SVC: &str = r#"syntax = "proto3";
package svc.v1;
import "dep/v1/dep.proto";
import "google/protobuf/empty.proto";
service Svc { rpc Get(dep.v1.Dep) returns (google.protobuf.Empty); }
"#;
const DEP: &str = "syntax = \"proto3\";\npackage dep.v1;\nmessage Dep { int64 id = 1; }\n";

fn set_bytes(include_imports: bool) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("dep/v1")).unwrap();
    fs::write(dir.path().join("dep/v1/dep.proto"), DEP).unwrap();
    fs::write(dir.path().join("svc.proto"), SVC).unwrap();
    let pool = load_protos(dir.path(), &[], &["svc.proto".into()]).unwrap();
    let mut set =
        prost_types::FileDescriptorSet { file: pool.files().map(|f| f.file_descriptor_proto().clone()).collect() };
    if !include_imports {
        set.file.retain(|f| f.name() == "svc.proto");
    }
    (dir, set.encode_to_vec())
}

#[test]
fn loads_a_set_relative_to_the_script_dir() {
    let (dir, bytes) = set_bytes(true);
    fs::write(dir.path().join("all.protoset"), bytes).unwrap();
    let pool = load_protoset(dir.path(), "all.protoset").unwrap();
    let methods = method_infos(&pool, &[]);
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].full_method, "/svc.v1.Svc/Get");
}

#[test]
fn well_known_imports_may_be_left_out_but_others_not() {
    let (dir, bytes) = set_bytes(false);
    fs::write(dir.path().join("lean.protoset"), bytes).unwrap();
    let err = load_protoset(dir.path(), "lean.protoset").unwrap_err();
    assert!(matches!(err, ProtoError::MissingImport(ref name) if name == "dep/v1/dep.proto"), "{err}");
    assert!(err.to_string().starts_with("proto: could not resolve import \"dep/v1/dep.proto\": not found"));
}

#[test]
fn empty_path_is_an_error_not_a_crash() {
    let err = load_protoset(std::path::Path::new("."), "").unwrap_err();
    assert!(matches!(err, ProtoError::EmptyProtosetPath));
}

#[test]
fn missing_file_names_the_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_protoset(dir.path(), "nope.protoset").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "couldn't open protoset: stat {}: no such file or directory",
            dir.path().join("nope.protoset").display()
        )
    );
}

#[test]
fn a_proto_source_is_not_a_protoset() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("svc.proto"), SVC).unwrap();
    let err = load_protoset(dir.path(), "svc.proto").unwrap_err().to_string();
    assert!(
        err.starts_with("couldn't unmarshal protoset file svc.proto: proto: cannot parse invalid wire-format data"),
        "{err}"
    );
}
