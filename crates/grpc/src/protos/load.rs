//! `client.load()` and `client.loadProtoset()`: from files on disk to a descriptor pool.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use prost::Message;
use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorSet;
use protox::file::{FileResolver, GoogleFileResolver};

use super::error::{ProtoError, describe_compile_error};
use super::resolver::{ImportDir, ImportPathResolver, Lookup};

/// Parses `files` (names relative to an import path) and everything they import into one pool.
///
/// `import_paths` follow k6: empty means the main script's directory; relative entries are relative
/// to `script_dir`; a `file://` prefix is stripped. No files gives an empty pool.
pub fn load_protos(script_dir: &Path, import_paths: &[String], files: &[String]) -> Result<DescriptorPool, ProtoError> {
    if files.is_empty() {
        return Ok(DescriptorPool::new());
    }
    let given_paths = !import_paths.is_empty();
    let dirs = import_dirs(script_dir, import_paths);
    let resolver = ImportPathResolver::new(dirs);
    for file in files {
        check_top_level(&resolver, file, given_paths)?;
    }
    let searched = search_list(resolver.dirs());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_imports(true);
    compiler.open_files(files).map_err(|err| {
        let mut text = describe_compile_error(&err);
        if err.is_file_not_found() {
            text.push_str(&format!(" (searched the import paths {searched} and the built-in google/protobuf files)"));
        }
        ProtoError::Compile(text)
    })?;
    Ok(compiler.descriptor_pool())
}

/// Reads a serialized `google.protobuf.FileDescriptorSet` (`protoc --include_imports
/// --descriptor_set_out=...`). The path is relative to the main script's directory.
pub fn load_protoset(script_dir: &Path, path: &str) -> Result<DescriptorPool, ProtoError> {
    if path.is_empty() {
        return Err(ProtoError::EmptyProtosetPath);
    }
    let full = script_dir.join(path.strip_prefix("file://").unwrap_or(path));
    let bytes = fs::read(&full).map_err(|err| {
        ProtoError::OpenProtoset(match err.kind() {
            io::ErrorKind::NotFound => {
                format!("stat {}: no such file or directory", full.display())
            }
            _ => format!("read {}: {err}", full.display()),
        })
    })?;
    let set = FileDescriptorSet::decode(bytes.as_slice()).map_err(|err| ProtoError::DecodeProtoset {
        path: path.to_owned(),
        cause: format!(
            "proto: cannot parse invalid wire-format data ({err}); \
                 is it a descriptor set made with protoc --descriptor_set_out?"
        ),
    })?;
    let mut files = set.file;
    add_missing_well_known(&mut files)?;
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_protos(files).map_err(|err| ProtoError::Descriptor(err.to_string()))?;
    Ok(pool)
}

/// Adds the built-in `google/protobuf/*` files a set imports without containing them; any other
/// missing import is an error.
fn add_missing_well_known(files: &mut Vec<prost_types::FileDescriptorProto>) -> Result<(), ProtoError> {
    let google = GoogleFileResolver::new();
    let mut present: HashSet<String> = files.iter().map(|f| f.name().to_owned()).collect();
    let mut index = 0;
    while index < files.len() {
        for dep in files[index].dependency.clone() {
            if present.contains(&dep) {
                continue;
            }
            let file = google.open_file(&dep).map_err(|_| ProtoError::MissingImport(dep.clone()))?;
            present.insert(dep);
            files.push(file.file_descriptor_proto().clone());
        }
        index += 1;
    }
    Ok(())
}

fn import_dirs(script_dir: &Path, import_paths: &[String]) -> Vec<ImportDir> {
    if import_paths.is_empty() {
        return vec![ImportDir { given: ".".to_owned(), dir: script_dir.to_path_buf() }];
    }
    import_paths
        .iter()
        .map(|given| {
            let stripped = given.strip_prefix("file://").unwrap_or(given);
            let dir: PathBuf =
                if Path::new(stripped).is_absolute() { PathBuf::from(stripped) } else { script_dir.join(stripped) };
            ImportDir { given: given.clone(), dir }
        })
        .collect()
}

/// Gives k6's texts for a loaded file that is missing or names a directory.
fn check_top_level(resolver: &ImportPathResolver, file: &str, given_paths: bool) -> Result<(), ProtoError> {
    let first = &resolver.dirs()[0];
    match resolver.lookup(file) {
        Lookup::File(_) => Ok(()),
        Lookup::Directory(path) => Err(ProtoError::Compile(format!("read {}: is a directory", path.display()))),
        Lookup::Missing if GoogleFileResolver::new().open_file(file).is_ok() => Ok(()),
        Lookup::Missing => {
            let stat = format!("stat {}: no such file or directory", first.dir.join(file).display());
            Err(ProtoError::Compile(if given_paths {
                format!("{}: {stat}", join_given(&first.given, file))
            } else {
                stat
            }))
        }
    }
}

fn join_given(dir: &str, file: &str) -> String {
    let dir = dir.strip_prefix("file://").unwrap_or(dir);
    format!("{}/{}", dir.trim_end_matches('/'), file)
}

fn search_list(dirs: &[ImportDir]) -> String {
    dirs.iter().map(|d| d.dir.display().to_string()).collect::<Vec<_>>().join(", ")
}
