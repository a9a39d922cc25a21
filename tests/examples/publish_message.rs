//! Publishes one INCOMING message into a HubSpot custom channel, with the generated client.
//!
//! ```text
//! HUBSPOT_ACCESS_TOKEN=… cargo run --example publish_message -- \
//!     --channel-id 1013 --channel-account-id 90012345 --text "Hello" [--idempotency-id ID] [--file-id ID]
//! ```
//!
//! `RUST_LOG=hubspot_custom_channels=debug` logs each attempt and retry decision to stderr
//! (the client's `tracing` events; never a token, a URL or a body).
//!
//! It lives in the `pipeline-tests` crate, not in `generated/`: regeneration never touches it,
//! and `generated/` stays a crate without dev-dependencies that builds when copied alone.

use std::process::ExitCode;

use hubspot_custom_channels::models::{
    ChannelIntegrationMessageEgg, ChannelIntegrationMessageEggAttachment, ChannelIntegrationMessageEggMessageDirection,
    ChannelIntegrationParticipant, FileAttachment, PublicDeliveryIdentifier, PublicDeliveryIdentifierType,
};
use hubspot_custom_channels::{Client, Error};

const SENDER_ID: &str = "publish-message-example-visitor";
const SENDER_NAME: &str = "Example visitor";

fn help() -> String {
    format!(
        "\
publish_message: publish one INCOMING message into a HubSpot custom channel.

usage:
  cargo run --example publish_message -- --channel-id N --channel-account-id ID --text TEXT
      [--idempotency-id ID] [--file-id ID]

options:
  --channel-id N            the custom channel (a number)
  --channel-account-id ID   the channel account the message arrives at, as HubSpot returned it
  --text TEXT               the message text
  --idempotency-id ID       sent as integrationIdempotencyId: HubSpot will not publish the same id
                            twice, and the client retries the call after transient failures
                            (without it, the call is sent once)
  --file-id ID              attach this HubSpot file (a FILE attachment)
  -h, --help                this text

environment:
  HUBSPOT_ACCESS_TOKEN      OAuth access token of the account (required; never printed)
  HUBSPOT_BASE_URL          API address (default {default_base})

fields the command line does not take:
  senders      one sender, the visitor: delivery identifier CHANNEL_SPECIFIC_OPAQUE_ID
               \"{SENDER_ID}\", name \"{SENDER_NAME}\"
  recipients   one recipient, the channel account: delivery identifier
               CHANNEL_SPECIFIC_OPAQUE_ID \"channel-account-<channel-account-id>\"
  timestamp    now
  attachments  none, or the FILE of --file-id

On success it prints the created message's id as the last line of stdout and exits 0. On
failure it prints the error and its causes, the HTTP status, HubSpot's error category and
correlationId to stderr and exits 1 (2 for a wrong command line).

  RUST_LOG=hubspot_custom_channels=debug   log each attempt and retry decision to stderr",
        default_base = Client::DEFAULT_BASE_URL,
    )
}

struct Args {
    channel_id: i32,
    channel_account_id: String,
    text: String,
    idempotency_id: Option<String>,
    file_id: Option<String>,
}

/// The arguments, or the text to print and the exit code.
fn parse(args: impl Iterator<Item = String>) -> Result<Args, (String, u8)> {
    let (mut channel_id, mut channel_account_id, mut text, mut idempotency_id, mut file_id) = (None, None, None, None, None);
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err((help(), 0));
        }
        let slot = match flag.as_str() {
            "--channel-id" => &mut channel_id,
            "--channel-account-id" => &mut channel_account_id,
            "--text" => &mut text,
            "--idempotency-id" => &mut idempotency_id,
            "--file-id" => &mut file_id,
            other => return Err((format!("error: unknown argument `{other}`; see --help"), 2)),
        };
        match args.next() {
            Some(value) => *slot = Some(value),
            None => return Err((format!("error: `{flag}` needs a value; see --help"), 2)),
        }
    }
    let missing = |name: &str| (format!("error: `{name}` is required; see --help"), 2);
    let channel_id = channel_id.ok_or_else(|| missing("--channel-id"))?;
    let channel_id = channel_id.parse().map_err(|_| (format!("error: --channel-id `{channel_id}` is not a number"), 2))?;
    Ok(Args {
        channel_id,
        channel_account_id: channel_account_id.ok_or_else(|| missing("--channel-account-id"))?,
        text: text.ok_or_else(|| missing("--text"))?,
        idempotency_id,
        file_id,
    })
}

fn message(args: &Args) -> ChannelIntegrationMessageEgg {
    let opaque = |value: String| PublicDeliveryIdentifier::new(PublicDeliveryIdentifierType::ChannelSpecificOpaqueId, value);
    let mut sender = ChannelIntegrationParticipant::new(opaque(SENDER_ID.to_string()));
    sender.name = Some(SENDER_NAME.to_string());
    let recipient = ChannelIntegrationParticipant::new(opaque(format!("channel-account-{}", args.channel_account_id)));
    let attachments = args
        .file_id
        .iter()
        .map(|id| ChannelIntegrationMessageEggAttachment::File(FileAttachment::new(id.clone())))
        .collect();
    let mut egg = ChannelIntegrationMessageEgg::new(
        attachments,
        args.channel_account_id.clone(),
        ChannelIntegrationMessageEggMessageDirection::Incoming,
        vec![recipient],
        vec![sender],
        args.text.clone(),
        chrono::Utc::now(),
    );
    egg.integration_idempotency_id = args.idempotency_id.clone();
    egg
}

fn report(error: &Error) {
    let status = error.status().map_or_else(|| "none (no response)".to_string(), |s| s.to_string());
    let category = error.api().and_then(|api| api.body.as_ref()).and_then(|body| body.category.clone());
    eprintln!("error: {error}");
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        eprintln!("  caused by: {e}");
        cause = e.source();
    }
    eprintln!("status: {status}");
    eprintln!("category: {}", category.as_deref().unwrap_or("-"));
    eprintln!("correlationId: {}", error.correlation_id().as_deref().unwrap_or("-"));
}

#[tokio::main]
async fn main() -> ExitCode {
    // The client's spans and events, as `RUST_LOG` selects them (none by default).
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err((text, 0)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err((text, code)) => {
            eprintln!("{text}");
            return ExitCode::from(code);
        }
    };
    let Some(token) = std::env::var("HUBSPOT_ACCESS_TOKEN").ok().filter(|t| !t.is_empty()) else {
        eprintln!("error: set HUBSPOT_ACCESS_TOKEN to an OAuth access token of the account; see --help");
        return ExitCode::from(2);
    };
    let base_url = std::env::var("HUBSPOT_BASE_URL").unwrap_or_else(|_| Client::DEFAULT_BASE_URL.to_string());
    let client = match Client::builder().base_url(base_url).oauth2_token(token).build() {
        Ok(client) => client,
        Err(error) => {
            report(&error);
            return ExitCode::FAILURE;
        }
    };
    match client.publish_message(args.channel_id, &message(&args)).await {
        Ok(published) => {
            println!("published to channel {} (HTTP {})", args.channel_id, published.status());
            println!("thread: {}", published.conversations_thread_id);
            println!("{}", published.id);
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}
