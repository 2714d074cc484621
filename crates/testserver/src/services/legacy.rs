//! `legacy.LegacySvc`: echoes proto2 messages (required/optional fields with defaults).

use tonic::{Request, Response, Status};

use super::call::Shared;
use crate::methods::LEGACY_ECHO;
use crate::pb::legacy::Legacy;
use crate::pb::legacy::legacy_svc_server::LegacySvc;

/// Implementation of the `legacy.LegacySvc` service.
#[derive(Clone, Debug)]
pub(crate) struct LegacyService {
    pub(crate) shared: Shared,
}

#[tonic::async_trait]
impl LegacySvc for LegacyService {
    async fn echo(&self, request: Request<Legacy>) -> Result<Response<Legacy>, Status> {
        self.shared.begin(LEGACY_ECHO, &request).await?;
        Ok(Response::new(request.into_inner()))
    }
}
