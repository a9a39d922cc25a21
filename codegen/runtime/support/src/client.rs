//! The core of the client and its builder that names no API type, compiled here once: the
//! builder's settings of the connection (base URL, transport or `reqwest` client, connect
//! timeout, user agent) and their checks, what the views of one client share, the URL of a
//! call, and what `Debug` shows of them. The client's `client.rs` keeps `Client` and
//! `ClientBuilder` (their methods are the API's operations and credentials) around these.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use reqwest::Url;

use crate::transport::{
    client_parts, default_transport, shown_url, ReqwestTransport, Sender, Transport,
};

/// How long connecting may take when no connect timeout is set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a client could not be built (the client's `Error::InvalidRequest`): what is wrong, and
/// reqwest's error when its TLS backend could not be set up.
pub struct Invalid {
    pub message: String,
    pub source: Option<reqwest::Error>,
}

impl Invalid {
    fn new(message: impl Into<String>) -> Self {
        Invalid {
            message: message.into(),
            source: None,
        }
    }
}

/// What the views of one client share.
pub struct Shared {
    pub transport: Sender,
    pub base_url: Url,
    pub user_agent: HeaderValue,
    /// The transport is the default one, which [`Shared::with_connect_timeout`] may rebuild
    /// with another connect timeout.
    pub default_transport: bool,
}

/// The settings of a client's connection, as the builder's methods set them.
#[derive(Default)]
pub struct Builder {
    pub base_url: Option<String>,
    pub transport: Option<Arc<dyn Transport>>,
    pub http: Option<reqwest::Client>,
    pub connect_timeout: Option<Duration>,
    pub user_agent: Option<String>,
}

/// The reqwest transport with the given connect timeout. It follows no redirect and sends no
/// `Referer` (which would carry a query's API key): a redirect is the client's
/// `Error::Redirect`, so credentials never reach another origin. reqwest fails only when its
/// TLS backend cannot be set up.
fn default_with(connect_timeout: Duration) -> Result<Sender, Invalid> {
    // Not a transport error: no request was sent, and retrying cannot mend it.
    default_transport(connect_timeout).map_err(|e| Invalid {
        message: "the HTTP client could not be built".to_string(),
        source: Some(e),
    })
}

impl Builder {
    /// What the client shares, `default_base_url` and `default_user_agent` where unset. Fails
    /// on a base URL that is not an absolute `http(s)` URL or that carries a user name or
    /// password (they would travel in every request's URI), a user agent that is not a header
    /// value, or a default transport whose TLS backend cannot be set up.
    pub fn build(
        self,
        default_base_url: &str,
        default_user_agent: &str,
    ) -> Result<Shared, Invalid> {
        let text = self.base_url.as_deref().unwrap_or(default_base_url);
        let user_agent = self.user_agent.as_deref().unwrap_or(default_user_agent);
        let (base_url, user_agent) = client_parts(text, user_agent).map_err(Invalid::new)?;
        let default_transport = self.transport.is_none() && self.http.is_none();
        let transport = match (self.transport, self.http) {
            (Some(transport), _) => Sender::Custom(transport),
            (None, Some(http)) => Sender::Reqwest(ReqwestTransport::new(http)),
            (None, None) => default_with(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))?,
        };
        Ok(Shared {
            transport,
            base_url,
            user_agent,
            default_transport,
        })
    }

    /// `Debug` of the client's builder, whose other settings are `options` (which show no
    /// credential).
    pub fn debug(&self, f: &mut fmt::Formatter<'_>, options: &dyn fmt::Debug) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(shown_url))
            .field("transport", &self.transport.as_ref().map(|_| "<custom>"))
            .field("http", &self.http)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("options", options)
            .finish()
    }
}

impl Shared {
    /// The same, connecting with another timeout: a pool of its own (pooled connections are
    /// per connect timeout). Fails with a custom transport or HTTP client, whose connect
    /// timeout is theirs to set.
    pub fn with_connect_timeout(&self, timeout: Duration) -> Result<Shared, Invalid> {
        if !self.default_transport {
            return Err(Invalid::new(
                "the client has a custom transport: set its connect timeout there",
            ));
        }
        Ok(Shared {
            transport: default_with(timeout)?,
            base_url: self.base_url.clone(),
            user_agent: self.user_agent.clone(),
            default_transport: true,
        })
    }

    /// `Debug` of the client, whose settings are `options` (which show no credential).
    pub fn debug(&self, f: &mut fmt::Formatter<'_>, options: &dyn fmt::Debug) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &shown_url(self.base_url.as_str()))
            .field("user_agent", &self.user_agent)
            .field("options", options)
            .finish_non_exhaustive()
    }

    /// The URL of `path` (the template) below the base URL, each segment percent-encoded,
    /// with `query`.
    // runtime: if path_params
    /// A segment with a `{` (`{id}`) is the next of `values` instead, refused when it would
    /// name another endpoint (see [`crate::path::segment`]).
    // runtime: end
    /// The error is the message of the client's `Error::InvalidRequest`.
    pub fn url(
        &self,
        path: &str,
        // runtime: if path_params
        values: &[&str],
        // runtime: end
        query: &[(&str, String)],
    ) -> Result<Url, String> {
        let mut url = self.base_url.clone();
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| "the base URL cannot have a path".to_string())?;
        segments.pop_if_empty();
        // runtime: if path_params
        let mut values = values.iter().copied();
        // One `extend`, not a `push` per segment: each is a run of the URL parser.
        let mut refused = None;
        segments.extend(path.split('/').filter(|s| !s.is_empty()).map(|segment| {
            if !segment.contains('{') {
                return segment;
            }
            crate::path::segment(values.next().unwrap_or_default(), segment).unwrap_or_else(
                |error| {
                    refused.get_or_insert(error);
                    ""
                },
            )
        }));
        if let Some(error) = refused {
            return Err(error);
        }
        // runtime: else
        // segments.extend(path.split('/').filter(|s| !s.is_empty()));
        // runtime: end
        drop(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }
}
