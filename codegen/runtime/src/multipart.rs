//! Files and other binary bodies ([`FilePart`]), and `multipart/form-data` request bodies
//! (`Form`): text, JSON and file parts.

// Encoded by the crate itself rather than by reqwest, so that every `Transport` gets plain
// bytes. Only crates whose API has multipart or binary request bodies have this module.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, ReadBuf};

use crate::Error;

/// A file or any binary content: bytes in memory or a reader (a `tokio::fs::File`, say), with
/// the file name and media type to send it with.
///
/// A reader is read once, when the call is sent: a call with a reader is never retried,
/// whatever the retry policy and `RequestOptions::idempotent` say, since the reader cannot
/// be replayed. Clones share the reader, so only one of them can be sent. Bytes can be sent
/// as often as needed.
#[derive(Clone)]
pub struct FilePart {
    data: Data,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// A reader that can be taken out once.
type SharedReader = Arc<Mutex<Option<Pin<Box<dyn AsyncRead + Send>>>>>;

#[derive(Clone)]
enum Data {
    Bytes(Vec<u8>),
    Reader(SharedReader),
}

impl FilePart {
    /// Content already in memory.
    pub fn bytes(data: impl Into<Vec<u8>>) -> Self {
        FilePart {
            data: Data::Bytes(data.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// Content read from `reader` when the call is sent (once: see [`FilePart`]).
    pub fn reader(reader: impl AsyncRead + Send + 'static) -> Self {
        FilePart {
            data: Data::Reader(Arc::new(Mutex::new(Some(Box::pin(reader))))),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with a multipart file part (`filename="…"`); without one, the
    /// part's name is sent. Raw bodies ignore it.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The media type of the content, say `image/png`. Without one, the type the API
    /// declares for it is sent, else `application/octet-stream`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// Whether the content comes from a reader (so the call cannot be repeated).
    pub fn is_reader(&self) -> bool {
        matches!(self.data, Data::Reader(_))
    }

    /// The media type set with [`content_type`](Self::content_type).
    pub(crate) fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content: the bytes, or what the reader gives until its end.
    pub(crate) async fn read(&self, what: &str) -> Result<Vec<u8>, Error> {
        let reader = match &self.data {
            Data::Bytes(bytes) => return Ok(bytes.clone()),
            Data::Reader(shared) => shared.lock().ok().and_then(|mut slot| slot.take()),
        };
        let Some(mut reader) = reader else {
            return Err(Error::invalid_request(format!(
                "the reader of {what} was already sent: a reader can be sent once"
            )));
        };
        read_all(&mut reader)
            .await
            .map_err(|e| Error::invalid_request_from(format!("reading {what} failed"), e))
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = match &self.data {
            Data::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Data::Reader(_) => "<reader>".to_string(),
        };
        f.debug_struct("FilePart")
            .field("data", &data)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Everything `reader` gives until its end.
async fn read_all(reader: &mut Pin<Box<dyn AsyncRead + Send>>) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = std::future::poll_fn(|cx| {
            let mut buf = ReadBuf::new(&mut chunk);
            reader
                .as_mut()
                .poll_read(cx, &mut buf)
                .map_ok(|()| buf.filled().len())
        })
        .await?;
        if read == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&chunk[..read]);
    }
}

// runtime: if multipart
/// A `multipart/form-data` body: text, JSON and file parts, in order. The typed bodies of
/// the API's multipart operations build theirs; an operation whose body the API does not
/// describe takes one.
#[derive(Debug, Clone, Default)]
pub struct Form {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    content: Content,
}

#[derive(Debug, Clone)]
enum Content {
    Text(String),
    Json(Vec<u8>),
    File(FilePart, Option<&'static str>),
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
            content: Content::Text(value.into()),
        });
        self
    }

    /// A file: its field name, file name, media type and content.
    pub fn file(
        self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        let part = FilePart::bytes(data)
            .file_name(filename)
            .content_type(content_type);
        self.file_part(name, &part, None)
    }

    /// A file part; `declared` is the media type the API gives the part, sent when the
    /// file sets none.
    pub fn file_part(
        mut self,
        name: impl Into<String>,
        file: &FilePart,
        declared: Option<&'static str>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: Content::File(file.clone(), declared),
        });
        self
    }

    /// A text part holding `value`: a string as it is, anything else as its JSON text.
    pub fn value<T: serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.text(name, text_of(value))
    }

    /// A part holding `value` as JSON (`Content-Type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        let json = serde_json::to_vec(value).map_err(|e| {
            Error::invalid_request_from(format!("the part `{name}` does not serialize"), e)
        })?;
        self.parts.push(Part {
            name: name.to_string(),
            content: Content::Json(json),
        });
        Ok(self)
    }

    /// Whether a part comes from a reader.
    pub(crate) fn has_reader(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(&p.content, Content::File(file, _) if file.is_reader()))
    }

    /// The `Content-Type` (with its boundary) and the encoded body; readers are read here.
    pub(crate) async fn encode(&self) -> Result<(String, Vec<u8>), Error> {
        let mut contents = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            let (header, data) = match &part.content {
                Content::Text(text) => (String::new(), text.clone().into_bytes()),
                Content::Json(json) => (
                    "\r\nContent-Type: application/json".to_string(),
                    json.clone(),
                ),
                Content::File(file, declared) => {
                    let data = file.read(&format!("the part `{}`", part.name)).await?;
                    let media = file
                        .media_type()
                        .or(*declared)
                        .unwrap_or("application/octet-stream");
                    let filename = file.file_name.as_deref().unwrap_or(&part.name);
                    let header = format!(
                        "; filename=\"{}\"\r\nContent-Type: {}",
                        quoted(filename),
                        media.replace(['\r', '\n'], "")
                    );
                    (header, data)
                }
            };
            let head = format!(
                "Content-Disposition: form-data; name=\"{}\"{header}\r\n\r\n",
                quoted(&part.name)
            );
            contents.push((head, data));
        }
        let texts = contents
            .iter()
            .flat_map(|(head, data)| [head.as_bytes(), data.as_slice()]);
        let boundary = boundary(texts);
        let mut body = Vec::new();
        for (head, data) in contents {
            body.extend_from_slice(format!("--{boundary}\r\n{head}").as_bytes());
            body.extend_from_slice(&data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((format!("multipart/form-data; boundary={boundary}"), body))
    }
}

/// A parameter's text: strings as they are, everything else as its JSON form (numbers,
/// booleans, RFC 3339 date-times, enum values).
fn text_of<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A random boundary that no part contains (one that did would end the body early for the
/// server).
fn boundary<'a>(parts: impl Iterator<Item = &'a [u8]> + Clone) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::BuildHasher;
    let state = RandomState::new();
    let mut seed = 0u64;
    loop {
        let boundary = format!(
            "{:016x}{:016x}",
            state.hash_one(seed),
            state.hash_one(seed + 1)
        );
        let needle = boundary.as_bytes();
        if !parts
            .clone()
            .any(|data| data.windows(needle.len()).any(|w| w == needle))
        {
            return boundary;
        }
        seed += 2;
    }
}

/// A name inside double quotes, escaped as browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
// runtime: end

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(form: &Form) -> (String, String) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let (content_type, body) = runtime.block_on(form.encode()).unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_string();
        (boundary, String::from_utf8(body).unwrap())
    }

    #[tokio::test]
    async fn a_reader_that_fails_is_the_source_of_the_error() {
        use std::error::Error as _;
        /// A reader whose device is gone.
        struct Broken;
        impl AsyncRead for Broken {
            fn poll_read(
                self: Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
                _: &mut ReadBuf<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::task::Poll::Ready(Err(std::io::Error::other("the disk is gone")))
            }
        }
        let error = FilePart::reader(Broken).read("the body").await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request: reading the body failed"
        );
        let io = error
            .source()
            .and_then(|e| e.downcast_ref::<std::io::Error>());
        assert_eq!(
            io.map(ToString::to_string).as_deref(),
            Some("the disk is gone")
        );
        let refused = Form::new().json(
            "meta",
            &[(vec![1u8], 1)]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        let Err(error) = refused else {
            panic!("a map with byte keys is no JSON")
        };
        assert_eq!(
            error.to_string(),
            "invalid request: the part `meta` does not serialize"
        );
        assert!(error
            .source()
            .and_then(|e| e.downcast_ref::<serde_json::Error>())
            .is_some());
    }

    #[test]
    fn parts_are_delimited_by_the_boundary_and_names_cannot_break_out() {
        let form = Form::new().text("note", "hi").file(
            "file\"\r\nX-Evil: 1",
            "a.txt",
            "text/plain\r\nX: y",
            b"data".to_vec(),
        );
        let (boundary, body) = body_of(&form);
        assert!(body.starts_with(&format!("--{boundary}\r\n")));
        assert!(body.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(body.matches(&format!("--{boundary}\r\n")).count(), 2);
        assert!(body.contains("name=\"note\"\r\n\r\nhi\r\n"));
        assert!(body.contains("name=\"file%22%0D%0AX-Evil: 1\"; filename=\"a.txt\""));
        assert!(body.contains("Content-Type: text/plainX: y\r\n"));
        assert!(!body.contains("\r\nX-Evil"));
    }

    #[test]
    fn json_parts_readers_and_declared_media_types() {
        let reader = FilePart::reader(std::io::Cursor::new(b"streamed".to_vec()));
        let form = Form::new()
            .json("options", &serde_json::json!({"access": "PRIVATE"}))
            .unwrap()
            .value("count", &3)
            .file_part("file", &reader, Some("image/png"));
        assert!(form.has_reader());
        let (_, body) = body_of(&form);
        assert!(body.contains(
            "name=\"options\"\r\nContent-Type: application/json\r\n\r\n{\"access\":\"PRIVATE\"}\r\n"
        ));
        assert!(body.contains("name=\"count\"\r\n\r\n3\r\n"));
        assert!(body.contains(
            "name=\"file\"; filename=\"file\"\r\nContent-Type: image/png\r\n\r\nstreamed\r\n"
        ));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let again = runtime.block_on(form.encode()).unwrap_err();
        assert!(again.to_string().contains("already sent"), "{again}");
    }
}
