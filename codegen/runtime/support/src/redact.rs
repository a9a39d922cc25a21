//! Keeps the credentials a request carried out of the error it ends in: a server or a
//! proxy may echo them (in a body, a header, a decode message), raw or encoded.

// `Secrets::new` and the encoders exist only in crates whose API has security schemes: without
// any, no request carries a secret, every `Secrets` is empty and nothing builds one.

use std::sync::OnceLock;

use http::{HeaderMap, HeaderValue};

/// How much of a response body an error keeps, in bytes: enough to read an error page,
/// not so much that errors carried around hold megabytes.
pub const ERROR_BODY_PREFIX: usize = 64 * 1024;

const REDACTED: &str = "<redacted>";

/// The secrets one attempt sent, each in every form it may come back in: as sent, form-
/// and percent-encoded (upper and lower case hex), and escaped inside a JSON string.
/// No `Debug`: it holds the secrets themselves.
#[derive(Default)]
pub struct Secrets {
    // runtime: if schemes
    /// As sent.
    sent: Vec<String>,
    // runtime: end
    /// Every form of every secret sent, longest first (so that a form containing another is
    /// blanked out whole), made when an error first asks: making them for every attempt, as
    /// was done, was almost half of what the client did per request on top of reqwest.
    forms: OnceLock<Vec<String>>,
}

impl Secrets {
    // runtime: if schemes
    /// The secrets `sent` (empty ones are no secret); their encoded forms are made when an
    /// error needs them.
    pub fn new(sent: Vec<String>) -> Self {
        Secrets {
            sent,
            forms: OnceLock::new(),
        }
    }

    fn forms(&self) -> &[String] {
        self.forms.get_or_init(|| forms_of(&self.sent))
    }
    // runtime: else
    // fn forms(&self) -> &[String] {
    //     self.forms.get().map_or(&[], Vec::as_slice)
    // }
    // runtime: end

    /// Whether `text` shows a secret.
    pub fn shows(&self, text: &str) -> bool {
        self.forms().iter().any(|f| text.contains(f.as_str()))
    }

    /// `text` with every secret blanked out.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for form in self.forms() {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
        }
        out
    }

    /// `headers` with every value that shows a secret blanked out there.
    pub fn headers(&self, headers: HeaderMap) -> HeaderMap {
        if !headers
            .values()
            .any(|v| self.shows(&String::from_utf8_lossy(v.as_bytes())))
        {
            return headers;
        }
        let mut out = HeaderMap::with_capacity(headers.len());
        for (name, value) in &headers {
            let text = String::from_utf8_lossy(value.as_bytes());
            let value = if self.shows(&text) {
                HeaderValue::from_str(&self.text(&text))
                    .unwrap_or_else(|_| HeaderValue::from_static(REDACTED))
            } else {
                value.clone()
            };
            out.append(name.clone(), value);
        }
        out
    }

    /// The whole body as text with every secret blanked out. A JSON body that still
    /// shows one once its escapes are read (`\u0053ECRET`, say) is written anew from
    /// its value, redacted string by string.
    pub fn body(&self, body: &[u8]) -> String {
        let text = self.text(&String::from_utf8_lossy(body));
        if self.forms().is_empty() {
            return text;
        }
        // The slice reader, which the crate's other decoders instantiate already.
        let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(text.as_bytes()) else {
            return text;
        };
        if !self.redact_value(&mut value) {
            return text;
        }
        serde_json::to_string(&value).unwrap_or_else(|_| REDACTED.to_string())
    }

    /// Blanks out secrets in the keys and strings of `value`; whether there were any.
    /// A loop, not recursion: the depth is the server's (serde_json stops at 128).
    fn redact_value(&self, value: &mut serde_json::Value) -> bool {
        let mut found = false;
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::String(text) if self.shows(text) => {
                    *text = self.text(text);
                    found = true;
                }
                serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
                serde_json::Value::Object(map) => {
                    if map.keys().any(|k| self.shows(k)) {
                        found = true;
                        for (key, item) in std::mem::take(map) {
                            map.insert(self.text(&key), item);
                        }
                    }
                    stack.extend(map.values_mut());
                }
                _ => {}
            }
        }
        found
    }

    /// What an error keeps of a redacted body: its first [`ERROR_BODY_PREFIX`] bytes
    /// (the whole body was redacted before the cut, so no secret straddles it).
    pub fn kept(&self, mut text: String) -> String {
        cut(&mut text, ERROR_BODY_PREFIX);
        text
    }
}

/// Cuts `text` to at most `limit` bytes, at a character boundary; whether it was longer.
/// Cut after redacting, so that no part of a secret is left for the redaction to miss.
pub fn cut(text: &mut String, limit: usize) -> bool {
    if text.len() <= limit {
        return false;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}
// runtime: if schemes

/// Every form of `secrets` that is not empty, longest first, without repeats.
fn forms_of(secrets: &[String]) -> Vec<String> {
    let mut forms = Vec::new();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        forms.push(secret.clone());
        forms.push(form_encoded(secret, "0123456789ABCDEF"));
        forms.push(form_encoded(secret, "0123456789abcdef"));
        forms.push(percent_encoded(secret, "0123456789ABCDEF"));
        forms.push(percent_encoded(secret, "0123456789abcdef"));
        if let Ok(json) = serde_json::to_string(secret) {
            let inner = json
                .get(1..json.len().saturating_sub(1))
                .unwrap_or_default()
                .to_string();
            forms.push(inner.replace('/', "\\/"));
            forms.push(inner);
        }
        for upper in [false, true] {
            let ascii = json_ascii(secret, upper);
            forms.push(ascii.replace('/', "\\/"));
            forms.push(ascii);
        }
    }
    forms.retain(|f| !f.is_empty());
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// `application/x-www-form-urlencoded` (as query parameters carry API keys), with the
/// given hex digits.
fn form_encoded(text: &str, digits: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => push_hex(&mut out, byte, digits),
        }
    }
    out
}

/// Every byte but the unreserved ones (RFC 3986 §2.3) as `%XX`, with the given digits.
fn percent_encoded(text: &str, digits: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            _ => push_hex(&mut out, byte, digits),
        }
    }
    out
}

fn push_hex(out: &mut String, byte: u8, digits: &str) {
    let digits = digits.as_bytes();
    out.push('%');
    for nibble in [byte >> 4, byte & 15] {
        out.push(
            digits
                .get(usize::from(nibble))
                .map_or('0', |d| char::from(*d)),
        );
    }
}

/// Inside a JSON string with every non-ASCII character as `\uXXXX`, as many JSON
/// writers other than serde escape them.
fn json_ascii(text: &str, upper: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            match serde_json::to_string(&c) {
                Ok(json) => out.push_str(
                    json.get(1..json.len().saturating_sub(1))
                        .unwrap_or_default(),
                ),
                Err(_) => out.push(c),
            }
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units).iter() {
            if upper {
                out.push_str(&format!("\\u{unit:04X}"));
            } else {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}
// runtime: end

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_blanked_out_raw_encoded_and_escaped() {
        let secrets = Secrets::new(vec!["s3cr/t ü".to_string(), String::new()]);
        for echoed in ["s3cr/t ü", "s3cr%2Ft+%C3%BC", "s3cr%2ft%20%c3%bc"] {
            assert_eq!(
                secrets.text(&format!("key={echoed}&x")),
                "key=<redacted>&x",
                "{echoed}"
            );
        }
        // Escapes only a JSON reader resolves: the body is rewritten from its value.
        let body = secrets.body(br#"{"echo": "s3cr\/t \u00fc", "n": 1}"#);
        assert!(
            !body.contains("s3cr") && body.contains("<redacted>"),
            "{body}"
        );
        // An empty secret is no secret.
        assert_eq!(secrets.text("plain"), "plain");
    }

    #[test]
    fn the_forms_are_made_only_when_asked_for_and_once() {
        let secrets = Secrets::new(vec!["k&y".to_string()]);
        assert!(
            secrets.forms.get().is_none(),
            "a call that succeeds makes none"
        );
        assert!(secrets.shows("hapikey=k%26y"));
        let made = secrets.forms().as_ptr();
        assert_eq!(secrets.text("k&y and k%26y"), "<redacted> and <redacted>");
        assert_eq!(secrets.forms().as_ptr(), made, "made once");
        assert!(!Secrets::default().shows(""));
    }

    #[test]
    fn headers_that_show_a_secret_are_blanked_out_and_others_kept() {
        let secrets = Secrets::new(vec!["tok".to_string()]);
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", HeaderValue::from_static("Bearer tok"));
        headers.insert("x-other", HeaderValue::from_static("fine"));
        let headers = secrets.headers(headers);
        assert_eq!(headers["x-echo"], "Bearer <redacted>");
        assert_eq!(headers["x-other"], "fine");
    }

    #[test]
    fn kept_bodies_are_cut_at_a_char_boundary() {
        let text = "é".repeat(ERROR_BODY_PREFIX);
        let kept = Secrets::default().kept(text);
        assert!(kept.len() <= ERROR_BODY_PREFIX && kept.len() >= ERROR_BODY_PREFIX - 1);
        assert_eq!(Secrets::default().kept("short".to_string()), "short");
    }
}
