//! Tokens from your code: [`TokenProvider`], for OAuth access tokens that expire.

// Only crates whose API has a bearer or OAuth 2 scheme have this module.

use std::fmt;
use std::future::Future;

use crate::{BoxFuture, Error};

/// Supplies a bearer token for each attempt of a call, so that an OAuth access token can
/// be refreshed when it expires (HubSpot's live 30 minutes). The client asks before
/// every attempt, retries included, and never caches: cache in the provider. A provider that
/// can replace a token the API rejects implements [`renew`](Self::renew) too.
///
/// Closures returning a future implement it:
/// `builder.oauth2_token_provider(|| async { Ok(fresh_token().await) })`, say. An
/// `Err` fails the attempt before anything is sent. [`Error::token_provider`] wraps any error
/// as [`Error::TokenProvider`], which ends the call (it is not retried); another of the
/// client's errors (a [`Error::Transport`] of the provider's own, say) is returned as it is,
/// and retried as that error would be. The provider's error is shown as it made it (in
/// `source()` and `Debug`): the client does not know the provider's secrets, so keep them out
/// of its text.
pub trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<String, Error>>;

    /// The API answered `401` to a call that sent `rejected`: the token expired early or was
    /// revoked. Drop it if it is still the one to send, and say whether [`token`](Self::token)
    /// may supply another, in which case the client sends the call once more (only once). The
    /// default says no, so that a `401` is returned as it is.
    fn renew(&self, rejected: &str) -> bool {
        let _ = rejected;
        false
    }
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, Error>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(self())
    }
}

/// A token that never changes, as a [`TokenProvider`]; for tests and fakes. `Debug`
/// does not show it.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// A provider that always supplies `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn static_tokens_supply_their_token_and_never_show_it() {
        let token = StaticToken::new("s3cret");
        assert_eq!(token.token().await.unwrap(), "s3cret");
        assert!(!format!("{token:?}").contains("s3cret"));
        assert!(!token.renew("s3cret"), "a fixed token has no other to give");
        let closure = || async { Ok::<_, Error>("fresh".to_string()) };
        assert_eq!(TokenProvider::token(&closure).await.unwrap(), "fresh");
    }
}
