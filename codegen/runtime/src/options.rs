//! Settings of calls: timeout, retries, extra headers and credentials.

// The setters of the API's credentials are generated, in `api.rs`: their names and docs come
// from the API's security schemes.

use std::fmt;
use std::time::Duration;

// runtime: if schemes
use crate::client::Credentials;
// runtime: end
use crate::RetryPolicy;

/// Settings for the calls of a client view, made with
/// [`Client::with_options`](crate::Client::with_options):
///
/// ```ignore
/// use std::time::Duration;
///
/// // A view of the same client (same connections and credentials) whose calls give up
/// // after 5 s and are not retried.
/// let impatient = client.with_options(
///     RequestOptions::new().timeout(Duration::from_secs(5)).max_attempts(1),
/// );
/// ```
///
/// Every setting left unset keeps the client's value; headers add to the client's
/// (replacing those of the same name). `Debug` shows header names, not their values,
/// and never a credential.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) max_response_bytes: Option<u64>,
    pub(crate) headers: Vec<(String, String)>,
    // runtime: if schemes
    pub(crate) credentials: Credentials,
    // runtime: end
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The longest one attempt may take, from sending the request to reading the last
    /// byte of the response; a longer one fails with [`Error::Timeout`](crate::Error::Timeout)
    /// (and may be retried). The default is 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Attempts in all, the first included, whatever the retry policy says: `1` turns
    /// retries off.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Whether sending the call twice is harmless. `true` lets a `POST` or `PATCH`
    /// without an idempotency key be retried (say, a status update that sets the same
    /// value again); `false` never retries, whatever the method.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The largest response body a call reads, in bytes; the default is 16 MiB. The
    /// client stops reading there (and fails at once on a `Content-Length` above it)
    /// with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), which is not
    /// retried. Errors keep at most the first 64 KiB of a body whatever the limit.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// An extra request header. An invalid name or value fails the call with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest). Credentials are not
    /// headers: set them with their own methods.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `over` on top of `self`.
    pub(crate) fn merge(&self, over: &RequestOptions) -> RequestOptions {
        let mut headers = self.headers.clone();
        headers.extend(over.headers.iter().cloned());
        RequestOptions {
            timeout: over.timeout.or(self.timeout),
            retry: over.retry.clone().or_else(|| self.retry.clone()),
            max_attempts: over.max_attempts.or(self.max_attempts),
            idempotent: over.idempotent.or(self.idempotent),
            max_response_bytes: over.max_response_bytes.or(self.max_response_bytes),
            headers,
            // runtime: if schemes
            credentials: self.credentials.merge(&over.credentials),
            // runtime: end
        }
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_attempts", &self.max_attempts)
            .field("idempotent", &self.idempotent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("headers", &headers)
            // runtime: if schemes
            .field("credentials", &self.credentials)
            // runtime: end
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_overrides_what_it_sets_and_keeps_the_rest() {
        let base = RequestOptions::new()
            .timeout(Duration::from_secs(30))
            .max_attempts(3)
            .header("x-a", "1")
            .api_key("base-key");
        let over = RequestOptions::new().max_attempts(0).header("x-b", "2");
        let merged = base.merge(&over);
        assert_eq!(merged.timeout, Some(Duration::from_secs(30)));
        // At least one attempt, whatever the caller says.
        assert_eq!(merged.max_attempts, Some(1));
        assert_eq!(merged.headers.len(), 2);
        assert_eq!(
            merged.credentials.api_key.as_ref().map(|k| k.0.as_str()),
            Some("base-key")
        );
        let merged = merged.merge(&RequestOptions::new().api_key("other"));
        assert_eq!(
            merged.credentials.api_key.as_ref().map(|k| k.0.as_str()),
            Some("other")
        );
    }

    #[test]
    fn debug_shows_header_names_but_no_values_nor_credentials() {
        let options = RequestOptions::new()
            .header("x-trace", "trace-value")
            .api_key("s3cret");
        let debug = format!("{options:?}");
        assert!(debug.contains("x-trace"));
        assert!(
            !debug.contains("trace-value") && !debug.contains("s3cret"),
            "{debug}"
        );
    }
}
