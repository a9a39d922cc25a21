//! The token URL check and the freshness rule; the requests are tested through the client's
//! `OAuthTokens` (`codegen/runtime/src/oauth/tests.rs`).

use super::*;

#[test]
fn token_urls_must_be_https_or_loopback() {
    for ok in [
        "https://api.example/oauth/v1/token",
        "http://127.0.0.1:8080/token",
        "http://[::1]/t",
        "http://localhost/t",
    ] {
        assert!(checked_token_url(ok).is_ok(), "{ok}");
    }
    for bad in [
        "http://api.example/token",
        "ftp://x/token",
        "/oauth/token",
        "",
        "http://127.0.0.1.example/t",
        "https://user:secret@api.example/token",
        "https://user@api.example/token",
        "http://:secret@127.0.0.1/t",
    ] {
        assert!(
            matches!(checked_token_url(bad), Err(Failure::InvalidRequest { .. })),
            "{bad}"
        );
    }
}

#[test]
fn tokens_are_replaced_shortly_before_they_expire() {
    let now = Instant::now();
    assert_eq!(
        fresh_until(now, 1800),
        Some(now + Duration::from_secs(1740))
    );
    assert_eq!(fresh_until(now, 60), Some(now + Duration::from_secs(30)));
    assert_eq!(fresh_until(now, 0), Some(now));
    assert_eq!(fresh_until(now, u64::MAX), None);
}

#[test]
fn debug_shows_the_token_url_without_its_query() {
    let tokens = Tokens::new(
        "https://api.example/oauth/token?client_secret=QUERYSECRET#FRAGSECRET",
        "id".into(),
        "CLIENTSECRET".into(),
    )
    .expect("a valid token URL");
    let shown = format!("{tokens:?}");
    assert!(shown.contains("https://api.example/oauth/token"), "{shown}");
    for secret in ["QUERYSECRET", "FRAGSECRET", "CLIENTSECRET"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
