//! Path segments made from parameters, refused when they would change the endpoint.

// Percent-encoding (done when the segment joins the URL) keeps `/`, `?`, `#` and `%` inside
// the segment, but the URL standard drops `.` and removes the segment before `..`, and `""`
// leaves a `//` or a trailing `/`: each would send the request to another endpoint. The URL
// parser also drops every tab and line break before it encodes, so `".\t."` would arrive as
// `..` and `"a\nb"` as `ab`, another id: a value with one is refused rather than altered.

/// `value`, the text of the path segment `template` (`{id}`, as the path template writes
/// it), or why it is refused (the client's `Error::InvalidRequest` says it) when it is empty,
/// `.` or `..`, or holds a tab or a line break: the URL would then name another resource
/// (`/messages/..` is `/`), so nothing is sent.
pub fn segment<'a>(value: &'a str, template: &str) -> Result<&'a str, String> {
    if matches!(value, "" | "." | "..") {
        return Err(format!(
            "the path segment `{template}` would be {value:?}, which would change the endpoint"
        ));
    }
    if value.contains(['\t', '\n', '\r']) {
        return Err(format!(
            "the path segment `{template}` would be {value:?}: URLs drop tabs and line breaks, \
             which would change the endpoint"
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segments_that_move_the_request_elsewhere_are_refused() {
        for bad in ["", ".", ".."] {
            let error = segment(bad, "{id}").unwrap_err();
            assert!(
                error.contains("`{id}`") && error.contains(&format!("{bad:?}")),
                "{error}"
            );
        }
        // Dropped by the URL parser before it encodes: `.\t.` would be `..`, `a\nb` `ab`.
        for bad in [".\t.", "..\n", ".\r\n.", "\t", "a\tb", "a\nb", "a\rb"] {
            let error = segment(bad, "{id}").unwrap_err();
            assert!(
                error.contains("`{id}`") && error.contains(&format!("{bad:?}")),
                "{error}"
            );
        }
        // They look encoded, and are encoded again (`%` as `%25`): they stay inside their
        // segment. Other control characters are percent-encoded, not dropped.
        for good in ["a%2Fb", "%2E%2E", "...", "x", "a\u{1}b", "a b"] {
            assert_eq!(segment(good, "{id}").unwrap(), good);
        }
    }
}
