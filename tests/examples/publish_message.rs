//! Publishes one INCOMING message into a HubSpot custom channel, with the generated client.
//!
//! ```text
//! HUBSPOT_ACCESS_TOKEN=… cargo run --example publish_message -- \
//!     --channel-id 1013 --channel-account-id 90012345 --text "Hello" [--idempotency-id ID] [--file-id ID] [--attach PATH]
//! ```
//!
//! With `HUBSPOT_CLIENT_ID`, `HUBSPOT_CLIENT_SECRET` and `HUBSPOT_REFRESH_TOKEN` instead of
//! `HUBSPOT_ACCESS_TOKEN`, it gets (and, after a `401`, renews) the access token itself.
//! `RUST_LOG=hubspot_custom_channels=debug` logs each attempt and retry decision to stderr
//! (the client's `tracing` events; never a token, a URL or a body).
//!
//! It lives in the `pipeline-tests` crate, not in `generated/`: regeneration never touches it,
//! and `generated/` stays a crate without dev-dependencies that builds when copied alone.

use std::process::ExitCode;

use hubspot_custom_channels::models::{
    ChannelIntegrationMessageEgg, ChannelIntegrationMessageEggAttachment, ChannelIntegrationMessageEggMessageDirection,
    ChannelIntegrationMessageEggRequired, ChannelIntegrationParticipant, FileAccess, FileAttachment, FileUploadOptions,
    PublicDeliveryIdentifier, PublicDeliveryIdentifierType, UploadFileBody,
};
use hubspot_custom_channels::{Client, ClientBuilder, Error, FilePart, OAuthTokens};

const SENDER_ID: &str = "publish-message-example-visitor";
const SENDER_NAME: &str = "Example visitor";
/// Where `--attach` puts uploaded files in the account's file manager.
const ATTACH_FOLDER: &str = "/custom-channel-attachments";

fn help() -> String {
    format!(
        "\
publish_message: publish one INCOMING message into a HubSpot custom channel.

usage:
  cargo run --example publish_message -- --channel-id N --channel-account-id ID --text TEXT
      [--idempotency-id ID] [--file-id ID] [--attach PATH]

options:
  --channel-id ID           the custom channel, as HubSpot returned it
  --channel-account-id ID   the channel account the message arrives at, as HubSpot returned it
  --text TEXT               the message text
  --idempotency-id ID       sent as integrationIdempotencyId: HubSpot will not publish the same id
                            twice, and the client retries the call after transient failures
                            (without it, the call is sent once)
  --file-id ID              attach this HubSpot file (a FILE attachment)
  --attach PATH             upload this file first (Files API, folder {ATTACH_FOLDER}, access
                            PRIVATE), then attach it by the id HubSpot gave it
  -h, --help                this text

environment:
  HUBSPOT_ACCESS_TOKEN      OAuth access token of the account (never printed), or else all of:
  HUBSPOT_CLIENT_ID         the app's client id,
  HUBSPOT_CLIENT_SECRET     its client secret and
  HUBSPOT_REFRESH_TOKEN     the account's refresh token: the example gets access tokens itself,
                            and a new one when HubSpot answers 401 (none of them printed)
  HUBSPOT_TOKEN_URL         where it gets them (default {default_token}, on HUBSPOT_BASE_URL's
                            host when that is set)
  HUBSPOT_BASE_URL          API address (default {default_base})

fields the command line does not take:
  senders      one sender, the visitor: delivery identifier CHANNEL_SPECIFIC_OPAQUE_ID
               \"{SENDER_ID}\", name \"{SENDER_NAME}\"
  recipients   one recipient, the channel account: delivery identifier
               CHANNEL_SPECIFIC_OPAQUE_ID \"channel-account-<channel-account-id>\"
  timestamp    now
  attachments  none, or the FILEs of --file-id and --attach

On success it prints the created message's id as the last line of stdout and exits 0. On
failure it prints the error and its causes, the HTTP status, HubSpot's error category and
correlationId to stderr and exits 1 (2 for a wrong command line).

  RUST_LOG=hubspot_custom_channels=debug   log each attempt and retry decision to stderr",
        default_base = Client::DEFAULT_BASE_URL,
        default_token = Client::OAUTH2_TOKEN_URL,
    )
}

struct Args {
    channel_id: String,
    channel_account_id: String,
    text: String,
    idempotency_id: Option<String>,
    file_id: Option<String>,
    attach: Option<String>,
}

/// The arguments, or the text to print and the exit code.
fn parse(args: impl Iterator<Item = String>) -> Result<Args, (String, u8)> {
    let (mut channel_id, mut channel_account_id, mut text, mut idempotency_id, mut file_id) = (None, None, None, None, None);
    let mut attach = None;
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
            "--attach" => &mut attach,
            other => return Err((format!("error: unknown argument `{other}`; see --help"), 2)),
        };
        match args.next() {
            Some(value) => *slot = Some(value),
            None => return Err((format!("error: `{flag}` needs a value; see --help"), 2)),
        }
    }
    let missing = |name: &str| (format!("error: `{name}` is required; see --help"), 2);
    Ok(Args {
        channel_id: channel_id.ok_or_else(|| missing("--channel-id"))?,
        channel_account_id: channel_account_id.ok_or_else(|| missing("--channel-account-id"))?,
        text: text.ok_or_else(|| missing("--text"))?,
        idempotency_id,
        file_id,
        attach,
    })
}

/// The media type of a file, from its extension (HubSpot shows images and plays audio by it).
fn media_type(path: &std::path::Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Uploads the file at `path` (`--attach`): the id HubSpot gave it.
async fn upload(client: &Client, path: &str) -> Result<String, String> {
    let path = std::path::Path::new(path);
    let content = std::fs::read(path).map_err(|e| format!("error: --attach `{}`: {e}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("attachment").to_string();
    let mut body = UploadFileBody::new(FilePart::bytes(content).file_name(name.clone()).content_type(media_type(path)));
    body.file_name = Some(name);
    body.folder_path = Some(ATTACH_FOLDER.to_string());
    body.options = Some(FileUploadOptions::new(FileAccess::Private));
    match client.upload_file(&body).await {
        Ok(file) => Ok(file.id.clone()),
        Err(error) => {
            report(&error);
            Err(format!("error: uploading `{}` failed", path.display()))
        }
    }
}

fn message(args: &Args, uploaded: Option<String>) -> ChannelIntegrationMessageEgg {
    let opaque = |value: String| PublicDeliveryIdentifier::new(PublicDeliveryIdentifierType::ChannelSpecificOpaqueId, value);
    let mut sender = ChannelIntegrationParticipant::new(opaque(SENDER_ID.to_string()));
    sender.name = Some(SENDER_NAME.to_string());
    let recipient = ChannelIntegrationParticipant::new(opaque(format!("channel-account-{}", args.channel_account_id)));
    let attachments = args
        .file_id
        .iter()
        .cloned()
        .chain(uploaded)
        .map(|id| ChannelIntegrationMessageEggAttachment::File(FileAttachment::new(id)))
        .collect();
    // `recipients` and `senders` have one type: `new` takes the required fields by name.
    let mut egg = ChannelIntegrationMessageEgg::new(ChannelIntegrationMessageEggRequired {
        attachments,
        channel_account_id: args.channel_account_id.clone(),
        message_direction: ChannelIntegrationMessageEggMessageDirection::Incoming,
        recipients: vec![recipient],
        senders: vec![sender],
        text: args.text.clone(),
        timestamp: chrono::Utc::now(),
    });
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

/// The account's credentials: a fixed access token, or tokens from a refresh token; `None`
/// when the environment has neither.
fn credentials(builder: ClientBuilder, base_url: Option<&str>) -> Result<Option<ClientBuilder>, Error> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(token) = var("HUBSPOT_ACCESS_TOKEN") {
        return Ok(Some(builder.oauth2_token(token)));
    }
    let (Some(id), Some(secret), Some(refresh)) =
        (var("HUBSPOT_CLIENT_ID"), var("HUBSPOT_CLIENT_SECRET"), var("HUBSPOT_REFRESH_TOKEN"))
    else {
        return Ok(None);
    };
    let token_url = var("HUBSPOT_TOKEN_URL").unwrap_or_else(|| match base_url {
        // A server standing in for HubSpot serves the token endpoint too, at HubSpot's path.
        Some(base) => format!("{}{}", base.trim_end_matches('/'), url_path(Client::OAUTH2_TOKEN_URL)),
        None => Client::OAUTH2_TOKEN_URL.to_string(),
    });
    let tokens = OAuthTokens::new(&token_url, id, secret)?
        .with_refresh_token(refresh)
        .on_refresh_token(|_| eprintln!("note: HubSpot sent a new refresh token (not printed); the old one may stop working"));
    Ok(Some(builder.oauth2_token_provider(tokens)))
}

/// The path (and query) of an absolute URL.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("", |slash| &rest[slash..])
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
    let base_url = std::env::var("HUBSPOT_BASE_URL").ok().filter(|u| !u.is_empty());
    let builder = match credentials(Client::builder(), base_url.as_deref()) {
        Ok(Some(builder)) => builder,
        Ok(None) => {
            eprintln!(
                "error: set HUBSPOT_ACCESS_TOKEN, or HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REFRESH_TOKEN; see --help"
            );
            return ExitCode::from(2);
        }
        Err(error) => {
            report(&error);
            return ExitCode::FAILURE;
        }
    };
    let base_url = base_url.unwrap_or_else(|| Client::DEFAULT_BASE_URL.to_string());
    let client = match builder.base_url(base_url).build() {
        Ok(client) => client,
        Err(error) => {
            report(&error);
            return ExitCode::FAILURE;
        }
    };
    let uploaded = match &args.attach {
        Some(path) => match upload(&client, path).await {
            Ok(id) => Some(id),
            Err(text) => {
                eprintln!("{text}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    match client.publish_message(&args.channel_id, &message(&args, uploaded)).await {
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
