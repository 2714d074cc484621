//! `load_protos`: k6's path rules, import resolution, well-known types, errors with positions.

use std::fs;
use std::path::Path;

use grpc::protos::{load_protos, merge_pools, method_infos};

const COMMON: &str = r#"syntax = "proto3";
package common.v1;
message Ping { string text = 1; }
"#;

const TOP: &str = r#"syntax = "proto3";
package top.v1;
import "common/v1/common.proto";
import "google/protobuf/timestamp.proto";
service Top {
  rpc Call(common.v1.Ping) returns (common.v1.Ping);
  rpc Watch(common.v1.Ping) returns (stream google.protobuf.Timestamp);
  rpc Upload(stream common.v1.Ping) returns (common.v1.Ping);
}
"#;

const BROKEN: &str = "syntax = \"proto3\";\npackage bad;\nmessage M {\n  string a = 1\n}\n";

const MISSING_IMPORT: &str = "syntax = \"proto3\";\npackage bad;\n\nimport \"does/not/exist.proto\";\nmessage M {}\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn layout() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let protos = root.path().join("protos");
    write(&protos, "common/v1/common.proto", COMMON);
    write(&protos, "top/v1/top.proto", TOP);
    write(&protos, "bad/broken.proto", BROKEN);
    write(&protos, "bad/missing_import.proto", MISSING_IMPORT);
    fs::create_dir_all(root.path().join("script")).unwrap();
    root
}

#[test]
fn import_paths_are_relative_to_the_script_dir_and_list_methods() {
    let root = layout();
    let script_dir = root.path().join("script");
    let pool = load_protos(&script_dir, &["../protos".into()], &["top/v1/top.proto".into()]).unwrap();
    assert!(pool.get_message_by_name("common.v1.Ping").is_some());
    assert!(pool.get_message_by_name("google.protobuf.Timestamp").is_some());
    let methods = method_infos(&pool, &[]);
    let names: Vec<_> = methods.iter().map(|m| m.full_method.as_str()).collect();
    assert_eq!(names, ["/top.v1.Top/Call", "/top.v1.Top/Watch", "/top.v1.Top/Upload"]);
    assert_eq!(methods[0].package, "top.v1");
    assert_eq!(methods[0].service, "Top");
    assert_eq!(methods[0].name, "Call");
    assert!(methods[1].is_server_stream && !methods[1].is_client_stream);
    assert!(methods[2].is_client_stream && !methods[2].is_server_stream);
    let json = serde_json::to_string(&methods[0]).unwrap();
    assert_eq!(
        json,
        r#"{"package":"top.v1","service":"Top","full_method":"/top.v1.Top/Call","name":"Call","is_client_stream":false,"is_server_stream":false}"#
    );
}

#[test]
fn empty_import_paths_mean_the_script_dir_and_dotdot_names_work() {
    let root = layout();
    let script_dir = root.path().join("script");
    let pool = load_protos(&script_dir, &[], &["../protos/common/v1/common.proto".into()]).unwrap();
    assert!(pool.get_message_by_name("common.v1.Ping").is_some());
    // Imports resolve only against the import paths, not next to the importing file.
    let err = load_protos(&script_dir, &[], &["../protos/top/v1/top.proto".into()]).unwrap_err();
    assert!(err.to_string().contains("common/v1/common.proto"), "{err}");
}

#[test]
fn absolute_and_file_url_import_paths() {
    let root = layout();
    let protos = root.path().join("protos");
    let abs = protos.to_str().unwrap().to_owned();
    let url = format!("file://{abs}");
    for import in [abs, url] {
        let pool = load_protos(Path::new("/nonexistent"), &[import], &["common/v1/common.proto".into()]).unwrap();
        assert!(pool.get_message_by_name("common.v1.Ping").is_some());
    }
}

#[test]
fn no_files_give_an_empty_pool() {
    let pool = load_protos(Path::new("."), &["x".into()], &[]).unwrap();
    assert_eq!(pool.files().len(), 0);
}

#[test]
fn missing_file_says_stat_like_k6() {
    let root = layout();
    let script_dir = root.path().join("script");
    let err = load_protos(&script_dir, &["../protos".into()], &["nope.proto".into()]).unwrap_err();
    let abs = script_dir.join("../protos/nope.proto");
    assert_eq!(err.to_string(), format!("../protos/nope.proto: stat {}: no such file or directory", abs.display()));
    let err = load_protos(&script_dir, &[], &["nope.proto".into()]).unwrap_err();
    assert_eq!(err.to_string(), format!("stat {}: no such file or directory", script_dir.join("nope.proto").display()));
}

#[test]
fn empty_file_name_is_a_directory() {
    let root = layout();
    let script_dir = root.path().join("script");
    let err = load_protos(&script_dir, &[], &[String::new()]).unwrap_err();
    assert!(err.to_string().starts_with("read "), "{err}");
    assert!(err.to_string().ends_with(": is a directory"), "{err}");
}

#[test]
fn syntax_error_has_file_line_col() {
    let root = layout();
    let err = load_protos(&root.path().join("script"), &["../protos".into()], &["bad/broken.proto".into()])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("bad/broken.proto:5:1: "), "{err}");
}

#[test]
fn missing_import_points_at_the_import_line() {
    let root = layout();
    let err = load_protos(&root.path().join("script"), &["../protos".into()], &["bad/missing_import.proto".into()])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("bad/missing_import.proto:4:1: "), "{err}");
    assert!(err.contains("does/not/exist.proto"), "{err}");
}

#[test]
fn well_known_files_are_built_in_and_pools_merge() {
    let root = layout();
    let script_dir = root.path().join("script");
    let mut pool = load_protos(&script_dir, &[], &["google/protobuf/empty.proto".into()]).unwrap();
    assert!(pool.get_message_by_name("google.protobuf.Empty").is_some());
    let other = load_protos(&script_dir, &["../protos".into()], &["top/v1/top.proto".into()]).unwrap();
    let added = merge_pools(&mut pool, &other).unwrap();
    assert!(added.contains(&"top/v1/top.proto".to_owned()));
    assert!(pool.get_service_by_name("top.v1.Top").is_some());
    assert!(pool.get_message_by_name("google.protobuf.Empty").is_some());
    // Merging the same files again adds nothing.
    assert!(merge_pools(&mut pool, &other).unwrap().is_empty());
}
