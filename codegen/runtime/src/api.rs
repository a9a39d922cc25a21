//! A stand-in for the generated `api.rs`, what the runtime modules need to know about an API:
//! here one whose error bodies are any JSON, with a `traceId`, and whose `DAILY` rate limits
//! are not worth retrying.

use crate::client::Secret;
use crate::RequestOptions;

/// The body of an error response, as the API describes it.
pub type ErrorBody = serde_json::Value;

/// What makes an error response this API's `ApiError`: the fields an error body must have to
/// be the documented error, the id the decoded body gives the failed request, and which `429`s
/// are for a limit that lasts too long to wait for.
pub(crate) static ERROR_RULES: support::error::Rules<ErrorBody> = support::error::Rules {
    required: &["traceId"],
    correlation_id,
    lasting_rate_limit,
};

fn correlation_id(body: &ErrorBody) -> Option<String> {
    body.get("traceId")?.as_str().map(str::to_string)
}

fn lasting_rate_limit(raw: &str) -> bool {
    support::error::json_field(raw, "policyName").is_some_and(|policy| policy == "DAILY")
}

impl RequestOptions {
    /// The API key, sent as the `key` query parameter.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.api_key = Some(Secret(key.into()));
        self
    }
}
