//! The verdict table: for each kind of change, what the old generated client does on the
//! wire and what happens to code written against the old crate, with the reason. Every
//! verdict in a report comes from a function here.

use super::shape::FieldShape;
use super::Verdict::{self, Breaking as B, Compatible as C, Maybe as M};

/// A verdict and why.
#[derive(Debug, Clone)]
pub struct Reason {
    pub verdict: Verdict,
    pub why: String,
}

fn r(verdict: Verdict, why: impl Into<String>) -> Reason {
    Reason { verdict, why: why.into() }
}

/// Both verdicts of a change.
#[derive(Debug, Clone)]
pub struct Call {
    pub wire: Reason,
    pub rust: Reason,
}

impl Call {
    fn new(wire: Reason, rust: Reason) -> Self {
        Call { wire, rust }
    }

    /// One line: the Rust reason, then the wire reason.
    pub fn why(&self) -> String {
        format!("Rust: {}. Wire: {}.", self.rust.why, self.wire.why)
    }
}

/// Where a type is used: in what the client sends, in what it receives, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dirs {
    pub request: bool,
    pub response: bool,
}

impl Dirs {
    pub const REQUEST: Dirs = Dirs { request: true, response: false };
    pub const RESPONSE: Dirs = Dirs { request: false, response: true };

    pub fn union(self, other: Dirs) -> Dirs {
        Dirs { request: self.request || other.request, response: self.response || other.response }
    }

    pub fn covers(self, other: Dirs) -> bool {
        self.union(other) == self
    }
}

/// The wire verdict for a type used in `dirs`: the worse of the request and response
/// verdicts. `lenient`: the old type only ever appears in error bodies, which the old
/// client decodes leniently.
pub fn wire(dirs: Dirs, request: Reason, response: Reason, lenient: bool) -> Reason {
    let response = if lenient {
        r(C, "error bodies decode leniently (every field `Option`; a body that does not match leaves `ApiError::body` `None` and keeps `raw`)")
    } else {
        response
    };
    match (dirs.request, dirs.response) {
        (false, false) => r(C, "no operation sends or receives the type"),
        (true, false) => request,
        (false, true) => response,
        (true, true) if response.verdict > request.verdict => {
            r(response.verdict, format!("{} (in responses; the type is also sent)", response.why))
        }
        (true, true) => r(request.verdict, format!("{} (in requests; the type is also received)", request.why)),
    }
}

/// A retyped use of a type: what accepts what.
#[derive(Debug, Clone, Copy)]
pub struct Retype {
    /// The new spec accepts every value the old client sends.
    pub new_accepts_old: bool,
    /// The old client decodes every value the new spec allows.
    pub old_decodes_new: bool,
}

pub fn retyped_request(t: Retype) -> Reason {
    if t.new_accepts_old {
        r(C, "every value the old client sends is still valid")
    } else {
        r(B, "values the old client sends are no longer valid")
    }
}

pub fn retyped_response(t: Retype) -> Reason {
    if t.old_decodes_new {
        r(C, "the old client decodes every value the new spec allows")
    } else if t.new_accepts_old {
        r(M, "the new spec allows values the old client cannot decode (`Error::Decode` if the server sends them)")
    } else {
        r(B, "the old client cannot decode what the new spec sends (`Error::Decode`)")
    }
}

// Operations.

pub fn operation_added() -> Call {
    Call::new(r(C, "the old client never calls it"), r(C, "a new method on `Client`"))
}

pub fn operation_removed() -> Call {
    Call::new(r(B, "the old client calls an operation the new spec no longer has"), r(B, "the method is gone from `Client`"))
}

pub fn operation_moved() -> Call {
    Call::new(
        r(B, "the old client still sends the old method and path, which the new spec no longer has"),
        r(C, "the method keeps its name and arguments; the new crate sends the new method and path"),
    )
}

pub fn operation_renamed() -> Call {
    Call::new(
        r(C, "the request is the same"),
        r(B, "the method is named after the operationId (else the summary, else method and path): calls to the old name do not compile"),
    )
}

pub fn operation_deprecated() -> Call {
    Call::new(r(C, "nothing changes on the wire"), r(C, "only the method's documentation changes"))
}

pub fn pages_added() -> Call {
    Call::new(r(C, "the old client never calls them"), r(C, "new `_pages` and `_stream` methods on `Client`"))
}

pub fn pages_removed() -> Call {
    Call::new(
        r(C, "the helpers only call the operation, whose own changes are reported at their places"),
        r(B, "the operation is no longer paginated (no cursor parameter, cursor or array of items is found): its `_pages` and `_stream` methods are gone"),
    )
}

pub fn page_items_retyped(items: bool) -> Call {
    let rust = if items {
        r(B, "the `_stream` helper yields items of another Rust type")
    } else {
        r(B, "the `_pages` helper yields pages of another Rust type")
    };
    Call::new(r(C, "the helpers decode the page, whose changes are reported at their places"), rust)
}

// Parameters.

pub fn parameter_added(required: bool, had_params_struct: bool) -> Call {
    if required {
        return Call::new(
            r(B, "the old client never sends it"),
            r(B, "required parameters are positional arguments: the method gains one"),
        );
    }
    let rust = if had_params_struct {
        r(
            C,
            "a new `Option` field in the operation's `params::…Params`, a plain struct with `Default`: code that starts from \
             `Default::default()` (as its docs say) compiles; only an exhaustive struct literal would not",
        )
    } else {
        r(B, "the operation had no optional parameters: the method gains a `params: &params::…Params` argument")
    };
    Call::new(r(C, "the old client leaves it out, which is allowed"), rust)
}

pub fn parameter_removed(required: bool, query: bool) -> Call {
    let rust = if required {
        r(B, "the positional argument is gone")
    } else {
        r(B, "the field is gone from `params::…Params` (with the last one, the `params` argument too)")
    };
    let wire = if query {
        r(
            M,
            "the old client may still send it and the server silently ignores it: a filter or page size it set no longer \
             applies, a cursor no longer moves (the old client gets other answers than it asked for)",
        )
    } else {
        r(C, "the old client may still send it; the new spec does not read it, whatever it controlled is gone")
    };
    Call::new(wire, rust)
}

/// `uniqueItems` set on an array (`added`) or dropped: the Rust type stays `Vec<T>`.
pub fn unique_items_changed(dirs: Dirs, added: bool, lenient: bool) -> Call {
    let request = if added {
        r(B, "the old client may send repeated items, which the new spec no longer allows")
    } else {
        r(C, "every array the old client sends is still valid")
    };
    let response = r(C, "the old client decodes the array as a `Vec`, repeated items or not");
    Call::new(wire(dirs, request, response, lenient), r(C, "the generator spells the array `Vec<T>` whether its items must differ or not"))
}

pub fn parameter_made_required() -> Call {
    Call::new(
        r(B, "the old client leaves it out when it is unset"),
        r(B, "it moves from `params::…Params` to a positional argument"),
    )
}

pub fn parameter_made_optional() -> Call {
    Call::new(
        r(C, "the old client always sends it, which is still valid"),
        r(B, "it moves from a positional argument to `params::…Params`"),
    )
}

pub fn parameter_retyped(t: Retype) -> Call {
    Call::new(retyped_request(t), r(B, "the argument's Rust type changes"))
}

pub fn parameter_style_changed() -> Call {
    Call::new(
        r(B, "`explode` changed: the old client writes the array the old way (repeated keys or comma-separated)"),
        r(C, "the argument's type is the same"),
    )
}

pub fn arguments_reordered(what: &str) -> Call {
    Call::new(
        r(C, "the JSON and the request are the same"),
        r(B, format!("{what} takes required values in spec order: arguments of one type silently swap, others stop compiling")),
    )
}

// Bodies and responses.

pub fn request_body_added(required: bool) -> Call {
    let wire = if required {
        r(B, "the old client sends no body")
    } else {
        r(C, "the old client sends no body, which is allowed")
    };
    Call::new(wire, r(B, "the method gains a `body` argument (generated methods always take the body)"))
}

pub fn request_body_removed() -> Call {
    Call::new(
        r(C, "the old client still sends a body, which the new spec does not read"),
        r(B, "the method's `body` argument is gone"),
    )
}

pub fn request_body_required_changed() -> Call {
    Call::new(
        r(C, "generated methods always send the body, so the old client already does"),
        r(C, "generated methods always take the body: no signature changes"),
    )
}

pub fn request_body_retyped(t: Retype) -> Call {
    Call::new(retyped_request(t), r(B, "the `body` argument's type changes"))
}

pub fn response_status(added: bool) -> Call {
    let what = if added { "a new status" } else { "a status no longer documented" };
    Call::new(
        r(C, format!("the client accepts any 2xx and turns any other status into `Error::Api`: {what} changes neither")),
        r(C, "statuses are not part of any signature (bodies are reported separately)"),
    )
}

pub fn response_body_added() -> Call {
    Call::new(
        r(C, "the old client ignores the body"),
        r(B, "the method returns `Response<T>` instead of `Response<()>`"),
    )
}

pub fn response_body_removed() -> Call {
    Call::new(
        r(B, "the old client decodes a JSON body that no longer comes (`Error::Decode`)"),
        r(B, "the method returns `Response<()>`"),
    )
}

pub fn response_retyped(t: Retype) -> Call {
    Call::new(retyped_response(t), r(B, "the method's return type changes"))
}

pub fn error_body_retyped() -> Call {
    Call::new(
        r(C, "error bodies decode leniently: one that does not match leaves `ApiError::body` `None` and keeps `raw`"),
        r(B, "`ErrorBody`, the type of `ApiError::body`, changes"),
    )
}

pub fn request_media_type_changed(still_accepted: bool, same_arg: bool) -> Call {
    let wire = if still_accepted {
        r(C, "the new spec still accepts the media type the old client sends")
    } else {
        r(B, "the old client sends the old media type")
    };
    let rust = if same_arg {
        r(C, "the `body` argument's type is the same")
    } else {
        r(B, "the `body` argument's type follows the media type (JSON or form struct, multipart `Form`, bytes, text)")
    };
    Call::new(wire, rust)
}

/// A typed multipart body that became an untyped `multipart::Form` (`to_form`) or the reverse;
/// `required`: the new body has required parts.
pub fn multipart_form_changed(to_form: bool, required: bool) -> Call {
    let wire = if to_form {
        r(C, "the new spec lists no parts: the parts the old client sends still make a valid body")
    } else if required {
        r(B, "the old client sends the parts its caller added to the `Form`, which may lack the ones the new spec requires")
    } else {
        r(C, "every part the new spec lists is optional")
    };
    Call::new(wire, r(B, "the `body` argument's type changes (a body struct ↔ `multipart::Form`)"))
}

/// A multipart part sent another way: as a file, files, text or JSON (`old` → `new`);
/// `widened`: a file that may now be several, of which one is still a valid list.
pub fn part_sent_changed(old: &str, new: &str, widened: bool, old_ty: &str, new_ty: &str) -> Call {
    let wire = if widened {
        r(C, "one file part is a valid list of files")
    } else {
        r(B, format!("the old client sends it as {old}, the new spec takes {new}"))
    };
    let rust = if old_ty == new_ty {
        r(C, format!("the field stays `{new_ty}`"))
    } else {
        r(B, format!("the field's type `{old_ty}` becomes `{new_ty}`"))
    };
    Call::new(wire, rust)
}

/// The media type a multipart file part declares (`encoding.<part>.contentType`) changed;
/// `any`: the new spec declares none.
pub fn part_media_type_changed(any: bool) -> Call {
    let wire = if any {
        r(C, "the new spec declares no media type for the part")
    } else {
        r(B, "the old client labels the part with the old media type (unless the caller set the `FilePart`'s own)")
    };
    Call::new(wire, r(C, "the field stays a `FilePart`: the media type is a value, not a type"))
}

pub fn response_media_type_changed() -> Call {
    Call::new(
        r(C, "the client decodes a success body as JSON without looking at its `Content-Type`"),
        r(C, "no signature changes"),
    )
}

// Security and servers.

pub fn security_changed(old_still_accepted: bool) -> Call {
    let wire = if old_still_accepted {
        r(C, "every credential set the old client may send is still accepted (an empty requirement needs none)")
    } else {
        r(B, "the new requirement asks for credentials the old client does not send")
    };
    Call::new(
        wire,
        r(
            C,
            "methods pick credentials at run time, so no signature changes; the new crate sends what the new requirement \
             names (nothing when it is empty) and fails with `Error::MissingCredentials` when the client lacks them",
        ),
    )
}

pub fn security_scheme_added() -> Call {
    Call::new(r(C, "old requests are unaffected"), r(C, "a new credential setter on `ClientBuilder`"))
}

pub fn security_scheme_removed() -> Call {
    Call::new(
        r(C, "operations that used it are reported as security-changed"),
        r(B, "its `ClientBuilder` setter is gone (the crate has setters only for schemes its operations use)"),
    )
}

/// `kind_same`: the credential travels as before (the OAuth 2 flows changed, or a bearer
/// scheme became OAuth 2 or the other way round);
/// `consts_kept`: every `Client` constant of its OAuth 2 URLs is still there.
pub fn security_scheme_changed(kind_same: bool, setter_same: bool, consts_kept: bool) -> Call {
    let rust = if !setter_same {
        r(B, "the `ClientBuilder` setter is renamed (`x` for API keys, `x_token` for tokens, `x_credentials` for basic)")
    } else if !consts_kept {
        r(B, "a `Client` constant of its OAuth 2 token endpoints is gone (the flow has no token URL any more)")
    } else {
        r(C, "the `ClientBuilder` setter keeps its name")
    };
    let wire = if kind_same {
        r(C, "the credential is sent as before")
    } else {
        r(B, "the old client sends the credential the old way")
    };
    Call::new(wire, rust)
}

pub fn base_url_changed() -> Call {
    Call::new(
        r(M, "the old client keeps calling its `DEFAULT_BASE_URL`: it works as long as that address still serves the API"),
        r(C, "only the value of `Client::DEFAULT_BASE_URL` changes"),
    )
}

// Struct fields.

/// Rust verdict of a field whose generated form changed from `old` to `new`.
pub fn field_shape(old: &FieldShape, new: &FieldShape) -> Reason {
    let arg = match (old.arg, new.arg) {
        (false, true) => Some("`new` gains an argument"),
        (true, false) => Some("`new` loses an argument"),
        _ => None,
    };
    match (old.ty != new.ty, arg) {
        (true, Some(a)) => r(B, format!("the field's type `{}` becomes `{}`, and {a}", old.ty, new.ty)),
        (true, None) => r(B, format!("the field's type `{}` becomes `{}`", old.ty, new.ty)),
        (false, Some(a)) => r(B, a),
        (false, None) => r(C, format!("the field stays `{}` and `new` is unchanged", new.ty)),
    }
}

/// A change the JSON does not see (boxing, a fixed tag, an error-only type used elsewhere).
pub fn same_json(rust: Reason) -> Call {
    Call::new(r(C, "the JSON is the same"), rust)
}

pub fn field_added(dirs: Dirs, new: &FieldShape, required: bool, lenient: bool) -> Call {
    let rust = if new.arg {
        r(B, "`new` gains an argument (response types have `new` too)")
    } else {
        r(C, "structs are `#[non_exhaustive]` and `new` does not take the field")
    };
    let request = if required {
        r(B, "the old client never sends it")
    } else {
        r(C, "the old client leaves it out, which is allowed")
    };
    let response = r(C, "the old client ignores unknown fields");
    Call::new(wire(dirs, request, response, lenient), rust)
}

pub fn field_removed(dirs: Dirs, old: &FieldShape, lenient: bool) -> Call {
    let rust = if old.arg {
        r(B, "the `pub` field is gone and `new` loses an argument")
    } else {
        r(B, "the `pub` field is gone")
    };
    let request = r(C, "the old client may still send it; the new spec does not forbid extra properties, but no longer reads it");
    let response = if old.may_be_absent {
        r(C, "the old client's field is `Option` (or defaulted): absence decodes")
    } else {
        r(B, "the old client's field is required (`T`, no serde default): responses without it fail with `Error::Decode`")
    };
    Call::new(wire(dirs, request, response, lenient), rust)
}

pub fn field_retyped(dirs: Dirs, t: Retype, lenient: bool, what: &str) -> Call {
    Call::new(wire(dirs, retyped_request(t), retyped_response(t), lenient), r(B, format!("the {what}'s Rust type changes")))
}

pub fn field_made_required(dirs: Dirs, old: &FieldShape, new: &FieldShape, lenient: bool) -> Call {
    let request = if old.may_omit {
        r(B, "the old client leaves it out when it is unset")
    } else {
        r(C, "the old client always sends it")
    };
    let response = r(C, "the old client's field accepts it being present");
    Call::new(wire(dirs, request, response, lenient), field_shape(old, new))
}

pub fn field_made_optional(dirs: Dirs, old: &FieldShape, new: &FieldShape, lenient: bool) -> Call {
    let request = r(C, "the old client always sends it, which is still valid");
    let response = if old.may_be_absent {
        r(C, "the old client's field is `Option`: absence decodes as `None`")
    } else {
        r(M, "the old client's field is `T` with no serde default: a response that omits it fails with `Error::Decode`")
    };
    Call::new(wire(dirs, request, response, lenient), field_shape(old, new))
}

pub fn field_made_nullable(dirs: Dirs, old: &FieldShape, new: &FieldShape, lenient: bool) -> Call {
    let request = r(C, "the old client never sends `null` here");
    let response = if old.may_be_null {
        r(C, "the old client's field is `Option`: `null` decodes as `None`")
    } else {
        r(M, "the old client's field is `T`: a `null` fails with `Error::Decode`")
    };
    Call::new(wire(dirs, request, response, lenient), field_shape(old, new))
}

pub fn field_made_non_nullable(dirs: Dirs, old: &FieldShape, new: &FieldShape, lenient: bool) -> Call {
    let request = if old.sends_null {
        r(B, "the old client can send `null` (`None` of a required nullable field, `Some(None)` of an optional one)")
    } else {
        r(C, "the old client never sends `null` here")
    };
    let response = r(C, "the old client accepts values that are never `null`");
    Call::new(wire(dirs, request, response, lenient), field_shape(old, new))
}

// Enums and unions.

pub fn enum_value_added(dirs: Dirs) -> Call {
    Call::new(
        wire(dirs, r(C, "the old client never sends it"), r(C, "the old client's enum is open: the value decodes as `Unknown(String)`"), false),
        r(C, "enums are `#[non_exhaustive]`: matches on them already have a wildcard arm"),
    )
}

pub fn enum_value_removed(dirs: Dirs) -> Call {
    Call::new(
        wire(dirs, r(B, "the old client may send it"), r(C, "the old client still knows it; it just no longer comes"), false),
        r(B, "the variant is gone"),
    )
}

pub fn union_variant_added(dirs: Dirs) -> Call {
    Call::new(
        wire(dirs, r(C, "the old client never sends it"), r(C, "the old client decodes it as `Unknown(serde_json::Value)`"), false),
        r(C, "union enums are `#[non_exhaustive]`: matches on them already have a wildcard arm"),
    )
}

pub fn union_variant_removed(dirs: Dirs) -> Call {
    Call::new(
        wire(dirs, r(B, "the old client may send it"), r(C, "it just no longer comes"), false),
        r(B, "the variant is gone"),
    )
}

pub fn enum_repr_changed(dirs: Dirs, t: Retype) -> Call {
    Call::new(
        wire(dirs, retyped_request(t), retyped_response(t), false),
        r(B, "the enum's `Unknown` payload and its value methods (`as_str`, `value`, `to_value`) change with its kind"),
    )
}

pub fn union_tag_changed(dirs: Dirs) -> Call {
    Call::new(
        wire(
            dirs,
            r(B, "the old client writes the old tag property"),
            r(B, "the old client reads the old tag property: every value becomes `Unknown`"),
            false,
        ),
        r(C, "the enum's variants are the same"),
    )
}

// Types and names.

pub fn type_added() -> Call {
    Call::new(r(C, "nothing the old client sends or receives changes"), r(C, "a new type in `models`"))
}

pub fn type_removed() -> Call {
    Call::new(
        r(C, "where it was used, the change is reported at its place"),
        r(B, "the type is gone from `models`"),
    )
}

pub fn type_renamed() -> Call {
    Call::new(
        r(C, "the JSON is the same"),
        r(B, "the generator names the type differently (inline types are named after their place): code that names the old type does not compile"),
    )
}

pub fn type_retyped(old_kind: &str, new_kind: &str) -> Call {
    Call::new(
        r(C, "where it is used, the change is reported at its place"),
        r(B, format!("a {old_kind} became a {new_kind} of the same name")),
    )
}

pub fn rust_name_changed() -> Call {
    Call::new(
        r(C, "serde keeps the wire name"),
        r(B, "the Rust name changed (a name collision settled differently): code that uses the old name does not compile"),
    )
}

pub fn trait_removed(what: &str) -> Call {
    Call::new(r(C, "nothing changes on the wire"), r(B, format!("the type no longer implements {what}")))
}
