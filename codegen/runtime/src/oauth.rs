//! Access tokens from an OAuth 2 token endpoint: [`OAuthTokens`], a [`TokenProvider`] that
//! gets them with a refresh token or client credentials (RFC 6749 §6 and §4.4) and keeps
//! them until shortly before they expire.

// Only crates whose API declares an OAuth 2 authorization-code or client-credentials flow have
// this module; the token URLs of the spec are constants of the generated client. The requests,
// the cache and `OAuthError` name no API type: they are the support crate's (`support::oauth`),
// compiled once there; this module turns their failures into the client's `Error`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use support::oauth::OAuthError;
use support::oauth::{Failure, Tokens};

use crate::{BoxFuture, Error, TokenProvider, Transport};

/// Access tokens from an OAuth 2 token endpoint, as a [`TokenProvider`] for the client's
/// OAuth setter (`oauth2_token_provider`, say):
///
/// ```ignore
/// let tokens = OAuthTokens::new(Client::OAUTH2_REFRESH_URL, client_id, client_secret)?
///     .with_refresh_token(stored_refresh_token)
///     .on_refresh_token(|rotated| save(rotated));
/// let client = Client::builder().oauth2_token_provider(tokens.clone()).build()?;
/// ```
///
/// It asks the token endpoint for an access token when it has none, or when the one it has
/// expires within a minute (or within half its lifetime, for short ones), and keeps it
/// otherwise. Many calls that need a token at once cause one token request; the others wait
/// for its answer. When the API answers `401`, the client has the token dropped and sends
/// the call once more with a new one.
///
/// The grant is a refresh token ([`with_refresh_token`](Self::with_refresh_token), or the one
/// [`exchange_code`](Self::exchange_code) got), or the client credentials
/// ([`with_client_credentials`](Self::with_client_credentials)). A refresh token the endpoint
/// rotates replaces the old one, and goes to [`on_refresh_token`](Self::on_refresh_token) so
/// that you can store it.
///
/// The client id and secret and the refresh token are sent only to the token URL (in the
/// form body, `client_secret_post`), which must be `https` (or `http` to a loopback
/// address, for tests); the access token only to the API. Requests follow no redirect.
/// Neither `Debug` nor any error shows a secret or a token. Clones share the tokens.
#[derive(Clone)]
pub struct OAuthTokens(Tokens);

impl OAuthTokens {
    /// Tokens from the endpoint at `token_url` (an `https` URL, or `http` to a loopback
    /// address, without user info), for the application `client_id` with `client_secret`.
    /// Give it a grant next:
    /// [`with_refresh_token`](Self::with_refresh_token),
    /// [`with_client_credentials`](Self::with_client_credentials) or
    /// [`exchange_code`](Self::exchange_code).
    ///
    /// Fails with [`Error::InvalidRequest`] for a token URL that is neither, and with
    /// [`Error::TokenProvider`] (an [`OAuthError`]) when the HTTP client of the token
    /// requests cannot be built.
    pub fn new(
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Result<Self, Error> {
        Tokens::new(token_url, client_id.into(), client_secret.into())
            .map(OAuthTokens)
            .map_err(failed)
    }

    /// Gets access tokens with `refresh_token` (the authorization-code flow, after the first
    /// exchange), which it replaces when the endpoint rotates it.
    pub fn with_refresh_token(self, refresh_token: impl Into<String>) -> Self {
        OAuthTokens(self.0.with_refresh_token(refresh_token.into()))
    }

    /// Gets access tokens with the client id and secret alone (the client-credentials flow).
    pub fn with_client_credentials(self) -> Self {
        OAuthTokens(self.0.with_client_credentials())
    }

    /// The scopes to ask for (sent as `scope`, space-separated); none by default, so the
    /// endpoint grants those of the refresh token or the application.
    pub fn scopes<S: Into<String>>(self, scopes: impl IntoIterator<Item = S>) -> Self {
        OAuthTokens(self.0.scopes(scopes.into_iter().map(Into::into).collect()))
    }

    /// Called with each new refresh token the endpoint sends (from the code exchange, or a
    /// rotated one), so that you can store it for the next run. It runs while other calls
    /// wait for the token: keep it quick.
    pub fn on_refresh_token(self, callback: impl Fn(&str) + Send + Sync + 'static) -> Self {
        OAuthTokens(self.0.on_refresh_token(Arc::new(callback)))
    }

    /// The transport token requests go through, instead of a `reqwest` client of their own.
    /// It should not follow redirects.
    pub fn transport(self, transport: impl Transport + 'static) -> Self {
        OAuthTokens(self.0.transport(Arc::new(transport)))
    }

    /// The longest one token request may take; the default is 30 s.
    pub fn timeout(self, timeout: Duration) -> Self {
        OAuthTokens(self.0.timeout(timeout))
    }

    /// Exchanges an authorization `code` (from the redirect to `redirect_uri`, which must
    /// be the one the authorization request named) for tokens: the access token is kept,
    /// and the refresh token becomes the grant and goes to
    /// [`on_refresh_token`](Self::on_refresh_token).
    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> Result<(), Error> {
        self.0
            .exchange_code(code, redirect_uri)
            .await
            .map_err(failed)
    }

    /// An access token: the one kept while it is fresh, else a new one from the endpoint.
    pub async fn access_token(&self) -> Result<String, Error> {
        self.0.access_token().await.map_err(failed)
    }
}

impl TokenProvider for OAuthTokens {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(self.access_token())
    }

    fn renew(&self, rejected: &str) -> bool {
        self.0.renew(rejected)
    }
}

impl fmt::Debug for OAuthTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The support crate's failure as the client's error.
fn failed(failure: Failure) -> Error {
    match failure {
        Failure::InvalidRequest {
            message,
            source: Some(source),
        } => Error::invalid_request_from(message, source),
        Failure::InvalidRequest { message, .. } => Error::invalid_request(message),
        Failure::Token(error) => Error::token_provider(error),
    }
}

#[cfg(test)]
mod tests;
