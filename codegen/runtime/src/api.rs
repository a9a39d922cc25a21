//! A stand-in for the generated `api.rs`, what the runtime modules need to know about an API:
//! here one whose error bodies are any JSON, with a `traceId`, and whose `DAILY` rate limits
//! are not worth retrying.

use crate::client::Secret;
use crate::{ApiError, RequestOptions};

/// The body of an error response, as the API describes it.
pub type ErrorBody = serde_json::Value;

/// The fields an error body must have to be the documented error.
pub(crate) const ERROR_REQUIRED: &[&str] = &["traceId"];

/// The id the decoded error body gives the failed request.
pub(crate) fn correlation_id(body: &ErrorBody) -> Option<String> {
    body.get("traceId")?.as_str().map(str::to_string)
}

/// Whether a `429` is for a limit that lasts too long to wait for.
pub(crate) fn lasting_rate_limit(error: &ApiError) -> bool {
    error
        .json_field("policyName")
        .is_some_and(|policy| policy == "DAILY")
}

impl RequestOptions {
    /// The API key, sent as the `key` query parameter.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.api_key = Some(Secret(key.into()));
        self
    }
}
