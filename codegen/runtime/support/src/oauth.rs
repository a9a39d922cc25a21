//! The API-independent part of the client's `OAuthTokens` (access tokens from an OAuth 2 token
//! endpoint, RFC 6749 §6 and §4.4): [`Tokens`], which gets them with a refresh token or client
//! credentials and keeps them until shortly before they expire, and [`OAuthError`], why it got
//! none. The client wraps `Tokens` in its `OAuthTokens`, whose errors are its `Error`.

// Only crates whose API declares an OAuth 2 authorization-code or client-credentials flow have
// this module; the token URLs of the spec are constants of the generated client.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use http::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use http::Method;
use reqwest::Url;

use crate::redact::Secrets;
use crate::transport::{
    send_within, BoxFuture, MaxResponseBytes, ReqwestTransport, Transport, TransportErrorKind,
};

/// Why [`Tokens`] failed, as the client's `Error` tells it: `InvalidRequest` or
/// `TokenProvider` (with the [`OAuthError`]).
#[derive(Debug)]
#[doc(hidden)]
pub enum Failure {
    /// The token URL is not one to send the client secret to, or the request could not be
    /// built.
    InvalidRequest {
        /// What is wrong, in words.
        message: String,
        /// The error that made the request impossible, when there is one.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// No token: the endpoint refused, did not answer, or answered something else.
    Token(OAuthError),
}

/// The largest token response read: a token response is a few hundred bytes.
const RESPONSE_LIMIT: u64 = 64 * 1024;

/// How long a token request may take when no timeout is set.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long before its `expires_in` a token is replaced, at most: a call that starts with a
/// token about to expire may reach the API after it has.
const EARLY: Duration = Duration::from_secs(60);

/// How much of the token endpoint's `error_description` an error keeps.
const DESCRIPTION_LIMIT: usize = 1024;

/// The token machinery behind the client's `OAuthTokens` (which documents it): the grant, the
/// kept access token, the one request in flight. Clones share the tokens.
#[derive(Clone)]
#[doc(hidden)]
pub struct Tokens {
    settings: Arc<Settings>,
    state: Arc<State>,
}

/// What the endpoint is and how to talk to it.
#[derive(Clone)]
struct Settings {
    token_url: Url,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    transport: Arc<dyn Transport>,
    timeout: Duration,
    on_refresh_token: Option<RefreshCallback>,
}

/// What is told of each new refresh token.
#[doc(hidden)]
pub type RefreshCallback = Arc<dyn Fn(&str) + Send + Sync>;

/// What the clones share.
struct State {
    store: Mutex<Store>,
    /// Held by the one task that talks to the token endpoint; the others wait on it.
    flight: tokio::sync::Mutex<()>,
}

struct Store {
    grant: Grant,
    token: Option<AccessToken>,
}

/// How a new access token is obtained.
#[derive(Clone)]
enum Grant {
    /// Not yet: [`Tokens::exchange_code`] gives a refresh token.
    None,
    RefreshToken(String),
    ClientCredentials,
}

struct AccessToken {
    token: String,
    /// `None`: the endpoint gave no lifetime, so it is kept until the API rejects it.
    fresh_until: Option<Instant>,
}

impl Tokens {
    /// Tokens from the endpoint at `token_url` (an `https` URL, or `http` to a loopback
    /// address, without user info), for the application `client_id` with `client_secret`, without a grant yet.
    ///
    /// Fails with [`Failure::InvalidRequest`] for a token URL that is neither, and with
    /// [`Failure::Token`] when the HTTP client of the token requests cannot be built.
    pub fn new(token_url: &str, client_id: String, client_secret: String) -> Result<Self, Failure> {
        let token_url = checked_token_url(token_url)?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(http_client_failed)?;
        let settings = Settings {
            token_url,
            client_id,
            client_secret,
            scopes: Vec::new(),
            transport: Arc::new(ReqwestTransport::new(http)),
            timeout: DEFAULT_TIMEOUT,
            on_refresh_token: None,
        };
        let store = Store {
            grant: Grant::None,
            token: None,
        };
        Ok(Tokens {
            settings: Arc::new(settings),
            state: Arc::new(State {
                store: Mutex::new(store),
                flight: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// Gets access tokens with `refresh_token` (the authorization-code flow, after the first
    /// exchange), which it replaces when the endpoint rotates it.
    pub fn with_refresh_token(self, refresh_token: String) -> Self {
        self.store().grant = Grant::RefreshToken(refresh_token);
        self
    }

    /// Gets access tokens with the client id and secret alone (the client-credentials flow).
    pub fn with_client_credentials(self) -> Self {
        self.store().grant = Grant::ClientCredentials;
        self
    }

    /// The scopes to ask for (sent as `scope`, space-separated); none by default, so the
    /// endpoint grants those of the refresh token or the application.
    pub fn scopes(mut self, scopes: Vec<String>) -> Self {
        Arc::make_mut(&mut self.settings).scopes = scopes;
        self
    }

    /// Called with each new refresh token the endpoint sends (from the code exchange, or a
    /// rotated one), so that you can store it for the next run. It runs while other calls
    /// wait for the token: keep it quick.
    pub fn on_refresh_token(mut self, callback: RefreshCallback) -> Self {
        Arc::make_mut(&mut self.settings).on_refresh_token = Some(callback);
        self
    }

    /// The transport token requests go through, instead of a `reqwest` client of their own.
    /// It should not follow redirects.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        Arc::make_mut(&mut self.settings).transport = transport;
        self
    }

    /// The longest one token request may take; the default is 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        Arc::make_mut(&mut self.settings).timeout = timeout;
        self
    }

    /// Exchanges an authorization `code` (from the redirect to `redirect_uri`, which must
    /// be the one the authorization request named) for tokens: the access token is kept,
    /// and the refresh token becomes the grant and goes to
    /// [`on_refresh_token`](Self::on_refresh_token).
    ///
    /// Boxed, as [`access_token`](Self::access_token).
    pub fn exchange_code<'a>(
        &'a self,
        code: &'a str,
        redirect_uri: &'a str,
    ) -> BoxFuture<'a, Result<(), Failure>> {
        Box::pin(self.exchange(code, redirect_uri))
    }

    async fn exchange(&self, code: &str, redirect_uri: &str) -> Result<(), Failure> {
        let _flight = self.state.flight.lock().await;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
        ];
        self.request(&form, &[code]).await.map(drop)
    }

    /// An access token: the one kept while it is fresh, else a new one from the endpoint.
    ///
    /// Boxed, so that the future's code is compiled here, once, and the client only polls it
    /// through the box's vtable: as an `async fn`, its body (and those it awaits) was compiled
    /// in the client that polled it (23,548 IR lines more there; BENCHMARKS.md, issue 11).
    pub fn access_token(&self) -> BoxFuture<'_, Result<String, Failure>> {
        Box::pin(self.get_token())
    }

    async fn get_token(&self) -> Result<String, Failure> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _flight = self.state.flight.lock().await;
        // Another task may have got one while this one waited.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let grant = self.store().grant.clone();
        let scope = self.settings.scopes.join(" ");
        let mut form = match &grant {
            Grant::None => {
                return Err(Failure::Token(OAuthError::new(
                    "no grant to get an access token with: give a refresh token, the client credentials or an authorization code",
                )));
            }
            Grant::RefreshToken(token) => {
                vec![("grant_type", "refresh_token"), ("refresh_token", token)]
            }
            Grant::ClientCredentials => vec![("grant_type", "client_credentials")],
        };
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        let secrets: Vec<&str> = match &grant {
            Grant::RefreshToken(token) => vec![token.as_str()],
            _ => Vec::new(),
        };
        self.request(&form, &secrets).await
    }

    /// The API rejected `rejected`: drops it if it is the kept token, and says whether another
    /// can be had (there is a grant).
    pub fn renew(&self, rejected: &str) -> bool {
        let mut store = self.store();
        if store.token.as_ref().is_some_and(|t| t.token == rejected) {
            store.token = None;
        }
        !matches!(store.grant, Grant::None)
    }

    /// The kept token while it is fresh.
    fn fresh(&self) -> Option<String> {
        let store = self.store();
        let token = store.token.as_ref()?;
        let fresh = token.fresh_until.is_none_or(|until| Instant::now() < until);
        fresh.then(|| token.token.clone())
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A callback that panicked leaves nothing half-written: the store is set in one go.
        self.state
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Posts `form` with the client credentials to the token URL and keeps what it answers:
    /// the access token, and a new refresh token. `secrets`: what else the form carries.
    async fn request(&self, form: &[(&str, &str)], secrets: &[&str]) -> Result<String, Failure> {
        let settings = &self.settings;
        let mut sent: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
        sent.push(settings.client_secret.clone());
        let secrets = Secrets::new(sent);
        let mut encoder = Url::parse("http://form/").map_err(|e| Failure::InvalidRequest {
            message: "the form encoder failed".to_string(),
            source: Some(Box::new(e)),
        })?;
        encoder
            .query_pairs_mut()
            .extend_pairs(form)
            .append_pair("client_id", &settings.client_id)
            .append_pair("client_secret", &settings.client_secret);
        let body = encoder.query().unwrap_or_default().as_bytes().to_vec();
        let uri = http::Uri::try_from(settings.token_url.as_str())
            .map_err(|_| invalid_request("the token URL is not a valid URI".to_string()))?;
        let mut request = http::Request::new(body);
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        request
            .extensions_mut()
            .insert(MaxResponseBytes(RESPONSE_LIMIT));
        let response = match send_within(&*settings.transport, request, settings.timeout).await {
            None => {
                let mut error = OAuthError::new("the token request timed out");
                error.timed_out = true;
                return Err(failed(error));
            }
            Some(Err(error)) if error.kind() == TransportErrorKind::ResponseTooLarge => {
                return Err(failed(OAuthError::new(
                    "the token endpoint's answer is too large",
                )));
            }
            Some(Err(error)) => {
                let mut oauth = OAuthError::new("the token request got no response");
                oauth.timed_out = error.kind() == TransportErrorKind::Timeout;
                oauth.source = Some(Box::new(error.redact(&secrets)));
                return Err(failed(oauth));
            }
            Some(Ok(response)) => response,
        };
        let status = response.status().as_u16();
        let body = response.into_body();
        if body.len() as u64 > RESPONSE_LIMIT {
            let mut error = OAuthError::new("the token endpoint's answer is too large");
            error.status = Some(status);
            return Err(failed(error));
        }
        let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
        let field = |name: &str| {
            json.as_ref()
                .and_then(|j| j.get(name))
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.is_empty())
        };
        if !(200..300).contains(&status) {
            let mut error = OAuthError::new("the token endpoint refused");
            error.status = Some(status);
            error.code = field("error").map(|c| short(&secrets.text(c)));
            error.description = field("error_description").map(|d| short(&secrets.text(d)));
            return Err(failed(error));
        }
        let Some(access_token) = field("access_token").map(str::to_string) else {
            let mut error = OAuthError::new("the token endpoint's answer has no access_token");
            error.status = Some(status);
            return Err(failed(error));
        };
        let expires_in = json
            .as_ref()
            .and_then(|j| j.get("expires_in"))
            .and_then(|e| e.as_u64().or_else(|| e.as_str()?.trim().parse().ok()));
        let rotated = field("refresh_token").map(str::to_string);
        let now = Instant::now();
        let mut store = self.store();
        store.token = Some(AccessToken {
            token: access_token.clone(),
            fresh_until: expires_in.and_then(|secs| fresh_until(now, secs)),
        });
        let new_refresh = match (&store.grant, rotated) {
            (Grant::RefreshToken(old), Some(new)) if *old == new => None,
            (Grant::ClientCredentials, _) | (_, None) => None,
            (_, Some(new)) => {
                store.grant = Grant::RefreshToken(new.clone());
                Some(new)
            }
        };
        drop(store);
        if let (Some(new), Some(callback)) = (new_refresh, &settings.on_refresh_token) {
            callback(&new);
        }
        Ok(access_token)
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let store = self.store();
        let grant = match store.grant {
            Grant::None => "none",
            Grant::RefreshToken(_) => "refresh_token",
            Grant::ClientCredentials => "client_credentials",
        };
        f.debug_struct("OAuthTokens")
            .field(
                "token_url",
                &crate::transport::shown_url(self.settings.token_url.as_str()),
            )
            .field("client_id", &self.settings.client_id)
            .field("client_secret", &"<redacted>")
            .field("grant", &grant)
            .field("access_token", &store.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// When a token that lives `secs` seconds from `now` is to be replaced: a minute early, or
/// halfway for tokens that live less than two minutes. `None` past what `Instant` can hold.
fn fresh_until(now: Instant, secs: u64) -> Option<Instant> {
    let life = Duration::from_secs(secs);
    let early = EARLY.min(life / 2);
    now.checked_add(life - early)
}

/// `text` as a token URL: `https`, or `http` to a loopback address, with a host.
fn checked_token_url(text: &str) -> Result<Url, Failure> {
    let invalid = |why: &str| invalid_request(format!("the token URL {why}"));
    let url = Url::parse(text).map_err(|_| invalid("is not an absolute URL"))?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        _ if host.is_empty() => Err(invalid("has no host")),
        // Credentials in the URL would show wherever the URL does (`Debug`, logs); the client's
        // id and secret go in the form.
        _ if !url.username().is_empty() || url.password().is_some() => Err(invalid(
            "must not carry user info (the client credentials go in the form)",
        )),
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(invalid(
            "must be https (or http to a loopback address): it receives the client secret",
        )),
    }
}

/// `text` cut to [`DESCRIPTION_LIMIT`] characters.
fn short(text: &str) -> String {
    text.chars().take(DESCRIPTION_LIMIT).collect()
}

fn failed(error: OAuthError) -> Failure {
    Failure::Token(error)
}

fn invalid_request(message: String) -> Failure {
    Failure::InvalidRequest {
        message,
        source: None,
    }
}

/// The `reqwest` client of the token requests could not be built (its TLS backend failed to
/// start, say): the provider cannot work, though no request failed, since none was sent.
#[doc(hidden)]
pub fn http_client_failed(error: reqwest::Error) -> Failure {
    let mut oauth = OAuthError::new("the HTTP client of the token requests could not be built");
    oauth.source = Some(Box::new(error.without_url()));
    failed(oauth)
}

/// Why `OAuthTokens` got no token: the endpoint refused (its status and RFC 6749 error
/// code, such as `invalid_grant` for a revoked refresh token), did not answer, or answered
/// something else. In `Error::TokenProvider`: `downcast_ref::<OAuthError>()` on it.
/// Secrets the request carried are blanked out of what the endpoint said.
#[derive(Debug)]
pub struct OAuthError {
    message: &'static str,
    status: Option<u16>,
    code: Option<String>,
    description: Option<String>,
    /// The token request took longer than its timeout (or the transport's own timer fired).
    timed_out: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl OAuthError {
    fn new(message: &'static str) -> Self {
        OAuthError {
            message,
            status: None,
            code: None,
            description: None,
            timed_out: false,
            source: None,
        }
    }

    /// The status the token endpoint answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The endpoint's `error` code (`invalid_grant`, `invalid_client`, ...).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The endpoint's `error_description`, cut after 1,024 characters.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Whether the token request took longer than its timeout
    /// (`OAuthTokens::timeout`), or the transport's own timer fired;
    /// `Error::is_timeout` says so too.
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)?;
        if let Some(status) = self.status {
            write!(f, " (status {status})")?;
        }
        if let Some(code) = &self.code {
            write!(f, ": {code}")?;
        }
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        // The transport's failure is `source()`, not part of this message (one level each).
        Ok(())
    }
}

impl std::error::Error for OAuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests;
