//! A stand-in for the generated `client.rs`: a client whose API has one scheme, an API key
//! sent as the `key` query parameter. Only what the runtime modules and their tests use.

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, HeaderValue};
use reqwest::Url;

use crate::call::Call;
use crate::{Error, RequestOptions, Transport};
use support::transport::Sender;

/// A client of the stand-in API.
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) options: RequestOptions,
}

/// What the views of one client share.
pub(crate) struct Shared {
    pub(crate) transport: Sender,
    pub(crate) user_agent: HeaderValue,
}

impl Client {
    /// A client sending through `transport`, with `options`.
    pub(crate) fn new(transport: impl Transport + 'static, options: RequestOptions) -> Self {
        let shared = Shared {
            transport: Sender::Custom(Arc::new(transport)),
            user_agent: HeaderValue::from_static("runtime-tests"),
        };
        Client {
            shared: Arc::new(shared),
            options,
        }
    }

    /// The credentials of the first alternative this client has, added to the request; the
    /// secrets sent.
    pub(crate) async fn authorize(
        &self,
        call: &Call,
        url: &mut Url,
        _headers: &mut HeaderMap,
    ) -> Result<Vec<String>, Error> {
        if call.security.is_empty() {
            return Ok(Vec::new());
        }
        let credentials = &self.options.credentials;
        let Some(key) = call
            .security
            .iter()
            .any(|alternative| {
                alternative
                    .iter()
                    .all(|Scheme::ApiKey| credentials.api_key.is_some())
            })
            .then_some(credentials.api_key.as_ref())
            .flatten()
        else {
            return Err(Error::missing_credentials(call.operation, call.accepted));
        };
        url.query_pairs_mut().append_pair("key", &key.0);
        Ok(vec![key.0.clone()])
    }
}

/// The API's security schemes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scheme {
    ApiKey,
}

/// A credential; `Debug` does not show it.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

/// The credentials of a client or of a view.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) api_key: Option<Secret>,
}

impl Credentials {
    /// `over` on top of `self`.
    pub(crate) fn merge(&self, over: &Credentials) -> Credentials {
        Credentials {
            api_key: over.api_key.clone().or_else(|| self.api_key.clone()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<&str> = self.api_key.iter().map(|_| "api_key").collect();
        f.debug_tuple("Credentials").field(&set).finish()
    }
}
