//! One call of an operation: the request it sends, and the attempts it takes.

// A crate keeps only the parts its operations use (the generator chooses the marked regions:
// bodies, parameters, kinds of response, credentials), so that it has no dead code.

// What names no API type (headers checked, the attempt sent within its timeout and limit, the
// retry decision, the events of `tracing`) is the support crate's `call`, compiled there once.

use std::time::Duration;

use http::header::{HeaderValue, USER_AGENT};
// runtime: if json|form|raw|multipart|upload
use http::header::CONTENT_TYPE;
// runtime: end
use http::{HeaderMap, Method};
use reqwest::Url;
use support::call::{Sent, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
use support::trace;

// runtime: if schemes
use crate::client::Scheme;
// runtime: end
// runtime: if tokens
use crate::TokenProvider;
// runtime: end
use crate::redact::Secrets;
use crate::{ApiError, Client, Error};
// runtime: if send|send_text|send_bytes|send_empty
use crate::Response;
// runtime: end

/// What one attempt got: status, headers, body, and the secrets it sent (to keep
/// them out of errors).
type Answer = (u16, HeaderMap, bytes::Bytes, Secrets);

/// A request, built once and sent as often as its retries need: every attempt sends the
/// same body.
pub(crate) struct Call {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Vec<u8>,
    /// Whether sending the request twice is harmless: an idempotent method, or an
    /// idempotency key the caller set.
    pub(crate) retry_safe: bool,
    /// The body was read from a reader, which cannot be replayed: never sent twice.
    streamed: bool,
    /// The operation's method name, for errors and logs.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) operation: &'static str,
    /// The path template (`/things/{id}`): logs name it, never the URL, whose query may carry
    /// an API key.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    path: &'static str,
    // runtime: if schemes
    /// The alternatives of credentials the operation accepts (any one will do).
    pub(crate) security: &'static [&'static [Scheme]],
    /// Their names, for [`Error::MissingCredentials`].
    pub(crate) accepted: &'static [&'static str],
    // runtime: end
    // runtime: if tokens
    /// The tokens providers gave the attempts, and the providers: a `401` has them renewed.
    sent_tokens: std::sync::Mutex<Vec<(std::sync::Arc<dyn TokenProvider>, String)>>,
    // runtime: end
}

impl Call {
    pub(crate) fn new(
        operation: &'static str,
        path: &'static str,
        method: Method,
        url: Url,
    ) -> Self {
        let retry_safe = method.is_idempotent();
        Call {
            method,
            url,
            headers: HeaderMap::new(),
            body: Vec::new(),
            retry_safe,
            streamed: false,
            operation,
            path,
            // runtime: if schemes
            security: &[],
            accepted: &[],
            // runtime: end
            // runtime: if tokens
            sent_tokens: Default::default(),
            // runtime: end
        }
    }

    // runtime: if tokens
    /// Notes that an attempt sent `token`, from `provider`.
    pub(crate) fn sent_token(&self, provider: &std::sync::Arc<dyn TokenProvider>, token: &str) {
        let mut sent = self
            .sent_tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sent.push((std::sync::Arc::clone(provider), token.to_string()));
    }

    /// After a `401`: has every provider drop the tokens it gave; whether one of them may
    /// give another.
    fn renew_tokens(&self) -> bool {
        let sent = std::mem::take(
            &mut *self
                .sent_tokens
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        sent.iter()
            .fold(false, |any, (provider, token)| provider.renew(token) || any)
    }

    // runtime: end
    // runtime: if header
    /// A header parameter.
    pub(crate) fn header(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
        let (name, value) = header(name, value)?;
        self.headers.append(name, value);
        Ok(())
    }

    // runtime: end
    // runtime: if cookie
    /// A cookie parameter.
    pub(crate) fn cookie(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
        support::call::add_cookie(&mut self.headers, name, value).map_err(Error::invalid_request)
    }

    // runtime: end
    // runtime: if json
    /// A JSON body.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        self.body = serde_json::to_vec(body)
            .map_err(|e| Error::invalid_request_from("the body does not serialize", e))?;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(())
    }

    // runtime: end
    // runtime: if form
    /// An `application/x-www-form-urlencoded` body: each top-level property a pair.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let json = serde_json::to_value(body)
            .map_err(|e| Error::invalid_request_from("the body does not serialize", e))?;
        self.body = support::call::form(json)
            .map_err(|e| Error::invalid_request_from("the form encoder failed", e))?;
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        Ok(())
    }

    // runtime: end
    // runtime: if raw
    /// A body sent as it is, with its media type.
    pub(crate) fn raw(&mut self, content_type: &'static str, body: Vec<u8>) {
        self.body = body;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }

    // runtime: end
    // runtime: if multipart
    /// A `multipart/form-data` body; its readers are read now.
    pub(crate) async fn multipart(&mut self, form: crate::multipart::Form) -> Result<(), Error> {
        self.streamed |= form.has_reader();
        let (content_type, body) = form.encode().await?;
        self.body = body;
        let value = HeaderValue::from_str(&content_type).map_err(|e| {
            Error::invalid_request_from("the multipart content type is not a valid header value", e)
        })?;
        self.headers.insert(CONTENT_TYPE, value);
        Ok(())
    }

    // runtime: end
    // runtime: if upload
    /// A binary body (read now, if it is a reader) with the API's media type `declared`;
    /// the caller's media type wins, and is needed for a wildcard (`image/*`) to be sent
    /// as more than `application/octet-stream`.
    pub(crate) async fn upload(
        &mut self,
        declared: &'static str,
        file: &crate::multipart::FilePart,
    ) -> Result<(), Error> {
        let value = support::call::media_type(declared, file.media_type())
            .map_err(Error::invalid_request)?;
        self.streamed |= file.is_reader();
        self.body = file.read("the body").await?;
        self.headers.insert(CONTENT_TYPE, value);
        Ok(())
    }
    // runtime: end
}

/// A header from a name and a value, or why they do not make one.
fn header(name: &str, value: &str) -> Result<(http::header::HeaderName, HeaderValue), Error> {
    support::call::header(name, value).map_err(Error::invalid_request)
}

// runtime: if cookie_auth
/// Adds `name=value` to the `Cookie` header.
pub(crate) fn add_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    support::call::add_cookie(headers, name, value).map_err(Error::invalid_request)
}

// runtime: end
// runtime: if send|several
/// The JSON body of a success response, or an [`Error::Decode`] that names the field path
/// where it went wrong and keeps the body's beginning, without the `secrets` the request
/// sent (serde's message may quote the body too). Compiled once per response type, so it
/// holds only the decoding: what makes the error is [`decode_error`], compiled once.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &[u8],
    secrets: &Secrets,
) -> Result<T, Error> {
    // runtime: if unions
    support::json_path::forget_failed();
    // runtime: end
    serde_json::from_slice(body).map_err(|e| decode_error(status, body, secrets, &e))
}

/// The [`Error::Decode`] of [`decode_json`], `error` the parser's (see
/// `support::call::decode_error`).
fn decode_error(status: u16, body: &[u8], secrets: &Secrets, error: &serde_json::Error) -> Error {
    Error::Decode(Box::new(support::call::decode_error(
        status, body, secrets, error,
    )))
}

// runtime: end
impl Client {
    // runtime: if send
    /// Sends `call` and decodes the JSON body of its success response.
    pub(crate) async fn send<T: serde::de::DeserializeOwned>(
        &self,
        call: Call,
    ) -> Result<Response<T>, Error> {
        let (status, headers, body, secrets) = self.execute(call).await?;
        let value = decode_json(status, &body, &secrets)?;
        Ok(Response::new(status, headers, value))
    }

    // runtime: end
    // runtime: if send_text
    /// Sends `call` and keeps the text body of its success response.
    pub(crate) async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
        let (status, headers, body, _) = self.execute(call).await?;
        Ok(Response::new(
            status,
            headers,
            String::from_utf8_lossy(&body).into_owned(),
        ))
    }

    // runtime: end
    // runtime: if send_bytes
    /// Sends `call` and keeps the body of its success response as bytes.
    pub(crate) async fn send_bytes(&self, call: Call) -> Result<Response<Vec<u8>>, Error> {
        let (status, headers, body, _) = self.execute(call).await?;
        Ok(Response::new(status, headers, body.into()))
    }

    // runtime: end
    // runtime: if send_empty
    /// Sends `call`, whose success response has no body worth reading.
    pub(crate) async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
        let (status, headers, ..) = self.execute(call).await?;
        Ok(Response::new(status, headers, ()))
    }

    // runtime: end
    /// Sends `call`, retrying as the options allow; the status, headers and body of its
    /// success response, and the secrets sent. With the `tracing` feature, in a span that
    /// names the operation, its method and its path template.
    pub(crate) async fn execute(&self, call: Call) -> Result<Answer, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::debug_span!(
                "call",
                operation = call.operation,
                method = %call.method,
                path = call.path,
            );
            return attempts(self, call).instrument(span).await;
        }
        #[cfg(not(feature = "tracing"))]
        attempts(self, call).await
    }

    /// One attempt: the request with credentials and extra headers, sent within
    /// `timeout`, its response body read up to `limit` bytes.
    async fn attempt(&self, call: &Call, timeout: Duration, limit: u64) -> Result<Answer, Error> {
        // runtime: if schemes
        let mut url = call.url.clone();
        // runtime: else
        // let url = call.url.clone();
        // runtime: end
        let mut headers = call.headers.clone();
        headers.insert(USER_AGENT, self.shared.user_agent.clone());
        for (name, value) in &self.options.headers {
            let (name, value) = header(name, value)?;
            headers.insert(name, value);
        }
        // runtime: if schemes
        let secrets = Secrets::new(self.authorize(call, &mut url, &mut headers).await?);
        // runtime: else
        // let secrets = Secrets::default();
        // runtime: end
        let sent = support::call::send(
            &self.shared.transport,
            &call.method,
            url,
            &call.url,
            headers,
            &call.body,
            timeout,
            limit,
            &secrets,
        );
        match sent.await {
            Sent::Answer(status, headers, body) => Ok((status, headers, body, secrets)),
            Sent::Timeout(after) => Err(Error::timeout(after)),
            Sent::TooLarge(limit) => Err(Error::too_large(limit)),
            Sent::Failed(error) => Err(Error::transport(error)),
            Sent::BadUri => Err(Error::invalid_request("the request URL is not a valid URI")),
        }
    }
}

/// The attempts of `call`, and the retry decisions between them (see [`trace`]). A free
/// function, not a method: the names of `Client`'s methods are the operations'.
async fn attempts(client: &Client, call: Call) -> Result<Answer, Error> {
    let options = &client.options;
    let policy = options.retry.clone().unwrap_or_default();
    let attempts = options.max_attempts.unwrap_or_else(|| policy.attempts());
    let retry_safe = !call.streamed && options.idempotent.unwrap_or(call.retry_safe);
    let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let limit = options
        .max_response_bytes
        .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    let mut attempt = 1;
    let mut last_wait = Duration::ZERO;
    // runtime: if tokens
    let mut renewed = false;
    // runtime: end
    loop {
        let started = trace::start();
        let error = match client.attempt(&call, timeout, limit).await {
            Ok(answer) if (200..300).contains(&answer.0) => {
                trace::answered(attempt, answer.0, started);
                return Ok(answer);
            }
            // runtime: if tokens
            // The token expired early or was revoked: once, a new one. Whatever the
            // method, since the API did not act on a request it did not authorize.
            Ok((401, headers, body, secrets)) if !renewed && call.renew_tokens() => {
                trace::answered(attempt, 401, started);
                renewed = true;
                // A body read from a reader is sent once: this call answers the 401,
                // the next one carries the new token.
                if !call.streamed {
                    continue;
                }
                error_answer(&call.url, 401, headers, &body, &secrets)
            }
            // runtime: end
            Ok((status, headers, body, secrets)) => {
                trace::answered(attempt, status, started);
                error_answer(&call.url, status, headers, &body, &secrets)
            }
            Err(error) => {
                trace::failed(attempt, error.kind(), started);
                error
            }
        };
        let stop = support::call::stop(error.is_retryable(), retry_safe, attempt, attempts);
        if let Some(reason) = stop {
            trace::gave_up(attempt, reason, error.kind(), error.status());
            return Err(if attempt > 1 {
                Error::exhausted(attempt, last_wait, error)
            } else {
                error
            });
        }
        let retry_after = error.retry_after();
        last_wait = policy.delay(attempt, retry_after);
        trace::retrying(
            attempt,
            error.kind(),
            error.status(),
            retry_after.is_some(),
            last_wait,
        );
        tokio::time::sleep(last_wait).await;
        attempt += 1;
    }
}

/// The error of a response with an error status (`3xx` included: redirects are not
/// followed, so that credentials never reach another origin), without `secrets`.
fn error_answer(
    url: &Url,
    status: u16,
    headers: HeaderMap,
    body: &[u8],
    secrets: &Secrets,
) -> Error {
    if support::call::is_redirect(status) {
        let to = support::call::redirect_to(url, &headers, secrets);
        return Error::redirect(status, to);
    }
    Error::Api(Box::new(ApiError::new(
        status,
        secrets.headers(headers),
        body,
        secrets,
        &crate::api::ERROR_RULES,
    )))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod union_tests;
