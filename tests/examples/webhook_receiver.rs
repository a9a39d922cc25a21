//! A complete bridge for the outgoing side of a HubSpot custom channel, on axum: HubSpot
//! POSTs an event to the channel's `webhookUrl` when an agent replies; this verifies it,
//! "delivers" the reply (a line on stdout, standing in for WhatsApp, SMS...) and reports the
//! message `SENT` with `update_message`.
//!
//! ```text
//! HUBSPOT_CLIENT_SECRET=… HUBSPOT_ACCESS_TOKEN=… cargo run --example webhook_receiver -- \
//!     --listen 127.0.0.1:8080 --public-url https://hooks.example.com
//! ```
//!
//! It lives in the `pipeline-tests` crate (axum is a dependency of the examples, not of the
//! generated crate).

use std::collections::{HashSet, VecDeque};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::Router;
use hubspot_custom_channels::models::{PublicChannelIntegrationMessageUpdateRequest, PublicChannelIntegrationMessageUpdateRequestStatusType, WebhookId};
use hubspot_custom_channels::webhooks::{OutgoingChannelMessageCreatedEvent, Verifier, VerifyError, WebhookEvent, WebhookRequest};
use hubspot_custom_channels::{Client, RequestOptions};

const HELP: &str = "\
webhook_receiver: receive HubSpot custom-channel webhooks, deliver outgoing messages, report them SENT.

usage:
  cargo run --example webhook_receiver -- --listen 127.0.0.1:PORT --public-url URL

options:
  --listen ADDR      where to listen (port 0: any free port); the first line on stdout is
                     `listening on ADDR`
  --public-url URL   the public scheme and host HubSpot calls (plus any path prefix a proxy
                     strips), e.g. https://hooks.example.com: each request's path and query,
                     as received, are appended to it to check the signature
  -h, --help         this text

environment:
  HUBSPOT_CLIENT_SECRET   the app's client secret, which signs the webhooks (required; never printed)
  HUBSPOT_ACCESS_TOKEN    OAuth access token for update_message (required; never printed)
  HUBSPOT_BASE_URL        API address (default https://api.hubapi.com)

For each request: a bad signature gets 401 and nothing else happens; a valid one gets 200 at
once. For OUTGOING_CHANNEL_MESSAGE_CREATED it prints `deliver <channelAccountId> <message id>
<text>` on stdout (newlines in the text as \\n) and reports the message SENT. A redelivery (same
event id or message id) gets 200 and is not delivered or reported again. Other event types are
logged on stderr and acknowledged.";

/// Ids already handled, the oldest forgotten first so that memory stays bounded.
struct Seen {
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl Seen {
    const LIMIT: usize = 100_000;

    /// Records every key; true when none was seen before.
    fn first_time(&mut self, keys: &[String]) -> bool {
        if keys.iter().any(|k| self.set.contains(k)) {
            return false;
        }
        for k in keys {
            self.set.insert(k.clone());
            self.order.push_back(k.clone());
        }
        while self.order.len() > Self::LIMIT {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }
}

struct App {
    verifier: Verifier,
    client: Client,
    public_url: String,
    seen: Mutex<Seen>,
}

fn id_text(id: &WebhookId) -> String {
    match id {
        WebhookId::Integer(n) => n.to_string(),
        WebhookId::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

async fn handle(app: Arc<App>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> StatusCode {
    // The URL HubSpot signed: the public origin, then path and query exactly as received.
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let url = format!("{}{}", app.public_url, target);
    let request = WebhookRequest::new(method.as_str(), &url, &body).headers(&headers);
    let event = match app.verifier.verify(&request) {
        Ok(event) => event,
        Err(VerifyError::Payload(e)) => {
            // Authentic, but not JSON we can read: retrying would not help.
            eprintln!("event not understood, acknowledged: {e}");
            return StatusCode::OK;
        }
        Err(reason) => {
            eprintln!("rejected: {reason}");
            return StatusCode::UNAUTHORIZED;
        }
    };
    match event {
        WebhookEvent::OutgoingChannelMessageCreated(event) => {
            let mut keys = vec![format!("message:{}", event.message.id)];
            if let Some(id) = &event.event_id {
                keys.push(format!("event:{}", id_text(id)));
            }
            if !app.seen.lock().map(|mut s| s.first_time(&keys)).unwrap_or(false) {
                eprintln!("redelivery of message {}, acknowledged", event.message.id);
                return StatusCode::OK;
            }
            // Answer now; deliver and report after (HubSpot wants a quick 2xx).
            tokio::spawn(deliver(app.clone(), *event));
        }
        WebhookEvent::ChannelAccountCreated(e) => eprintln!("channel account created: {}", e.channel_account_id.as_ref().map(id_text).unwrap_or_default()),
        WebhookEvent::ChannelAccountUpdated(e) => eprintln!("channel account updated: {}", e.channel_account_id.as_ref().map(id_text).unwrap_or_default()),
        WebhookEvent::ChannelAccountPurged(e) => eprintln!("channel account purged: {}", e.channel_account_id.as_ref().map(id_text).unwrap_or_default()),
        WebhookEvent::Unknown(raw) => {
            let kind = raw.get("type").or_else(|| raw.get("eventType")).and_then(|t| t.as_str()).unwrap_or("?");
            eprintln!("unknown event type {kind:?}, acknowledged");
        }
        _ => eprintln!("event not handled, acknowledged"),
    }
    StatusCode::OK
}

/// Sends the message on the external channel (here: stdout) and reports it SENT.
async fn deliver(app: Arc<App>, event: OutgoingChannelMessageCreatedEvent) {
    let message = &event.message;
    let text = message.text.as_deref().unwrap_or_default().replace('\\', "\\\\").replace('\n', "\\n");
    println!("deliver {} {} {}", message.channel_account_id, message.id, text);
    let channel = message.channel_id.clone().or_else(|| event.channel_id.as_ref().map(id_text));
    let Some(channel_id) = channel.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()) else {
        eprintln!("message {}: no usable channelId, cannot report it", message.id);
        return;
    };
    let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Sent);
    // Setting a status twice is harmless, so the client may retry the PATCH.
    let client = app.client.with_options(RequestOptions::new().idempotent(true));
    match client.update_message(&channel_id, &message.id, &update).await {
        Ok(_) => eprintln!("reported {} SENT", message.id),
        // HubSpot took the report; only its answer did not decode.
        Err(e) if e.status().is_some_and(|s| (200..300).contains(&s)) => eprintln!("reported {} SENT", message.id),
        Err(e) => eprintln!("report of {} failed: {e}", message.id),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        println!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let (mut listen, mut public_url) = (None, None);
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let slot = match flag.as_str() {
            "--listen" => &mut listen,
            "--public-url" => &mut public_url,
            other => return usage(&format!("unknown argument {other:?}")),
        };
        match it.next() {
            Some(v) => *slot = Some(v.clone()),
            None => return usage(&format!("{flag} needs a value")),
        }
    }
    let (Some(listen), Some(public_url)) = (listen, public_url) else { return usage("--listen and --public-url are required") };
    let (Ok(secret), Ok(token)) = (std::env::var("HUBSPOT_CLIENT_SECRET"), std::env::var("HUBSPOT_ACCESS_TOKEN")) else {
        return usage("HUBSPOT_CLIENT_SECRET and HUBSPOT_ACCESS_TOKEN must be set");
    };
    let mut builder = Client::builder().oauth2_token(token);
    if let Ok(base) = std::env::var("HUBSPOT_BASE_URL") {
        builder = builder.base_url(base);
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("webhook_receiver: {e}");
            return ExitCode::from(1);
        }
    };
    let app = Arc::new(App {
        verifier: Verifier::new(secret),
        client,
        public_url: public_url.trim_end_matches('/').to_string(),
        seen: Mutex::new(Seen { set: HashSet::new(), order: VecDeque::new() }),
    });
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("webhook_receiver: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("webhook_receiver: cannot listen on {listen}: {e}");
                return ExitCode::from(1);
            }
        };
        match listener.local_addr() {
            Ok(addr) => println!("listening on {addr}"),
            Err(_) => println!("listening on {listen}"),
        }
        let router = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| handle(app.clone(), method, uri, headers, body));
        match axum::serve(listener, router).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("webhook_receiver: {e}");
                ExitCode::from(1)
            }
        }
    })
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("webhook_receiver: {problem}\n\n{HELP}");
    ExitCode::from(2)
}
