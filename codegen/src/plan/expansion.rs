//! When a union's expansion variants ([`crate::ir::UnionVariant::expansion`]) may be left out.
//! Leaving one out is safe only if its object then decodes as the union's `Unknown`: an
//! untagged union tries its variants in order, so an expanded `Customer` would otherwise decode
//! as a `DeletedCustomer` (whose only required field it has) and lose its other fields when
//! written back. A tagged union picks its variant by the tag, so nothing falls into another.

use crate::ir::{named_in, Api, Ty, TypeKind, Union};

/// How many aliases [`accepts_object`] follows before it assumes the answer is yes.
const ALIAS_STEPS: usize = 64;

/// Whether a union's expansion variants must be there wherever the union is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Tagged, or no other variant takes an object: an expansion left out decodes as `Unknown`.
    Never,
    /// A variant that is always there (not an expansion) takes an object.
    Always,
    /// Only expansions take objects, and more than one does: if any of them is there, all
    /// must be.
    WithAnother,
}

/// How `u`'s expansion variants are followed (see [`Follow`]).
pub fn follow(api: &Api, u: &Union) -> Follow {
    if u.tag.is_some() {
        return Follow::Never;
    }
    let mut expansions_taking_objects = 0;
    for v in &u.variants {
        if !accepts_object(api, &v.ty) {
            continue;
        }
        // An expansion naming no type (`{}`) is never left out: it counts as always there.
        let mut named = Vec::new();
        named_in(&v.ty, &mut named);
        if !v.expansion || named.is_empty() {
            return Follow::Always;
        }
        expansions_taking_objects += 1;
    }
    if expansions_taking_objects >= 2 {
        Follow::WithAnother
    } else {
        Follow::Never
    }
}

/// Whether a value of `ty` may be a JSON object (a struct or union: yes, without looking at
/// its fields or variants).
pub fn accepts_object(api: &Api, ty: &Ty) -> bool {
    let mut ty = ty;
    for _ in 0..ALIAS_STEPS {
        match ty {
            Ty::Any | Ty::Object | Ty::Map(_) => return true,
            Ty::Scalar(_) | Ty::List(_) | Ty::Tuple(_) => return false,
            Ty::Named(id) => match api.types.get(id.0).map(|t| &t.kind) {
                Some(TypeKind::Struct(_) | TypeKind::Union(_)) => return true,
                Some(TypeKind::Enum(_)) | None => return false,
                Some(TypeKind::Alias(inner)) => ty = inner,
            },
        }
    }
    true
}
