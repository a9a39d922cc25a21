//! The OAuth 2 flows of a security scheme (`flows.authorizationCode`, `flows.clientCredentials`)
//! → where the generated token provider gets tokens. A token URL receives the client secret, so
//! one that is not `https` (nor `http` to a loopback address, for local servers), or is not an
//! absolute URL, is reported and left out: the caller then names the endpoint.

use serde_json::Value;

use super::{OAuthFlow, OAuthFlows};
use crate::diagnostics::Diagnostics;
use crate::pointer::Place;
use crate::resolve::Resolver;

/// The usable flows of the OAuth 2 scheme at `place`.
pub(super) fn flows(resolver: &Resolver, place: &Place, diags: &mut Diagnostics) -> OAuthFlows {
    let flows = place.join("flows");
    let mut flow = |name: &str| {
        let at = flows.join(name);
        resolver.get(&at).and_then(Value::as_object)?;
        let mut url = |field: &str| {
            let at = at.join(field);
            let text = resolver.get(&at)?.as_str().unwrap_or_default();
            match checked_url(text) {
                Ok(()) => Some(text.to_string()),
                Err(why) => {
                    diags.warning(
                        resolver.describe(&at),
                        format!("the OAuth 2 `{field}` {why}: it would receive the client secret"),
                        "no constant for it: pass the token endpoint's URL to `OAuthTokens::new`",
                    );
                    None
                }
            }
        };
        Some(OAuthFlow { token_url: url("tokenUrl"), refresh_url: url("refreshUrl") })
    };
    OAuthFlows { authorization_code: flow("authorizationCode"), client_credentials: flow("clientCredentials") }
}

/// Whether `text` is an absolute `https` URL, or `http` to a loopback address, with a plain
/// host (letters, digits, dots and dashes, or a bracketed IPv6 address), no user info and only
/// visible ASCII; else why not.
pub(super) fn checked_url(text: &str) -> Result<(), &'static str> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("is not a URL (empty, or with spaces, control or non-ASCII characters)");
    }
    let Some((scheme, rest)) = text.split_once("://") else { return Err("is not an absolute URL") };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("carries user info");
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((inside, after)) if !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') => {
                {
                let port = match after {
                    "" => None,
                    _ => Some(after.strip_prefix(':').ok_or("has an invalid host")?),
                };
                (authority.get(..inside.len() + 2).unwrap_or(authority), port)
            }
            }
            _ => return Err("has an invalid host"),
        },
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    if host.is_empty() || (!host.starts_with('[') && !host.bytes().all(plain)) {
        return Err("has an invalid host");
    }
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n > 65535)) {
        return Err("has an invalid port");
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if scheme.eq_ignore_ascii_case("https") || (scheme.eq_ignore_ascii_case("http") && loopback) {
        Ok(())
    } else {
        Err("is not https (nor http to a loopback address)")
    }
}

#[cfg(test)]
mod tests {
    use super::checked_url;

    #[test]
    fn token_urls_are_https_or_loopback_and_plain() {
        for ok in [
            "https://api.hubapi.com/oauth/v1/token",
            "HTTPS://auth.example:8443/t?x=1",
            "http://127.0.0.1:9999/token",
            "http://[::1]/token",
            "http://localhost/token",
        ] {
            assert_eq!(checked_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://auth.example/token",
            "ftp://auth.example/token",
            "/oauth/token",
            "oauth/token",
            "",
            "https:// spaced/t",
            "https://a\nb/t",
            "https://user:pw@auth.example/t",
            "https://auth_example/t",
            "https://auth.example:99999/t",
            "https://auth.example:/t",
            "https:///t",
            "http://127.0.0.1.evil.example/t",
            "https://[zz]/t",
            "https://[::1]x/t",
            "https://ünï.example/t",
        ] {
            assert!(checked_url(bad).is_err(), "{bad}");
        }
    }
}
