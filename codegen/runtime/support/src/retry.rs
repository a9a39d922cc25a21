//! When a failed call is sent again, and how long the client waits before it does.

// The client crate re-exports `RetryPolicy` at its root, where `Error` and `RequestOptions`
// are too: the links in its docs are relative to that page, not intra-doc links (this crate has no
// such types).
//
// The jitter needs no `rand`: std's `RandomState` is seeded randomly per process and per
// instance, which is all a backoff needs.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;

/// How often and how patiently a call is retried.
///
/// A failed attempt is retried when the error is transient
/// ([`Error::is_retryable`](enum.Error.html#method.is_retryable): a connection failure, a
/// timeout, `408`, `429`, `500`, `502`, `503` or `504`) **and** the call is safe to
/// repeat: its method is idempotent (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`), or
/// it is a `POST`/`PATCH` whose idempotency key the caller set, or the caller said so
/// with [`RequestOptions::idempotent`](struct.RequestOptions.html#method.idempotent). Every
/// attempt sends the same body.
///
/// Before attempt *n + 1* the client waits for the server's `Retry-After` when the
/// answer has one (at most [`max_retry_after`](Self::max_retry_after)), else for an
/// exponential backoff with jitter: a random time between half and all of
/// `initial_backoff × 2ⁿ⁻¹`, at most [`max_backoff`](Self::max_backoff).
///
/// The default: 3 attempts, 500 ms initial backoff, 10 s maximum backoff, `Retry-After`
/// honoured up to 60 s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt, no retries.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// Attempts in all, the first included; `0` counts as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles with every further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait a `Retry-After` header can ask for; a longer one is cut to this.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the attempt after attempt `attempt` (1-based).
    #[doc(hidden)]
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let backoff = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        let half = backoff / 2;
        half + half.mul_f64(jitter(attempt))
    }
}

/// A number in `[0, 1)`, different for every call.
fn jitter(attempt: u32) -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let bits = RandomState::new().hash_one((attempt, nanos));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (RFC 9110 §10.2.3).
/// Anything else (negative, more seconds than a `u64` holds, a date out of range) is
/// no answer, and the client falls back to its backoff; nothing here can overflow.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(text)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since 1970 of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`, for
/// years 1970 to 9999 and a valid time of day; `None` for anything else.
fn http_date(text: &str) -> Option<u64> {
    let mut parts = text.split_whitespace().skip(1);
    let day: u64 = parts.next()?.parse().ok()?;

    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = parts.next()?;
    let month = u64::try_from(MONTHS.iter().position(|m| *m == month_name)?).ok()? + 1;
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    let in_range =
        (1970..=9999).contains(&year) && (1..=31).contains(&day) && h < 24 && m < 60 && s <= 60;
    if clock.next().is_some() || parts.next() != Some("GMT") || !in_range {
        return None;
    }
    // Days from 1970-01-01 (day 0, the least there is here) in plain arithmetic: with the
    // fields in range, nothing overflows or goes below zero, and each checked step was a
    // branch of its own (600 of this function's 1,900 lines of LLVM IR).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let days = y * 365 + y / 4 - y / 100 + y / 400 + (mo * 153 + 2) / 5 + day - 1 - 719_468;
    Some(days * 86_400 + h * 3_600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry_after_of(value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, value.parse().unwrap());
        retry_after(&headers)
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_nothing_else() {
        assert_eq!(retry_after_of("7"), Some(Duration::from_secs(7)));
        assert_eq!(retry_after_of(" 0 "), Some(Duration::ZERO));
        // A date in the past asks for no wait at all.
        assert_eq!(
            retry_after_of("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        for bad in [
            "-1",
            "99999999999999999999999",
            "soon",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
        ] {
            assert_eq!(retry_after_of(bad), None, "{bad}");
        }
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn http_dates_count_from_1970() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(253_402_300_799)
        );
        // The extremes the range check lets through do not overflow (tests run with overflow
        // checks): a leap second, a day 31 of February, the first second.
        assert_eq!(
            http_date("Fri, 31 Dec 9999 23:59:60 GMT"),
            Some(253_402_300_800)
        );
        assert_eq!(
            http_date("Sat, 31 Feb 9999 23:59:60 GMT"),
            http_date("Sat, 03 Mar 9999 23:59:60 GMT")
        );
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date("Wed, 31 Dec 1969 23:59:59 GMT"), None);
    }

    #[test]
    fn delays_honour_retry_after_up_to_the_cap_and_back_off_within_bounds() {
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(600))),
            Duration::from_secs(5)
        );
        let policy = RetryPolicy::new()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        for attempt in [1, 2, 3, 30, u32::MAX] {
            let full = Duration::from_millis(100)
                .saturating_mul(1 << attempt.saturating_sub(1).min(20))
                .min(Duration::from_secs(1));
            let delay = policy.delay(attempt, None);
            assert!(delay >= full / 2 && delay <= full, "{attempt}: {delay:?}");
        }
        assert_eq!(RetryPolicy::never().attempts(), 1);
    }
}
