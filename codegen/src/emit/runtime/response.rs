//! `response.rs`: a successful response, its body with status and headers.

use proc_macro2::TokenStream;
use quote::quote;

pub fn response() -> TokenStream {
    quote! {
        //! A successful response: its body, status and headers.

        use std::ops::Deref;

        use http::HeaderMap;

        /// A successful response. It dereferences to its body, so fields read directly;
        /// `status` and `headers` (e.g. the `Location` of a created resource) are there too.
        #[derive(Debug, Clone)]
        pub struct Response<T> {
            status: u16,
            headers: HeaderMap,
            body: T,
        }

        impl<T> Response<T> {
            pub(crate) fn new(status: u16, headers: HeaderMap, body: T) -> Self {
                Response { status, headers, body }
            }

            /// The HTTP status.
            pub fn status(&self) -> u16 {
                self.status
            }

            /// All response headers.
            pub fn headers(&self) -> &HeaderMap {
                &self.headers
            }

            /// One header's value, if present and text.
            pub fn header(&self, name: &str) -> Option<&str> {
                self.headers.get(name).and_then(|v| v.to_str().ok())
            }

            /// The body.
            pub fn body(&self) -> &T {
                &self.body
            }

            /// The body, dropping status and headers.
            pub fn into_body(self) -> T {
                self.body
            }
        }

        impl<T> Deref for Response<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.body
            }
        }
    }
}
