//! The events of a call, at `debug` level (target `<crate>::call::trace`, in the span of the
//! call, target `<crate>::call`): one per attempt (its number, the status or the kind of
//! error, how long it took) and one per retry decision (why, how long the wait). Numbers,
//! statuses and fixed words only: never a URL, a header, a body or an error's text, which may
//! show a secret. Without the `tracing` feature (which the client's turns on), nothing.
//!
//! The client's loop of attempts calls them with what they show of its `Error` (its `kind`,
//! its `status`), so that they are compiled here once.

use std::time::{Duration, Instant};

/// The events' target: the client's module, as if they were written there.
#[cfg(feature = "tracing")]
use crate::TRACE_TARGET as TARGET;

/// When an attempt started, if its events are recorded: the clock is read only then (twice
/// per attempt was a tenth of what the client spent on top of reqwest with nothing listening).
#[cfg(feature = "tracing")]
pub fn start() -> Option<Instant> {
    tracing::enabled!(target: TARGET, tracing::Level::DEBUG).then(Instant::now)
}

#[cfg(feature = "tracing")]
pub fn answered(attempt: u32, status: u16, started: Option<Instant>) {
    tracing::debug!(
        target: TARGET,
        attempt,
        status,
        took_ms = started.map(took),
        "attempt answered"
    );
}

/// `error`: the error's kind.
#[cfg(feature = "tracing")]
pub fn failed(attempt: u32, error: &'static str, started: Option<Instant>) {
    tracing::debug!(
        target: TARGET,
        attempt,
        error,
        took_ms = started.map(took),
        "attempt failed"
    );
}

/// `kind` and `status`: the error's.
#[cfg(feature = "tracing")]
pub fn retrying(
    attempt: u32,
    kind: &'static str,
    status: Option<u16>,
    retry_after: bool,
    wait: Duration,
) {
    let reason = match status {
        Some(_) => "status",
        None => kind,
    };
    tracing::debug!(
        target: TARGET,
        attempt,
        reason,
        status,
        wait_ms = millis(wait),
        retry_after,
        "retrying"
    );
}

/// `kind` and `status`: the error's.
#[cfg(feature = "tracing")]
pub fn gave_up(attempt: u32, reason: &'static str, kind: &'static str, status: Option<u16>) {
    tracing::debug!(
        target: TARGET,
        attempt,
        reason,
        error = kind,
        status,
        "not retrying"
    );
}

#[cfg(feature = "tracing")]
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(feature = "tracing")]
fn took(started: Instant) -> u64 {
    millis(started.elapsed())
}

#[cfg(not(feature = "tracing"))]
pub fn start() -> Option<Instant> {
    None
}

#[cfg(not(feature = "tracing"))]
pub fn answered(_: u32, _: u16, _: Option<Instant>) {}

#[cfg(not(feature = "tracing"))]
pub fn failed(_: u32, _: &'static str, _: Option<Instant>) {}

#[cfg(not(feature = "tracing"))]
pub fn retrying(_: u32, _: &'static str, _: Option<u16>, _: bool, _: Duration) {}

#[cfg(not(feature = "tracing"))]
pub fn gave_up(_: u32, _: &'static str, _: &'static str, _: Option<u16>) {}
