//! A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with the same JSON
//! body. Both clients of the overhead benchmark talk to the same server, so whatever it costs
//! is in both figures alike.
//!
//! All connections are served by one thread (a single-threaded tokio runtime). With a thread
//! per connection, as this server had, each client got its own server thread, and where the
//! scheduler put that thread decided the figure: a request whose server thread sat on the
//! client's CPU took about 23 µs, one whose thread sat on the other CPU about 95 µs (waking an
//! idle virtual CPU). The placement was settled early in a run and kept, so one side was four
//! times slower for a whole run, and which side changed from run to run (ratios of 0.17× to
//! 4.8× on the same code; see BENCHMARKS.md). One thread for both makes the placement the same
//! for both. [`start`] can pin that thread to a CPU (the client's, so that a request costs a
//! context switch rather than a wake-up of the other CPU).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);
static HEADS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Connections accepted so far: a client that does not reuse them pays a handshake per call.
pub fn connections() -> usize {
    CONNECTIONS.load(Ordering::Relaxed)
}

/// The head (request line and headers) of the first request of each connection, in the
/// order the connections came: for the bench to check that both clients send the same bytes.
pub fn request_heads() -> Vec<String> {
    HEADS.lock().map(|h| h.clone()).unwrap_or_default()
}

/// Starts the server on a thread of its own, pinned to `cpu` if given; it lives as long as
/// the process.
pub fn start(body: Vec<u8>, cpu: Option<usize>) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let mut head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    head.extend_from_slice(&body);
    let reply: Arc<[u8]> = head.into();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build()?;
    thread::spawn(move || {
        if let Some(cpu) = cpu {
            crate::cpu::pin(cpu);
        }
        runtime.block_on(async move {
            let Ok(listener) = TcpListener::from_std(listener) else { return };
            while let Ok((stream, _)) = listener.accept().await {
                CONNECTIONS.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve(stream, Arc::clone(&reply)));
            }
        });
    });
    Ok(addr)
}

async fn serve(stream: TcpStream, reply: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut body = Vec::new();
    let mut first = Some(String::new());
    loop {
        let mut length = 0usize;
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if let Some(head) = &mut first {
                head.push_str(&line);
            }
            if line == "\r\n" {
                if let (Some(head), Ok(mut heads)) = (first.take(), HEADS.lock()) {
                    heads.push(head);
                }
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).await.is_err() || writer.write_all(&reply).await.is_err() {
            return;
        }
    }
}
