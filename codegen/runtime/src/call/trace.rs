//! The events of a call, at `debug` level (target `<crate>::call::trace`, in the span of the
//! call, target `<crate>::call`): one per attempt
//! (its number, the status or the kind of error, how long it took) and one per retry
//! decision (why, how long the wait). Numbers, statuses and fixed words only: never a URL,
//! a header, a body or an error's text, which may show a secret. Without the `tracing`
//! feature, nothing.

use std::time::{Duration, Instant};

use crate::Error;

/// When an attempt started, if its events are recorded: the clock is read only then (twice
/// per attempt was a tenth of what the client spent on top of reqwest with nothing listening).
#[cfg(feature = "tracing")]
pub(super) fn start() -> Option<Instant> {
    tracing::enabled!(tracing::Level::DEBUG).then(Instant::now)
}

#[cfg(feature = "tracing")]
pub(super) fn answered(attempt: u32, status: u16, started: Option<Instant>) {
    tracing::debug!(
        attempt,
        status,
        took_ms = started.map(took),
        "attempt answered"
    );
}

#[cfg(feature = "tracing")]
pub(super) fn failed(attempt: u32, error: &Error, started: Option<Instant>) {
    tracing::debug!(
        attempt,
        error = error.kind(),
        took_ms = started.map(took),
        "attempt failed"
    );
}

#[cfg(feature = "tracing")]
pub(super) fn retrying(attempt: u32, error: &Error, retry_after: bool, wait: Duration) {
    let reason = match error.status() {
        Some(_) => "status",
        None => error.kind(),
    };
    tracing::debug!(
        attempt,
        reason,
        status = error.status(),
        wait_ms = millis(wait),
        retry_after,
        "retrying"
    );
}

#[cfg(feature = "tracing")]
pub(super) fn gave_up(attempt: u32, reason: &'static str, error: &Error) {
    tracing::debug!(
        attempt,
        reason,
        error = error.kind(),
        status = error.status(),
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
pub(super) fn start() -> Option<Instant> {
    None
}

#[cfg(not(feature = "tracing"))]
pub(super) fn answered(_: u32, _: u16, _: Option<Instant>) {}

#[cfg(not(feature = "tracing"))]
pub(super) fn failed(_: u32, _: &Error, _: Option<Instant>) {}

#[cfg(not(feature = "tracing"))]
pub(super) fn retrying(_: u32, _: &Error, _: bool, _: Duration) {}

#[cfg(not(feature = "tracing"))]
pub(super) fn gave_up(_: u32, _: &'static str, _: &Error) {}
