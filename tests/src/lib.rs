//! Helpers shared by the pipeline tests: a real HTTP server on 127.0.0.1 that can also
//! misbehave (slow answers, dropped connections, truncated bodies), paths, and generated
//! crates built in a temporary folder ([`crates`]).

pub mod crates;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo_root() -> PathBuf {
    xtask::repo_root()
}

/// `../shared/<rel>` next to the repository, when present (it is not in a user's clone).
pub fn shared(rel: &str) -> Option<PathBuf> {
    // A git worktree sits deeper than the main checkout: `SHARED_DIR` says where `shared` is.
    let base = match std::env::var_os("SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().parent()?.join("shared"),
    };
    let path = base.join(rel);
    path.exists().then_some(path)
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the request had been read.
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The decoded value of a query parameter, if the target has it (the first, if repeated).
    pub fn query(&self, name: &str) -> Option<String> {
        let (_, query) = self.target.split_once('?')?;
        query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| percent_decode(v))
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the server answers, in order; the last answer repeats.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Reply { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.into() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An HTML page, as proxies and gateways send.
    pub fn html(status: u16, body: &str) -> Self {
        Reply { status, headers: vec![("Content-Type".into(), "text/html".into())], body: body.into() }
    }
}

/// What the server does with one request: answer, or misbehave.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Answers at once.
    Reply(Reply),
    /// Waits, then answers (a slow server).
    Delayed(Duration, Reply),
    /// Closes the connection without answering (the client sees it reset or closed).
    Drop,
    /// Declares `extra` bytes more than it sends, then closes: a body cut short.
    Truncated(Reply, usize),
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Self {
        Answer::Reply(reply)
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that records requests and sends canned replies (or
/// misbehaves, see [`Answer`]). Every connection is served on its own thread, one request per
/// connection; the n-th connection gets the n-th answer, and the last answer repeats. It
/// stops when the test process ends.
pub struct TestServer {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    pub fn start(replies: Vec<Reply>) -> Self {
        Self::start_with(replies.into_iter().map(Answer::Reply).collect())
    }

    pub fn start_with(answers: Vec<Answer>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let answers = Arc::new(answers);
        let count = Arc::new(AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (seen, answers, count) = (Arc::clone(&seen), Arc::clone(&answers), Arc::clone(&count));
                thread::spawn(move || {
                    let Some(recorded) = read_request(&stream) else { return };
                    let i = count.fetch_add(1, Ordering::SeqCst);
                    let answer = answers.get(i).or(answers.last()).cloned();
                    seen.lock().expect("lock").push(recorded);
                    match answer {
                        Some(Answer::Reply(reply)) => write_reply(stream, &reply, 0),
                        Some(Answer::Delayed(wait, reply)) => {
                            thread::sleep(wait);
                            write_reply(stream, &reply, 0);
                        }
                        Some(Answer::Truncated(reply, extra)) => write_reply(stream, &reply, extra),
                        Some(Answer::Drop) | None => {
                            let _ = stream.shutdown(Shutdown::Both);
                        }
                    }
                });
            }
        });
        TestServer { base_url, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body) from `stream`, for tests that
/// answer on a raw socket.
pub fn read_request(stream: &TcpStream) -> Option<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded { method, target, headers, body, at: Instant::now() })
}

fn write_reply(mut stream: TcpStream, reply: &Reply, extra: usize) {
    let mut text =
        format!("HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len() + extra);
    for (k, v) in &reply.headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(&reply.body);
    let _ = stream.write_all(text.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// `error` and its causes, `: `-separated, as an error report prints them: `Display` says one
/// level only, the causes are `source()`.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}
