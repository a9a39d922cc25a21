//! HubSpot's signatures computed the way the docs describe them, written apart from the
//! generated crate's verifier (the URL table applied as successive replacements, hex by
//! `format!`), so that tests compare two implementations instead of one with itself.

#![allow(dead_code)]

use base64::Engine as _;
use hmac::Mac as _;
use sha2::Digest as _;

/// The escapes v3 decodes in the URL, as HubSpot's table lists them.
pub const TABLE: [(&str, &str); 12] = [
    ("%3A", ":"),
    ("%2F", "/"),
    ("%3F", "?"),
    ("%40", "@"),
    ("%21", "!"),
    ("%24", "$"),
    ("%27", "'"),
    ("%28", "("),
    ("%29", ")"),
    ("%2A", "*"),
    ("%2C", ","),
    ("%3B", ";"),
];

pub fn v3(secret: &str, method: &str, url: &str, body: &[u8], timestamp: &str) -> String {
    let mut uri = url.to_string();
    for (escape, plain) in TABLE {
        uri = uri.replace(escape, plain);
    }
    let mut source = Vec::new();
    source.extend_from_slice(method.as_bytes());
    source.extend_from_slice(uri.as_bytes());
    source.extend_from_slice(body);
    source.extend_from_slice(timestamp.as_bytes());
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(&source);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

pub fn v2(secret: &str, method: &str, url: &str, body: &[u8]) -> String {
    let mut source = format!("{secret}{method}{url}").into_bytes();
    source.extend_from_slice(body);
    hex(&sha2::Sha256::digest(&source))
}

pub fn v1(secret: &str, body: &[u8]) -> String {
    let mut source = secret.as_bytes().to_vec();
    source.extend_from_slice(body);
    hex(&sha2::Sha256::digest(&source))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
