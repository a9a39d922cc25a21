//! A successful response: its body, status and headers.

use std::ops::Deref;

use http::HeaderMap;

/// A successful response. It dereferences to its body, so fields read directly;
/// `status` and `headers` (e.g. the `Location` of a created resource) are there too.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    #[doc(hidden)]
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_reads_as_its_body_and_keeps_status_and_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("location", "/messages/1".parse().unwrap());
        let response = Response::new(201, headers, vec![1, 2]);
        assert_eq!(response.len(), 2);
        assert_eq!(response.status(), 201);
        assert_eq!(response.header("Location"), Some("/messages/1"));
        assert_eq!(response.header("etag"), None);
        assert_eq!(response.into_body(), vec![1, 2]);
    }
}
