//! Path segments made from parameters, refused when they would change the endpoint.

// Percent-encoding (done when the segment joins the URL) keeps `/`, `?`, `#` and `%` inside
// the segment, but the URL standard drops `.` and removes the segment before `..`, and `""`
// leaves a `//` or a trailing `/`: each would send the request to another endpoint.

use crate::Error;

/// `value`, the text of the path segment `template` (`{id}`, as the path template writes
/// it), or an [`Error::InvalidRequest`] when it is empty, `.` or `..`: the URL would then name
/// another resource (`/messages/..` is `/`), so nothing is sent.
pub(crate) fn segment<'a>(value: &'a str, template: &str) -> Result<&'a str, Error> {
    if matches!(value, "" | "." | "..") {
        return Err(Error::invalid_request(format!(
            "the path segment `{template}` would be {value:?}, which would change the endpoint"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn segments_that_move_the_request_elsewhere_are_refused() {
        for bad in ["", ".", ".."] {
            let error = segment(bad, "{id}").unwrap_err().to_string();
            assert!(
                error.contains("`{id}`") && error.contains(&format!("{bad:?}")),
                "{error}"
            );
        }
        // Encoded already: these stay inside their segment.
        for good in ["a%2Fb", "%2E%2E", "...", "x"] {
            assert_eq!(segment(good, "{id}").unwrap(), good);
        }
    }
}
