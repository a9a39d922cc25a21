//! Checks one HubSpot request signature with the generated crate's `webhooks::Verifier`.
//!
//! ```text
//! cargo run --example verify_signature -- --secret S --method M --url U --timestamp T \
//!     --signature SIG --body-file F [--version v3|v2|v1] [--now-ms N]
//! ```
//!
//! Prints `valid` and exits 0, or `invalid: REASON` and exits 1 (2 for a wrong command line).
//! It never prints the secret.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use hubspot_custom_channels::webhooks::{SignatureVersion, Verifier, WebhookRequest};

const HELP: &str = "\
verify_signature: check a HubSpot webhook signature (v3 by default, or v2, v1).

usage:
  cargo run --example verify_signature -- --secret S --method M --url U --timestamp T
      --signature SIG --body-file F [--version v3|v2|v1] [--now-ms N]

options:
  --secret S        the app's client secret (never printed)
  --method M        the request's method, as sent (POST)
  --url U           the full public URL HubSpot called (scheme, host, path, query)
  --timestamp T     X-HubSpot-Request-Timestamp, Unix milliseconds (v3 only; needed there)
  --signature SIG   X-HubSpot-Signature-v3 (v3) or X-HubSpot-Signature (v2, v1)
  --body-file F     the raw request body (an empty file for none)
  --version V       v3 (default), v2 or v1
  --now-ms N        the time to check the timestamp against (default: now)
  -h, --help        this text

Prints `valid` and exits 0, or `invalid: REASON` and exits 1; exits 2 for a wrong command line.";

struct Args {
    secret: String,
    method: String,
    url: String,
    timestamp: Option<String>,
    signature: String,
    body_file: String,
    version: SignatureVersion,
    now_ms: Option<u64>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut values: Vec<(&str, &str)> = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let known = ["--secret", "--method", "--url", "--timestamp", "--signature", "--body-file", "--version", "--now-ms"];
        let Some(name) = known.iter().find(|k| **k == flag.as_str()) else {
            return Err(format!("unknown argument {flag:?}"));
        };
        let value = it.next().ok_or_else(|| format!("{name} needs a value"))?;
        values.push((name, value));
    }
    let get = |name: &str| values.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
    let need = |name: &str| get(name).ok_or_else(|| format!("{name} is required"));
    let version = match get("--version") {
        Some(v) => SignatureVersion::parse(&v).ok_or_else(|| format!("--version must be v3, v2 or v1, not {v:?}"))?,
        None => SignatureVersion::V3,
    };
    let now_ms = match get("--now-ms") {
        Some(n) => Some(n.parse().map_err(|_| format!("--now-ms must be a whole number of milliseconds, not {n:?}"))?),
        None => None,
    };
    let timestamp = get("--timestamp");
    if version == SignatureVersion::V3 && timestamp.is_none() {
        return Err("--timestamp is required for v3".to_string());
    }
    Ok(Args {
        secret: need("--secret")?,
        method: need("--method")?,
        url: need("--url")?,
        timestamp,
        signature: need("--signature")?,
        body_file: need("--body-file")?,
        version,
        now_ms,
    })
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        println!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let args = match parse(&argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("verify_signature: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let body = match std::fs::read(&args.body_file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("verify_signature: cannot read {}: {e}", args.body_file);
            return ExitCode::from(2);
        }
    };
    // The headers HubSpot would have sent with a signature of this version.
    let mut request = WebhookRequest::new(&args.method, &args.url, &body);
    request = match args.version {
        SignatureVersion::V3 => request.header("X-HubSpot-Signature-v3", &args.signature),
        other => request.header("X-HubSpot-Signature", &args.signature).header("X-HubSpot-Signature-Version", other.as_str()),
    };
    if let Some(t) = &args.timestamp {
        request = request.header("X-HubSpot-Request-Timestamp", t);
    }
    let now = args.now_ms.unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64));
    let verifier = Verifier::new(&args.secret).versions(&[args.version]);
    match verifier.check(&request.now_ms(now)) {
        Ok(_) => {
            println!("valid");
            ExitCode::SUCCESS
        }
        Err(reason) => {
            println!("invalid: {reason}");
            ExitCode::from(1)
        }
    }
}
