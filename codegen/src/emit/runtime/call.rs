//! `call.rs`: one call of an operation. The request it sends (built once, body serialized
//! once) and the attempts it takes: credentials, extra headers, timeout, transport, and the
//! retry loop.

use proc_macro2::TokenStream;
use quote::quote;

/// Which parts the operations use, so that the crate has no dead code.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallUses {
    pub schemes: bool,
    pub send: bool,
    pub send_text: bool,
    pub send_bytes: bool,
    pub send_empty: bool,
    /// Some operation answers with several kinds of success body and decodes by status.
    pub several: bool,
    pub header: bool,
    pub cookie: bool,
    /// An API key travels in a cookie.
    pub cookie_auth: bool,
    pub json: bool,
    pub form: bool,
    pub raw: bool,
    pub multipart: bool,
}

pub fn call(uses: CallUses) -> TokenStream {
    let (security_fields, security_init, scheme_import) = if uses.schemes {
        (
            quote! {
                /// The operation's method name, for errors.
                pub(crate) operation: &'static str,
                /// The alternatives of credentials the operation accepts (any one will do).
                pub(crate) security: &'static [&'static [Scheme]],
                /// Their names, for [`Error::MissingCredentials`].
                pub(crate) accepted: &'static [&'static str],
            },
            quote!(operation, security: &[], accepted: &[],),
            quote!(use crate::client::Scheme;),
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    let (operation_param, url_binding) = if uses.schemes {
        (quote!(operation: &'static str,), quote!(let mut url))
    } else {
        (quote!(), quote!(let url))
    };
    let authorize = if uses.schemes {
        quote!(let secrets = self.authorize(call, &mut url, &mut headers).await?;)
    } else {
        quote!(let secrets: Vec<String> = Vec::new();)
    };
    let header = uses.header.then(|| {
        quote! {
            /// A header parameter.
            pub(crate) fn header(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
                let (name, value) = header(name, value)?;
                self.headers.append(name, value);
                Ok(())
            }
        }
    });
    let cookie = uses.cookie.then(|| {
        quote! {
            /// A cookie parameter.
            pub(crate) fn cookie(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
                add_cookie(&mut self.headers, name, value)
            }
        }
    });
    let add_cookie = (uses.cookie || uses.cookie_auth).then(|| {
        quote! {
            /// Adds `name=value` to the `Cookie` header.
            pub(crate) fn add_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
                let pair = format!("{name}={value}");
                let text = match headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()) {
                    Some(existing) => format!("{existing}; {pair}"),
                    None => pair,
                };
                let value = HeaderValue::from_str(&text)
                    .map_err(|_| Error::InvalidRequest(format!("the `{name}` cookie is not a valid header value")))?;
                headers.insert(http::header::COOKIE, value);
                Ok(())
            }
        }
    });
    let json = uses.json.then(|| {
        quote! {
            /// A JSON body.
            pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
                self.body = serde_json::to_vec(body).map_err(|e| Error::InvalidRequest(format!("the body does not serialize: {e}")))?;
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Ok(())
            }
        }
    });
    let form = uses.form.then(|| {
        quote! {
            /// An `application/x-www-form-urlencoded` body: each top-level property a pair.
            pub(crate) fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
                let json = serde_json::to_value(body).map_err(|e| Error::InvalidRequest(format!("the body does not serialize: {e}")))?;
                let mut encoder = Url::parse("http://form/").map_err(|e| Error::InvalidRequest(e.to_string()))?;
                if let serde_json::Value::Object(fields) = json {
                    let mut pairs = encoder.query_pairs_mut();
                    for (key, value) in fields {
                        match value {
                            serde_json::Value::Null => {}
                            serde_json::Value::String(text) => {
                                pairs.append_pair(&key, &text);
                            }
                            other => {
                                pairs.append_pair(&key, &other.to_string());
                            }
                        }
                    }
                }
                self.body = encoder.query().unwrap_or_default().as_bytes().to_vec();
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
                Ok(())
            }
        }
    });
    let raw = uses.raw.then(|| {
        quote! {
            /// A body sent as it is, with its media type.
            pub(crate) fn raw(&mut self, content_type: &'static str, body: Vec<u8>) {
                self.body = body;
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            }
        }
    });
    let multipart = uses.multipart.then(|| {
        quote! {
            /// A `multipart/form-data` body.
            pub(crate) fn multipart(&mut self, form: &crate::multipart::Form) -> Result<(), Error> {
                let (content_type, body) = form.encode();
                self.body = body;
                let value = HeaderValue::from_str(&content_type).map_err(|e| Error::InvalidRequest(e.to_string()))?;
                self.headers.insert(CONTENT_TYPE, value);
                Ok(())
            }
        }
    });
    let content_type = (uses.json || uses.form || uses.raw || uses.multipart).then(|| quote!(CONTENT_TYPE,));
    let send = uses.send.then(|| {
        quote! {
            /// Sends `call` and decodes the JSON body of its success response.
            pub(crate) async fn send<T: serde::de::DeserializeOwned>(&self, call: Call) -> Result<Response<T>, Error> {
                let (status, headers, body) = self.execute(call).await?;
                let value = decode_json(status, &body)?;
                Ok(Response::new(status, headers, value))
            }
        }
    });
    let decode = (uses.send || uses.several).then(|| {
        quote! {
            /// The JSON body of a success response, or a [`Error::Decode`] that keeps it.
            pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
                serde_json::from_slice(body).map_err(|e| Error::Decode {
                    status,
                    message: e.to_string(),
                    body: String::from_utf8_lossy(body).into_owned(),
                })
            }
        }
    });
    let send_text = uses.send_text.then(|| {
        quote! {
            /// Sends `call` and keeps the text body of its success response.
            pub(crate) async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
                let (status, headers, body) = self.execute(call).await?;
                Ok(Response::new(status, headers, String::from_utf8_lossy(&body).into_owned()))
            }
        }
    });
    let send_bytes = uses.send_bytes.then(|| {
        quote! {
            /// Sends `call` and keeps the body of its success response as bytes.
            pub(crate) async fn send_bytes(&self, call: Call) -> Result<Response<Vec<u8>>, Error> {
                let (status, headers, body) = self.execute(call).await?;
                Ok(Response::new(status, headers, body))
            }
        }
    });
    let execute_vis = if uses.several { quote!(pub(crate)) } else { quote!() };
    let send_empty = uses.send_empty.then(|| {
        quote! {
            /// Sends `call`, whose success response has no body worth reading.
            pub(crate) async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
                let (status, headers, _) = self.execute(call).await?;
                Ok(Response::new(status, headers, ()))
            }
        }
    });
    quote! {
        //! One call of an operation: the request it sends, and the attempts it takes.

        use std::time::Duration;

        use http::header::{HeaderName, HeaderValue, #content_type USER_AGENT};
        use http::{HeaderMap, Method};
        use reqwest::Url;

        #scheme_import
        use crate::{ApiError, Client, Error, Response};

        /// How long one attempt may take when no timeout is set.
        pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

        /// A request, built once and sent as often as its retries need: every attempt sends the
        /// same body.
        pub(crate) struct Call {
            method: Method,
            url: Url,
            headers: HeaderMap,
            body: Vec<u8>,
            /// Whether sending the request twice is harmless: an idempotent method, or an
            /// idempotency key the caller set.
            pub(crate) retry_safe: bool,
            #security_fields
        }

        impl Call {
            pub(crate) fn new(#operation_param method: Method, url: Url) -> Self {
                let retry_safe = method.is_idempotent();
                Call { method, url, headers: HeaderMap::new(), body: Vec::new(), retry_safe, #security_init }
            }

            #header
            #cookie
            #json
            #form
            #raw
            #multipart
        }

        /// A header from a name and a value, or why they do not make one.
        fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidRequest(format!("the value of the `{name}` header is not a valid header value")))?;
            Ok((header_name, header_value))
        }

        #add_cookie

        #decode

        impl Client {
            #send
            #send_text
            #send_bytes
            #send_empty

            /// Sends `call`, retrying as the options allow; the status, headers and body of its
            /// success response.
            #execute_vis async fn execute(&self, call: Call) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
                let options = &self.options;
                let policy = options.retry.clone().unwrap_or_default();
                let attempts = options.max_attempts.unwrap_or_else(|| policy.attempts());
                let retry_safe = options.idempotent.unwrap_or(call.retry_safe);
                let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let mut attempt = 1;
                loop {
                    let error = match self.attempt(&call, timeout).await {
                        Ok((status, headers, body)) if (200..300).contains(&status) => return Ok((status, headers, body)),
                        Ok((status, headers, body)) => {
                            let raw = String::from_utf8_lossy(&body).into_owned();
                            Error::Api(Box::new(ApiError::new(status, headers, raw)))
                        }
                        Err(error) => error,
                    };
                    if attempt >= attempts || !retry_safe || !error.is_retryable() {
                        return Err(error);
                    }
                    tokio::time::sleep(policy.delay(attempt, error.retry_after())).await;
                    attempt += 1;
                }
            }

            /// One attempt: the request with credentials and extra headers, sent within `timeout`.
            async fn attempt(&self, call: &Call, timeout: Duration) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
                #url_binding = call.url.clone();
                let mut headers = call.headers.clone();
                headers.insert(USER_AGENT, self.shared.user_agent.clone());
                for (name, value) in &self.options.headers {
                    let (name, value) = header(name, value)?;
                    headers.insert(name, value);
                }
                #authorize
                let uri = http::Uri::try_from(url.as_str())
                    .map_err(|_| Error::InvalidRequest("the request URL is not a valid URI".to_string()))?;
                let mut request = http::Request::new(call.body.clone());
                *request.method_mut() = call.method.clone();
                *request.uri_mut() = uri;
                *request.headers_mut() = headers;
                let response = match tokio::time::timeout(timeout, self.shared.transport.send(request)).await {
                    Err(_) => return Err(Error::Timeout { after: Some(timeout) }),
                    Ok(Err(error)) => return Err(Error::transport(error.redact(&secrets))),
                    Ok(Ok(response)) => response,
                };
                let (parts, body) = response.into_parts();
                Ok((parts.status.as_u16(), parts.headers, body))
            }
        }
    }
}
