//! A stand-in for the generated `webhooks.rs` of an API signed with HubSpot's scheme: the
//! `Verifier` items that depend on the API.

pub use crate::webhooks_verify::{SignatureVersion, Verifier, VerifyError, WebhookRequest};

impl Verifier {
    /// A verifier with the app's client secret, accepting v3 and v2.
    pub fn new(client_secret: impl AsRef<[u8]>) -> Self {
        Verifier::with_versions(client_secret, &[SignatureVersion::V3, SignatureVersion::V2])
    }

    /// Checks the signature, then decodes the body as the API's event type.
    pub fn verify(&self, request: &WebhookRequest<'_>) -> Result<serde_json::Value, VerifyError> {
        self.verify_as(request)
    }
}
