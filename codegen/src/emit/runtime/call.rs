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
        quote!(let secrets = Secrets::new(&self.authorize(call, &mut url, &mut headers).await?);)
    } else {
        quote!(let secrets = Secrets::default();)
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
                let (status, headers, body, secrets) = self.execute(call).await?;
                let value = decode_json(status, &body, &secrets)?;
                Ok(Response::new(status, headers, value))
            }
        }
    });
    let decode = (uses.send || uses.several).then(|| {
        quote! {
            /// The JSON body of a success response, or a [`Error::Decode`] that keeps its
            /// beginning, without the `secrets` the request sent (serde's message may quote
            /// the body too).
            pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(status: u16, body: &[u8], secrets: &Secrets) -> Result<T, Error> {
                serde_json::from_slice(body).map_err(|e| Error::Decode {
                    status,
                    message: secrets.text(&e.to_string()),
                    body: secrets.kept(secrets.body(body)),
                })
            }
        }
    });
    let send_text = uses.send_text.then(|| {
        quote! {
            /// Sends `call` and keeps the text body of its success response.
            pub(crate) async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
                let (status, headers, body, _) = self.execute(call).await?;
                Ok(Response::new(status, headers, String::from_utf8_lossy(&body).into_owned()))
            }
        }
    });
    let send_bytes = uses.send_bytes.then(|| {
        quote! {
            /// Sends `call` and keeps the body of its success response as bytes.
            pub(crate) async fn send_bytes(&self, call: Call) -> Result<Response<Vec<u8>>, Error> {
                let (status, headers, body, _) = self.execute(call).await?;
                Ok(Response::new(status, headers, body))
            }
        }
    });
    let execute_vis = if uses.several { quote!(pub(crate)) } else { quote!() };
    let send_empty = uses.send_empty.then(|| {
        quote! {
            /// Sends `call`, whose success response has no body worth reading.
            pub(crate) async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
                let (status, headers, ..) = self.execute(call).await?;
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
        use crate::redact::Secrets;
        use crate::{ApiError, Client, Error, MaxResponseBytes, Response, TransportErrorKind};

        /// How long one attempt may take when no timeout is set.
        pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

        /// The largest response body read when no limit is set: far above any page or error
        /// of a JSON API, far below what would hurt the process.
        pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

        /// What one attempt got: status, headers, body, and the secrets it sent (to keep
        /// them out of errors).
        type Answer = (u16, HeaderMap, Vec<u8>, Secrets);

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
            /// success response, and the secrets sent.
            #execute_vis async fn execute(&self, call: Call) -> Result<Answer, Error> {
                let options = &self.options;
                let policy = options.retry.clone().unwrap_or_default();
                let attempts = options.max_attempts.unwrap_or_else(|| policy.attempts());
                let retry_safe = options.idempotent.unwrap_or(call.retry_safe);
                let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let limit = options.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
                let mut attempt = 1;
                loop {
                    let error = match self.attempt(&call, timeout, limit).await {
                        Ok(answer) if (200..300).contains(&answer.0) => return Ok(answer),
                        Ok((status, headers, body, secrets)) => error_answer(&call.url, status, headers, &body, &secrets),
                        Err(error) => error,
                    };
                    if attempt >= attempts || !retry_safe || !error.is_retryable() {
                        return Err(error);
                    }
                    tokio::time::sleep(policy.delay(attempt, error.retry_after())).await;
                    attempt += 1;
                }
            }

            /// One attempt: the request with credentials and extra headers, sent within
            /// `timeout`, its response body read up to `limit` bytes.
            async fn attempt(&self, call: &Call, timeout: Duration, limit: u64) -> Result<Answer, Error> {
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
                request.extensions_mut().insert(MaxResponseBytes(limit));
                let response = match tokio::time::timeout(timeout, self.shared.transport.send(request)).await {
                    Err(_) => return Err(Error::Timeout { after: Some(timeout) }),
                    Ok(Err(error)) if error.kind() == TransportErrorKind::ResponseTooLarge => {
                        return Err(Error::ResponseTooLarge { limit })
                    }
                    Ok(Err(error)) => return Err(Error::transport(error.redact(&secrets))),
                    Ok(Ok(response)) => response,
                };
                let (parts, body) = response.into_parts();
                // A custom transport may not know the limit; it holds all the same.
                if body.len() as u64 > limit {
                    return Err(Error::ResponseTooLarge { limit });
                }
                Ok((parts.status.as_u16(), parts.headers, body, secrets))
            }
        }

        /// The error of a response with an error status (`3xx` included: redirects are not
        /// followed, so that credentials never reach another origin), without `secrets`.
        fn error_answer(url: &Url, status: u16, headers: HeaderMap, body: &[u8], secrets: &Secrets) -> Error {
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let to = headers
                    .get(http::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|location| url.join(location).ok())
                    .map(|target| secrets.text(&target.origin().ascii_serialization()));
                return Error::Redirect { status, to };
            }
            Error::Api(Box::new(ApiError::new(status, secrets.headers(headers), body, secrets)))
        }
    }
}
