//! The reflection conversation: list services, fetch the files that define them, fetch missing
//! imports, build the pool. One bidirectional stream, one question at a time.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures::channel::mpsc;
use http::uri::PathAndQuery;
use prost::Message;
use prost_reflect::DescriptorPool;
use prost_types::FileDescriptorProto;
use protox::file::{FileResolver, GoogleFileResolver};
use tonic::metadata::MetadataMap;
use tonic::{Code, Status, Streaming};
use tonic_prost::ProstCodec;

use super::error::ReflectError;
use super::messages::{Answer, Query, ReflectionRequest, ReflectionResponse};
use crate::transport::Connection;
use crate::transport::status::rpc_error_text;

const V1: &str = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
const V1ALPHA: &str = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

/// How many reflection streams k6's reflection client opens before it gives up listing services.
const LIST_ATTEMPTS: usize = 3;

/// One reflection stream opened to list the services. k6 reports each failed one as a
/// `grpc_req_duration` sample tagged with its status only, and logs all for `--http-debug`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListAttempt {
    /// The reflection method called (v1 or v1alpha).
    pub path: &'static str,
    /// The stream's gRPC status code when it failed; `None` for the stream that answered.
    pub failure: Option<i32>,
    /// From opening the stream to its answer or failure.
    pub elapsed: Duration,
    /// Response headers of the stream that answered; trailers of one that failed.
    pub metadata: Vec<(String, String)>,
}

/// Lists the server's services over reflection and returns a pool with every file that defines
/// them and their imports. `metadata` is sent on the reflection RPC (k6 `reflectMetadata`).
/// The caller bounds it with the connect timeout.
pub async fn reflect(conn: &Connection, metadata: MetadataMap) -> Result<DescriptorPool, ReflectError> {
    reflect_recording(conn, metadata, &mut Vec::new()).await
}

/// [`reflect`], noting in `attempts` every stream opened to list the services: as k6 does, up
/// to three streams are tried, switching from v1 to v1alpha once v1 is Unimplemented or
/// Unavailable (a v1alpha-only server costs one failed attempt, a server without reflection
/// three).
pub async fn reflect_recording(
    conn: &Connection,
    metadata: MetadataMap,
    attempts: &mut Vec<ListAttempt>,
) -> Result<DescriptorPool, ReflectError> {
    if conn.is_closed() {
        return Err(ReflectError::Closed);
    }
    let (mut session, services) = list_services(conn, &metadata, attempts).await?;
    let mut files = FileSet::default();
    for service in &services {
        let protos = session
            .files(Query::FileContainingSymbol(service.clone()))
            .await
            .map_err(|cause| ReflectError::Service { service: service.clone(), cause })?;
        files.extend(protos);
    }
    // Like k6 (AllowMissingFileDescriptors), an import the server cannot provide drops only the
    // files that need it; it is an error only when nothing usable is left.
    let mut unavailable = Vec::new();
    while let Some((importer, missing)) = files.first_missing_import() {
        match session.files(Query::FileByFilename(missing.clone())).await {
            Ok(protos) if protos.iter().any(|f| f.name() == missing) => files.extend(protos),
            other => match GoogleFileResolver::new().open_file(&missing) {
                Ok(file) => files.extend(vec![file.file_descriptor_proto().clone()]),
                Err(_) => {
                    let why = other.err().unwrap_or_else(|| "the server did not return it".to_owned());
                    unavailable.push(format!("file \"{missing}\" imported by \"{importer}\" is not available: {why}"));
                    files.mark_unavailable(missing);
                }
            },
        }
    }
    files.drop_incomplete();
    if files.protos.is_empty() && !unavailable.is_empty() {
        return Err(ReflectError::Convert(unavailable.join("; ")));
    }
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_protos(files.protos).map_err(|e| ReflectError::Convert(e.to_string()))?;
    Ok(pool)
}

async fn list_services(
    conn: &Connection,
    metadata: &MetadataMap,
    attempts: &mut Vec<ListAttempt>,
) -> Result<(Session, Vec<String>), ReflectError> {
    let mut path = V1;
    let mut last = Status::unknown("no reflection attempt");
    for _ in 0..LIST_ATTEMPTS {
        let started = Instant::now();
        match Session::open(conn, path, metadata).await {
            Ok((session, services, headers)) => {
                attempts.push(ListAttempt { path, failure: None, elapsed: started.elapsed(), metadata: headers });
                return Ok((session, services));
            }
            Err(status) => {
                attempts.push(ListAttempt {
                    path,
                    failure: Some(status.code() as i32),
                    elapsed: started.elapsed(),
                    metadata: crate::transport::status::outcome(&status).trailers,
                });
                if matches!(status.code(), Code::Unimplemented | Code::Unavailable) {
                    path = V1ALPHA;
                }
                last = status;
            }
        }
    }
    Err(ReflectError::ListServices(rpc_error_text(&last)))
}

/// Files received so far, in arrival order, without duplicates.
#[derive(Default)]
struct FileSet {
    protos: Vec<FileDescriptorProto>,
    names: HashSet<String>,
    unavailable: HashSet<String>,
}

impl FileSet {
    fn extend(&mut self, protos: Vec<FileDescriptorProto>) {
        for proto in protos {
            if self.names.insert(proto.name().to_owned()) {
                self.protos.push(proto);
            }
        }
    }

    fn first_missing_import(&self) -> Option<(String, String)> {
        self.protos.iter().find_map(|f| {
            f.dependency
                .iter()
                .find(|d| !self.names.contains(*d) && !self.unavailable.contains(*d))
                .map(|d| (f.name().to_owned(), d.clone()))
        })
    }

    fn mark_unavailable(&mut self, name: String) {
        self.unavailable.insert(name);
    }

    /// Removes every file that imports, directly or not, a file that could not be had.
    fn drop_incomplete(&mut self) {
        loop {
            let gone = &self.unavailable;
            let Some(index) = self.protos.iter().position(|f| f.dependency.iter().any(|d| gone.contains(d))) else {
                return;
            };
            let removed = self.protos.remove(index);
            self.names.remove(removed.name());
            self.unavailable.insert(removed.name().to_owned());
        }
    }
}

/// One reflection stream.
struct Session {
    requests: mpsc::UnboundedSender<ReflectionRequest>,
    replies: Streaming<ReflectionResponse>,
}

impl Session {
    /// Opens the stream on `path` and asks for the service list (queued before the call starts,
    /// so servers that send headers only with the first reply answer too).
    async fn open(
        conn: &Connection,
        path: &'static str,
        metadata: &MetadataMap,
    ) -> Result<(Self, Vec<String>, Vec<(String, String)>), Status> {
        let (requests, rx) = mpsc::unbounded();
        let _ = requests.unbounded_send(request(Query::ListServices(String::new())));
        let mut req = tonic::Request::new(rx);
        *req.metadata_mut() = metadata.clone();
        let mut grpc = conn.grpc();
        grpc.ready().await.map_err(|e| Status::unavailable(format!("connection error: desc = \"transport: {e}\"")))?;
        let codec = ProstCodec::<ReflectionRequest, ReflectionResponse>::default();
        let reply = grpc.streaming(req, PathAndQuery::from_static(path), codec).await?;
        let headers = crate::transport::metadata_pairs(reply.metadata());
        let mut session = Session { requests, replies: reply.into_inner() };
        match session.next_answer().await? {
            Answer::Services(list) => {
                let names = list.service.into_iter().map(|s| s.name).collect();
                Ok((session, names, headers))
            }
            Answer::Error(e) => Err(Status::new(Code::from(e.error_code), e.error_message)),
            Answer::Files(_) => Err(Status::internal("the server answered a service list request with files")),
        }
    }

    async fn next_answer(&mut self) -> Result<Answer, Status> {
        let reply = self.replies.message().await?.ok_or_else(|| Status::unknown("EOF"))?;
        reply.answer.ok_or_else(|| Status::internal("empty reflection response"))
    }

    /// Asks one question whose answer is a list of files.
    async fn files(&mut self, query: Query) -> Result<Vec<FileDescriptorProto>, String> {
        self.requests.unbounded_send(request(query)).map_err(|_| "the reflection stream is closed".to_owned())?;
        match self.next_answer().await.map_err(|s| rpc_error_text(&s))? {
            Answer::Files(files) => files
                .file_descriptor_proto
                .iter()
                .map(|bytes| {
                    FileDescriptorProto::decode(bytes.as_slice())
                        .map_err(|e| format!("invalid file descriptor from the server: {e}"))
                })
                .collect(),
            Answer::Error(e) => Err(format!(
                "rpc error: code = {} desc = {}",
                crate::transport::status_name(e.error_code),
                e.error_message
            )),
            Answer::Services(_) => Err("the server answered a file request with a service list".to_owned()),
        }
    }
}

fn request(query: Query) -> ReflectionRequest {
    ReflectionRequest { host: String::new(), query: Some(query) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, deps: &[&str]) -> FileDescriptorProto {
        FileDescriptorProto {
            name: Some(name.to_owned()),
            dependency: deps.iter().map(|d| (*d).to_owned()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn missing_imports_drop_only_the_files_that_need_them() {
        let mut set = FileSet::default();
        set.extend(vec![
            file("a.proto", &["lost.proto"]),
            file("b.proto", &["a.proto"]),
            file("c.proto", &[]),
            file("c.proto", &[]),
        ]);
        assert_eq!(set.protos.len(), 3, "duplicates are ignored");
        assert_eq!(set.first_missing_import(), Some(("a.proto".to_owned(), "lost.proto".to_owned())));
        set.mark_unavailable("lost.proto".to_owned());
        assert_eq!(set.first_missing_import(), None);
        set.drop_incomplete();
        let left: Vec<_> = set.protos.iter().map(|f| f.name()).collect();
        assert_eq!(left, ["c.proto"]);
    }
}
