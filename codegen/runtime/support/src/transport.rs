//! How requests reach the server: the [`Transport`] trait and its default,
//! [`ReqwestTransport`].

// The client crate re-exports these types at its root, beside `ClientBuilder` and `Error`:
// the links to those are relative to that page (this crate has neither).
//
// The trait moves bytes only; the client above it builds requests and handles credentials,
// timeouts, retries and errors, so a custom transport cannot get those wrong.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future that can move between threads, as trait methods return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// The client builds each request (URL, headers, credentials, body) and handles
/// timeouts, retries and error bodies above this trait, so an implementation only
/// moves bytes. Plug in another HTTP client, a middleware stack or a fake with
/// [`ClientBuilder::transport`](struct.ClientBuilder.html#method.transport).
///
/// A response with any status, including `3xx`, `4xx` and `5xx`, is `Ok`; `Err` is
/// for a request that got no complete response. The [`TransportErrorKind`] of the
/// error decides whether the client may retry.
///
/// An implementation should not follow redirects (the client turns them into
/// [`Error::Redirect`](enum.Error.html#variant.Redirect), so that credentials stay with the base
/// URL), and should stop reading a body larger than the request's [`MaxResponseBytes`]
/// extension with a [`TransportErrorKind::ResponseTooLarge`] error (the client checks
/// the length again, but only once the body is in memory).
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the response with its body.
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>>;
}

/// The largest response body, in bytes, a transport should read for this request: the
/// client puts it in the extensions of every request it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MaxResponseBytes(pub u64);

/// The URL the client built a request's URI from, in the request's extensions: the reqwest
/// transport sends it as it is rather than parse the URI into a URL again (the parse was over a
/// quarter of all the client did per request on top of reqwest). Only while the URI still says
/// the same: a layer in between may have changed it.
#[derive(Clone)]
#[doc(hidden)]
pub struct RequestUrl(pub reqwest::Url);

/// Where a client's requests go: this crate's [`ReqwestTransport`] (the default one, or over the
/// builder's `reqwest::Client`), called directly, or the builder's own transport, through the
/// trait.
///
/// The direct call sends the client's URL, headers and body to reqwest as they are: through the
/// trait, the request was an `http::Request` whose URI was parsed from the URL, with the URL and
/// the limit in its extensions (a map allocated per request), and a boxed future; that was two
/// thirds of the instructions the client spent per request on top of bare reqwest (BENCHMARKS.md).
#[doc(hidden)]
pub enum Sender {
    Reqwest(ReqwestTransport),
    Custom(Arc<dyn Transport>),
}

/// The default transport: a `reqwest` client with rustls.
///
/// [`ClientBuilder`](struct.ClientBuilder.html) makes one with its connect timeout, redirects
/// off and no `Referer`, or wraps the `reqwest::Client` given to
/// [`ClientBuilder::http_client`](struct.ClientBuilder.html#method.http_client). It reads a body up
/// to the request's [`MaxResponseBytes`] and fails at once on a `Content-Length` above it.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport over `client`, with the client's pool, proxy and TLS settings.
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }

    /// The `reqwest` client requests go through.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl ReqwestTransport {
    /// What [`Transport::send`] does, for a request of the client: the answer within `timeout`
    /// (`None` once it elapsed), its body read up to `limit` bytes; refused when a redirect led
    /// away from `origin`'s origin. Outside a Tokio runtime, a transport error rather than
    /// Tokio's panic at the timer.
    #[doc(hidden)]
    pub async fn send_direct(
        &self,
        request: reqwest::Request,
        origin: &reqwest::Url,
        limit: u64,
        timeout: std::time::Duration,
    ) -> Option<Result<http::Response<bytes::Bytes>, TransportError>> {
        within(timeout, || async {
            let response = self
                .client
                .execute(request)
                .await
                .map_err(TransportError::reqwest)?;
            read_response(same_origin(response, origin)?, limit).await
        })
        .await
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        // The trait boxes the future: it is kept small, so that the allocator serves it from its
        // cache of small blocks (glibc's ends at 1,032 bytes; at 1,264 it cost about 1,000
        // instructions a request more). So the request is built, and reqwest's future made (it
        // sends nothing until polled), before the future starts.
        // But reqwest makes the timers of the client's timeouts when it executes a request, and
        // Tokio panics at a timer made outside its runtime. Outside one (a future made on one
        // thread and polled in a runtime, say), the request waits for the first poll.
        let started = reqwest_request(request).map(|(request, sent, limit)| {
            let start = if tokio::runtime::Handle::try_current().is_ok() {
                Start::Now(self.client.execute(request))
            } else {
                Start::Later(Box::new(request))
            };
            (start, sent, limit)
        });
        Box::pin(async move {
            let (start, sent, limit) = started?;
            let pending = match start {
                Start::Now(pending) => pending,
                Start::Later(request) => {
                    if let Some(error) = outside_runtime() {
                        return Err(error);
                    }
                    self.client.execute(*request)
                }
            };
            let response = pending.await.map_err(TransportError::reqwest)?;
            let response = same_origin(response, &sent)?;
            drop(sent);
            Ok(read_response(response, limit).await?.map(Vec::from))
        })
    }
}

/// The client's base URL and `User-Agent`, checked, for its builder: the base URL an absolute
/// `http(s)` URL without a user name or password, the user agent a header value. The error is
/// the message of the client's `Error::InvalidRequest`.
#[doc(hidden)]
pub fn client_parts(
    base_url: &str,
    user_agent: &str,
) -> Result<(reqwest::Url, http::HeaderValue), String> {
    let url = reqwest::Url::parse(base_url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
        .ok_or_else(|| {
            let shown = if base_url.contains('@') {
                "the base URL".to_string()
            } else {
                format!("`{}`", shown_url(base_url))
            };
            format!("{shown} is not an absolute http(s) URL")
        })?;
    // A user name or password in the URL would travel in every request's URI (and in a proxy's
    // request line) and show in the client's `Debug`: credentials go through the builder's own
    // methods.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the base URL carries a user name or password: give credentials with the builder's methods instead".to_string());
    }
    let user_agent = http::HeaderValue::from_str(user_agent)
        .map_err(|_| "the user agent is not a valid header value".to_string())?;
    Ok((url, user_agent))
}

/// `url` as `Debug` and errors show it: text with an `@` may hold a password, so none of it
/// is shown, and a query or fragment may hold an API key, so the URL ends before them.
#[doc(hidden)]
pub fn shown_url(url: &str) -> &str {
    if url.contains('@') {
        return "<a URL with user info>";
    }
    url.find(['?', '#']).map_or(url, |end| &url[..end])
}

/// The client's default transport: reqwest with `connect_timeout`, following no redirect and
/// sending no `Referer` (which would carry a query's API key), so that credentials never reach
/// another origin. reqwest fails only when its TLS backend cannot be set up.
#[doc(hidden)]
pub fn default_transport(connect_timeout: std::time::Duration) -> Result<Sender, reqwest::Error> {
    let http = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .build()?;
    Ok(Sender::Reqwest(ReqwestTransport::new(http)))
}

/// `response`, unless the reqwest client (one given to the builder may) followed a redirect
/// to another origin than `sent`'s. Compared part by part: `Url::origin` allocates.
fn same_origin(
    response: reqwest::Response,
    sent: &reqwest::Url,
) -> Result<reqwest::Response, TransportError> {
    let got = response.url();
    if got.scheme() == sent.scheme()
        && got.host_str() == sent.host_str()
        && got.port_or_known_default() == sent.port_or_known_default()
    {
        return Ok(response);
    }
    Err(TransportError::new(
        TransportErrorKind::Other,
        "the reqwest client followed a redirect to another origin (build it with `redirect(reqwest::redirect::Policy::none())`)",
    ))
}

/// A request, executed by reqwest (`P`, its future) or to be executed on the first poll.
enum Start<P> {
    Now(P),
    /// Boxed: a request is three times the size of its future, which would take the
    /// transport's future past the allocator's small blocks.
    Later(Box<reqwest::Request>),
}

/// `transport`'s answer to `request` within `timeout`, `None` once it elapsed: the client's
/// and the token requests' one way to send. Outside a Tokio runtime (another executor), a
/// transport error rather than Tokio's panic at the timer.
#[doc(hidden)]
pub async fn send_within(
    transport: &dyn Transport,
    request: http::Request<Vec<u8>>,
    timeout: std::time::Duration,
) -> Option<Result<http::Response<Vec<u8>>, TransportError>> {
    within(timeout, || transport.send(request)).await
}

/// What `start` answers within `timeout`, `None` once it elapsed; outside a Tokio runtime, a
/// transport error, and `start` is not called (a transport may make a timer at once).
async fn within<T, F: Future<Output = Result<T, TransportError>>>(
    timeout: std::time::Duration,
    start: impl FnOnce() -> F,
) -> Option<Result<T, TransportError>> {
    if let Some(error) = outside_runtime() {
        return Some(Err(error));
    }
    tokio::time::timeout(timeout, start()).await.ok()
}

/// The error of a request polled where Tokio's timers panic: outside its runtime.
fn outside_runtime() -> Option<TransportError> {
    tokio::runtime::Handle::try_current().err().map(|_| {
        TransportError::new(
            TransportErrorKind::Other,
            "requests need a Tokio runtime (for their timers): poll the client's futures in one",
        )
    })
}

/// The reqwest request for `request`, the URL it goes to (to tell a redirect, which a
/// `reqwest::Client` given to the builder may follow, from the direct answer), and the
/// request's [`MaxResponseBytes`].
fn reqwest_request(
    request: http::Request<Vec<u8>>,
) -> Result<(reqwest::Request, reqwest::Url, u64), TransportError> {
    let (mut parts, body) = request.into_parts();
    let limit = parts
        .extensions
        .get::<MaxResponseBytes>()
        .map_or(u64::MAX, |m| m.0);
    let url = match parts.extensions.remove::<RequestUrl>() {
        Some(RequestUrl(url)) if parts.uri == *url.as_str() => url,
        _ => reqwest::Url::parse(&parts.uri.to_string()).map_err(|e| {
            TransportError::new(
                TransportErrorKind::Other,
                format!("the request URI is not a URL: {e}"),
            )
        })?,
    };
    let sent = url.clone();
    // The request takes the client's header map rather than copy it into one of its own.
    let mut request = reqwest::Request::new(parts.method, url);
    *request.headers_mut() = parts.headers;
    if !body.is_empty() {
        *request.body_mut() = Some(body.into());
    }
    Ok((request, sent, limit))
}

/// `response` with its body read, up to `limit` bytes. A body that came in one chunk is
/// that chunk, a part of hyper's read buffer, as bare reqwest's `bytes()` has it: copying it
/// out cost an allocation and, in cache misses, more time than its instructions showed.
async fn read_response(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<http::Response<bytes::Bytes>, TransportError> {
    let too_large = || {
        TransportError::new(
            TransportErrorKind::ResponseTooLarge,
            format!("the response body is larger than {limit} bytes"),
        )
    };
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let mut out = http::Response::new(bytes::Bytes::new());
    *out.status_mut() = response.status();
    *out.version_mut() = response.version();
    // Reading the body needs no headers: they are taken, not copied.
    *out.headers_mut() = std::mem::take(response.headers_mut());
    // The chunks after the first, gathered with it.
    let mut gathered: Option<Vec<u8>> = None;
    while let Some(chunk) = response.chunk().await.map_err(TransportError::reqwest)? {
        let read = gathered.as_ref().map_or(out.body().len(), Vec::len);
        if (read as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(too_large());
        }
        match &mut gathered {
            Some(all) => all.extend_from_slice(&chunk),
            None if out.body().is_empty() => *out.body_mut() = chunk,
            None => {
                let reserve = declared.unwrap_or(0).min(limit).min(1 << 20);
                let reserve = usize::try_from(reserve)
                    .unwrap_or(0)
                    .max(read + chunk.len());
                let mut all = Vec::with_capacity(reserve);
                all.extend_from_slice(out.body());
                all.extend_from_slice(&chunk);
                gathered = Some(all);
            }
        }
    }
    if let Some(all) = gathered {
        *out.body_mut() = all.into();
    }
    Ok(out)
}

/// What kind of failure a [`TransportError`] is; it decides whether a retry may help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (name lookup, refused, TLS handshake).
    Connect,
    /// The transport's own timeout elapsed.
    Timeout,
    /// The connection broke while the request or the response was under way: reset,
    /// closed early, a body cut short.
    Io,
    /// The response body is larger than the request's [`MaxResponseBytes`]; a retry
    /// does not help.
    ResponseTooLarge,
    /// Anything else, such as a request the transport cannot send; a retry does not help.
    Other,
}

/// A request that got no complete response.
///
/// `Display` tells what happened in a few words; the transport's error is the
/// [`source`](std::error::Error::source) (and [`cause`](Self::cause)). Neither, nor `Debug`,
/// shows the request URL (which may carry an API key) nor a credential.
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// An error of `kind`, caused by `source` (an error, or a message).
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The underlying error (of the transport, or a message).
    pub fn cause(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self.source.as_ref()
    }

    /// Whether sending the request again may succeed: connection failures, broken
    /// connections and timeouts.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }

    /// A `reqwest` error, classified, without its URL.
    pub fn reqwest(error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_request() || error.is_body() || error.is_decode() {
            TransportErrorKind::Io
        } else {
            TransportErrorKind::Other
        };
        TransportError::new(kind, error.without_url())
    }

    /// The same error, with its cause replaced by text with every secret blanked out
    /// when the cause's text shows one (a custom transport may put the URL, and with
    /// it an API key, into its errors).
    #[doc(hidden)]
    pub fn redact(self, secrets: &crate::redact::Secrets) -> Self {
        let mut texts = vec![format!("{:?}", self.source)];
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(self.source.as_ref());
        while let Some(e) = next {
            texts.push(e.to_string());
            next = e.source();
        }
        if !texts.iter().any(|t| secrets.shows(t)) {
            return self;
        }
        let text = secrets.text(&texts.get(1..).unwrap_or_default().join(": "));
        TransportError {
            kind: self.kind,
            source: text.into(),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "the connection broke",
            TransportErrorKind::ResponseTooLarge => "the response is too large",
            TransportErrorKind::Other => "the request could not be sent",
        };
        f.write_str(what)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(test)]
mod tests;
