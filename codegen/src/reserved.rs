//! The names the generated crate's own code takes, per scope, so that no name derived from
//! a spec can collide with them. `names` claims these first in each scope; `emit` prints the
//! locals from what `names` allocated and calls the client's helpers through these constants.
//! `tests/tests/reserved_names.rs` parses a generated crate and fails when a method or helper
//! is emitted without being listed here, and lints a crate whose spec uses every identifier
//! of the generated code as a name in every scope.

/// Methods of `Client`, public and private (the call engine's included), and the trait
/// methods the generated code calls on it (`clone`, `fmt`). Operation methods avoid them.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    BASE_URL,
    "with_base_url",
    "with_options",
    "with_connect_timeout",
    CALL,
    AUTHORIZE,
    EXECUTE,
    "attempt",
    SEND,
    SEND_TEXT,
    SEND_BYTES,
    SEND_EMPTY,
    CLONE,
    "fmt",
    "default",
];

pub const BASE_URL: &str = "base_url";
/// `Client::call`: an operation's request, its URL built below the base URL.
pub const CALL: &str = "call";
pub const AUTHORIZE: &str = "authorize";
pub const EXECUTE: &str = "execute";
pub const SEND: &str = "send";
pub const SEND_TEXT: &str = "send_text";
pub const SEND_BYTES: &str = "send_bytes";
pub const SEND_EMPTY: &str = "send_empty";
pub const CLONE: &str = "clone";

/// Methods of `ClientBuilder` and `RequestOptions`: credential setters, which both carry,
/// avoid them (and each other).
pub const SETTER_SCOPE: &[&str] = &[
    "new",
    "default",
    "clone",
    "fmt",
    BASE_URL,
    "http_client",
    "transport",
    "connect_timeout",
    "timeout",
    "retry_policy",
    "max_attempts",
    "idempotent",
    "max_response_bytes",
    "header",
    "headers",
    "user_agent",
    "build",
    "merge",
    "credentials",
];

/// Std trait methods whose signature in clippy's `should_implement_trait` is a setter's
/// (`fn add(mut self, v) -> Self`: value `self`, one argument, some output), so that a
/// credential setter named after its scheme (`add`) would be mistaken for `Add::add`. Claimed
/// in the setters' scope. Every other generated method named from the spec either is
/// `async` (operations, which the lint skips), ends in `_pages`/`_stream`/`_token`/
/// `_credentials`/`_token_provider`, or has a fixed name (`new`), so none of clippy's other
/// names can meet a signature it checks.
pub const STD_SETTER_LIKE: &[&str] = &["add", "sub", "mul", "div", "rem", "bitand", "bitor", "bitxor", "shl", "shr"];

/// Functions of `client.rs`: they are in scope in every operation body, where an argument
/// of the same name would shadow them. Claimed in each operation's argument scope.
pub const CLIENT_FNS: &[&str] = &[PARAM_FN, PUSH_PARAM_FN, DEEP_OBJECT_FN, "default_transport_with", "sensitive", "base64"];

pub const PARAM_FN: &str = "param";
pub const PUSH_PARAM_FN: &str = "push_param";
pub const DEEP_OBJECT_FN: &str = "deep_object";

/// Arguments every operation method may take besides its required parameters (`self`, the
/// optional parameters' struct and the body), and the locals `query` and `headers`. Claimed
/// before the spec's parameters, so a parameter named `body` becomes `body_2`.
pub const ARGS: &[&str] = &["self", "body", "query", "headers", "params"];

/// Locals of operation bodies and page helpers, claimed after the spec's parameters in the
/// operation's argument scope: the arguments keep their names, a local that would shadow one
/// gets a suffix. In the order of [`crate::ir::Locals`].
pub const LOCALS: [&str; 10] = ["url", "call", "value", "item", "key", "status", "client", "cursor", "page", "secrets"];

/// Std items that the models module names unqualified, and their full paths. A model with
/// one of these names is kept (it is the API's name) and the module spells the std item in
/// full instead (`emit::StdPaths`).
pub const MODELS_STD: &[(&str, &str)] = &[
    ("Option", "::std::option::Option"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
    ("Result", "::std::result::Result"),
    ("BTreeMap", "::std::collections::BTreeMap"),
    ("Default", "::std::default::Default"),
    ("From", "::std::convert::From"),
    ("Into", "::std::convert::Into"),
];

/// Types the models module defines itself, and `New`: a struct of that name would have a
/// constructor named like itself (clippy's `self_named_constructors`).
pub const MODELS_OWN: &[&str] = &["Base64", "New"];

/// The name under which the client crate depends on its support crate (`emit::support`): no
/// Cargo feature takes it, and generated code names the crate's items through it.
pub const SUPPORT: &str = "support";

/// The variant every generated enum and union keeps for values it does not know.
pub const UNKNOWN_VARIANT: &str = "Unknown";
