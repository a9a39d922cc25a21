//! A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with the same JSON
//! body, one thread per connection. Both clients of the overhead benchmark talk to the same
//! server, so whatever it costs is in both figures alike.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Connections accepted so far: a client that does not reuse them pays a handshake per call.
pub fn connections() -> usize {
    CONNECTIONS.load(Ordering::Relaxed)
}

/// Starts the server in the background; it lives as long as the process.
pub fn start(body: Vec<u8>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let mut head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
    head.extend_from_slice(&body);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            CONNECTIONS.fetch_add(1, Ordering::Relaxed);
            let reply = head.clone();
            thread::spawn(move || serve(stream, &reply));
        }
    });
    Ok(addr)
}

fn serve(stream: TcpStream, reply: &[u8]) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        let mut length = 0usize;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() || writer.write_all(reply).is_err() {
            return;
        }
    }
}
