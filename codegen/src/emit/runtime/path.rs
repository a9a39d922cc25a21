//! `path.rs`: the check on path segments made from parameters. Percent-encoding (done when
//! the segment joins the URL) keeps `/`, `?`, `#` and `%` inside the segment, but the URL
//! standard drops `.` and removes the segment before `..`, and `""` leaves a `//` or a
//! trailing `/`: each would send the request to another endpoint, so they are refused.

use proc_macro2::TokenStream;
use quote::quote;

pub fn path() -> TokenStream {
    quote! {
        //! Path segments made from parameters, refused when they would change the endpoint.

        use crate::Error;

        /// `segment`, a path segment filled in from the parameters `params`, or an
        /// [`Error::InvalidRequest`] when it is empty, `.` or `..`: the URL would then name
        /// another resource (`/messages/..` is `/`), so nothing is sent.
        pub(crate) fn segment(segment: String, params: &'static str) -> Result<String, Error> {
            if matches!(segment.as_str(), "" | "." | "..") {
                return Err(Error::InvalidRequest(format!(
                    "the path parameter `{params}` makes the path segment {segment:?}, which would change the endpoint"
                )));
            }
            Ok(segment)
        }
    }
}
