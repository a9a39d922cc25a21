//! Webhook payloads in the diff: what the API sends to a receiver is compared like a
//! response body (the receiver decodes it), so a field the API stops sending is breaking
//! for receivers built with the old crate, and a new field or event type is not.

use super::types::Cx;
use super::verdict::Dirs;
use crate::ir::webhooks::Webhook;
use crate::ir::Ty;

/// Pairs the payload types of webhooks with the same key and method, and the event enums.
pub(super) fn reach(cx: &mut Cx<'_>) {
    let (old, new) = (&cx.old.api.webhooks, &cx.new.api.webhooks);
    let mut pairs: Vec<(Ty, Ty, String)> = Vec::new();
    for n in &new.hooks {
        let Some(o) = old.hooks.iter().find(|o| same_hook(o, n)) else { continue };
        if let (Some(po), Some(pn)) = (&o.payload, &n.payload) {
            pairs.push((po.clone(), pn.clone(), format!("webhook {} payload", n.key)));
        }
    }
    if let (Some(eo), Some(en)) = (old.event, new.event) {
        pairs.push((Ty::Named(eo), Ty::Named(en), "webhook event".to_string()));
    }
    for (o, n, route) in pairs {
        cx.reach(&o, &n, Dirs::RESPONSE, &route);
    }
}

fn same_hook(a: &Webhook, b: &Webhook) -> bool {
    a.key == b.key && a.method == b.method
}
