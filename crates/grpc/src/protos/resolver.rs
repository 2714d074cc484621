//! k6's file lookup for `client.load()`: every name (the loaded files and their `import`s) is looked
//! up under each import path in turn; the well-known `google/protobuf/*` files are built in.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use protox::file::{File, FileResolver, GoogleFileResolver};

/// One import path: the text the script gave (for messages) and the directory it names.
#[derive(Debug, Clone)]
pub(crate) struct ImportDir {
    /// The import path as written in the script (or `.` for the script directory).
    pub(crate) given: String,
    /// The directory on disk.
    pub(crate) dir: PathBuf,
}

/// What a lookup of one name found.
pub(crate) enum Lookup {
    /// A regular file at this path.
    File(PathBuf),
    /// The name is a directory under the first import path that has it.
    Directory(PathBuf),
    /// Not under any import path.
    Missing,
}

/// Resolves names against k6-style import paths, then against the built-in well-known files.
pub(crate) struct ImportPathResolver {
    dirs: Vec<ImportDir>,
    google: GoogleFileResolver,
}

impl ImportPathResolver {
    /// A resolver over these import directories.
    pub(crate) fn new(dirs: Vec<ImportDir>) -> Self {
        Self { dirs, google: GoogleFileResolver::new() }
    }

    /// The import directories, in search order.
    pub(crate) fn dirs(&self) -> &[ImportDir] {
        &self.dirs
    }

    /// Finds `name` under the import paths (first match wins).
    pub(crate) fn lookup(&self, name: &str) -> Lookup {
        for import in &self.dirs {
            let path = import.dir.join(name);
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => return Lookup::Directory(path),
                Ok(_) => return Lookup::File(path),
                Err(_) => continue,
            }
        }
        Lookup::Missing
    }
}

impl FileResolver for ImportPathResolver {
    fn resolve_path(&self, path: &Path) -> Option<String> {
        // File names are kept as written (`../x/y.proto` included): k6 joins them onto each import
        // path rather than requiring them to sit under one.
        path.to_str().map(|s| s.replace('\\', "/"))
    }

    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.lookup(name) {
            Lookup::File(path) => {
                let source = fs::read_to_string(&path).map_err(|err| {
                    protox::Error::new(io::Error::new(err.kind(), format!("read {}: {err}", path.display())))
                })?;
                File::from_source(name, &source)
            }
            Lookup::Directory(path) => {
                Err(protox::Error::new(io::Error::other(format!("read {}: is a directory", path.display()))))
            }
            Lookup::Missing => self.google.open_file(name),
        }
    }
}
