//! `multipart/form-data` request bodies: text fields and files.

// Encoded by the crate itself rather than by reqwest, so that every `Transport` gets plain
// bytes. Only crates whose API has multipart request bodies have this module.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// A `multipart/form-data` body: text fields and files, in order.
#[derive(Debug, Clone, Default)]
pub struct Form {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// A file: its field name, file name, media type and content.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// The `Content-Type` (with its boundary) and the encoded body.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let state = RandomState::new();
        let boundary = format!("{:016x}{:016x}", state.hash_one(1u8), state.hash_one(2u8));
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                    quoted(&part.name)
                )
                .as_bytes(),
            );
            if let Some(filename) = &part.filename {
                body.extend_from_slice(format!("; filename=\"{}\"", quoted(filename)).as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(
                    format!(
                        "Content-Type: {}\r\n",
                        content_type.replace(['\r', '\n'], "")
                    )
                    .as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

/// A name inside double quotes, escaped as browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_delimited_by_the_boundary_and_names_cannot_break_out() {
        let form = Form::new().text("note", "hi").file(
            "file\"\r\nX-Evil: 1",
            "a.txt",
            "text/plain\r\nX: y",
            b"data".to_vec(),
        );
        let (content_type, body) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(body.matches(&format!("--{boundary}\r\n")).count(), 2);
        assert!(body.contains("name=\"note\"\r\n\r\nhi\r\n"));
        assert!(body.contains("name=\"file%22%0D%0AX-Evil: 1\"; filename=\"a.txt\""));
        assert!(body.contains("Content-Type: text/plainX: y\r\n"));
        assert!(!body.contains("\r\nX-Evil"));
    }
}
