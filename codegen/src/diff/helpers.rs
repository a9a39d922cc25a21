//! What goes with an operation's method in the generated crate, read from the plans: its
//! page helpers (`<op>_pages`, `<op>_stream`), its `params::…Params` struct, and the crate's
//! `Pages` and `Items`. Changes of the method name them when they break them too.

use super::shape;
use super::types::Cx;
use super::verdict;
use super::{Kind, Side};
use crate::ir::Api;
use crate::plan::{OperationPlan, PageHelpers};

/// What goes with an operation's method: its page helpers and its params struct.
pub(super) fn companions(plan: Option<&OperationPlan>) -> Vec<String> {
    roles(plan).into_iter().flatten().collect()
}

/// The pages helper, the stream helper and the params struct, each when there is one.
pub(super) fn roles(plan: Option<&OperationPlan>) -> [Option<String>; 3] {
    let Some(plan) = plan else { return [None, None, None] };
    let pages = plan.pages.as_ref();
    [
        pages.map(|h| format!("`Client::{}`", h.pages)),
        pages.map(|h| format!("`Client::{}`", h.stream)),
        plan.params.as_ref().map(|p| format!("`params::{p}`")),
    ]
}

pub(super) fn with(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" (with {})", items.join(", "))
    }
}

/// The page helpers and params struct of a matched operation: helpers that came or went,
/// helpers whose types changed, and the helpers and params struct that the changes found
/// since `before` (this operation's) break too.
pub(super) fn helpers(cx: &mut Cx<'_>, before: usize, po: &OperationPlan, pn: &OperationPlan, name: &str, pointer: Option<String>) {
    let (old, new) = (cx.old, cx.new);
    let page = |api: &Api, h: &PageHelpers| (format!("Pages<{}>", shape::render(api, &h.page)), format!("Items<{}>", shape::render(api, &h.item)));
    if let (Some(ho), Some(hn)) = (&po.pages, &pn.pages) {
        let both = format!("`Client::{}`, `Client::{}`", hn.pages, hn.stream);
        // Changes of the method's arguments change the helpers' arguments the same way.
        for c in cx.changes.iter_mut().skip(before) {
            let signature = matches!(
                c.kind,
                Kind::ParameterAdded
                    | Kind::ParameterRemoved
                    | Kind::ParameterMadeRequired
                    | Kind::ParameterMadeOptional
                    | Kind::ParameterRetyped
                    | Kind::ArgumentsReordered
                    | Kind::RequestBodyAdded
                    | Kind::RequestBodyRemoved
                    | Kind::RequestBodyRetyped
                    | Kind::MediaTypeChanged
            );
            if signature && c.rust == super::Verdict::Breaking {
                c.detail.push_str(&format!(" (the same in {both})"));
            }
        }
        let ((pages_o, items_o), (pages_n, items_n)) = (page(&old.api, ho), page(&new.api, hn));
        let mut parts = Vec::new();
        if pages_o != pages_n {
            parts.push(format!("`Client::{}` returns `{pages_o}` → `{pages_n}`", hn.pages));
        }
        if items_o != items_n {
            parts.push(format!("`Client::{}` returns `{items_o}` → `{items_n}`", hn.stream));
        }
        if !parts.is_empty() {
            let call = verdict::page_items_retyped(items_o != items_n);
            cx.push(Kind::ResponseRetyped, format!("{name} pages"), pointer.clone(), Side::New, parts.join(", "), call);
        }
    }
    match (&po.pages, &pn.pages) {
        (Some(h), None) => {
            let mut detail = format!("`Client::{}` and `Client::{}` are gone", h.pages, h.stream);
            if old.plan.page_items && !new.plan.page_items {
                detail.push_str(", and with the last paginated operation the crate's `Pages` and `Items`");
            }
            cx.push(Kind::PagesRemoved, name.to_string(), pointer, Side::New, detail, verdict::pages_removed());
        }
        (None, Some(h)) => {
            let (pages, items) = page(&new.api, h);
            let detail = format!("`Client::{}` (`{pages}`) and `Client::{}` (`{items}`)", h.pages, h.stream);
            cx.push(Kind::PagesAdded, name.to_string(), pointer, Side::New, detail, verdict::pages_added());
        }
        _ => {}
    }
    // The last optional parameter gone (removed or made required): so is the struct.
    if let (Some(p), None) = (&po.params, &pn.params) {
        let gone = cx.changes.iter_mut().skip(before).rev().find(|c| matches!(c.kind, Kind::ParameterRemoved | Kind::ParameterMadeRequired));
        if let Some(c) = gone {
            c.detail.push_str(&format!("; `params::{p}` is gone with its last field, and the `params` argument"));
        }
    }
}
