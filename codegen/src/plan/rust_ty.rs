//! How an IR type is spelled in Rust, decided once: the model and client emitters print
//! this tree as tokens, and the diff prints it as text for its reports.

use std::fmt;

use crate::ir::{Api, Scalar, Ty};

/// A Rust type of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustTy {
    /// A model type, by its Rust name.
    Named(String),
    Scalar(Scalar),
    Vec(Box<RustTy>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustTy>),
    Tuple(Vec<RustTy>),
    /// `serde_json::Value`.
    Json,
    /// `Box<T>`, to break a cycle or keep an enum small.
    Boxed(Box<RustTy>),
    Option(Box<RustTy>),
}

/// Whether aliases are spelled by their name (as the crate's source does) or by what they
/// stand for (as callers see the type, which is what the diff compares).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aliases {
    Keep,
    Resolve,
}

/// How many aliases deep spelling (and the diff) looks through nested types (`type A =
/// Vec<B>; type B = Vec<C>; ...` chains as far as the spec likes); below that, aliases keep
/// their names. A type's own nesting is bounded by the loader's depth limit.
pub const MAX_ALIAS_DEPTH: usize = 64;

/// `ty` through its aliases while `depth` allows.
pub fn unalias_within<'a>(api: &'a Api, ty: &'a Ty, depth: usize) -> &'a Ty {
    if depth < MAX_ALIAS_DEPTH {
        crate::ir::unalias(api, ty)
    } else {
        ty
    }
}

/// The Rust type of `ty`.
pub fn spell(api: &Api, ty: &Ty, aliases: Aliases) -> RustTy {
    spell_at(api, ty, aliases, 0)
}

fn spell_at(api: &Api, ty: &Ty, aliases: Aliases, depth: usize) -> RustTy {
    let here = match aliases {
        Aliases::Keep => ty,
        Aliases::Resolve => unalias_within(api, ty, depth),
    };
    let next = |t: &Ty| Box::new(spell_at(api, t, aliases, depth + 1));
    match here {
        Ty::Named(id) => RustTy::Named(api.types.get(id.0).map_or_else(|| "?".to_string(), |t| t.name.clone())),
        Ty::Scalar(s) => RustTy::Scalar(*s),
        Ty::List(inner) => RustTy::Vec(next(inner)),
        Ty::Map(inner) => RustTy::Map(next(inner)),
        Ty::Tuple(items) => RustTy::Tuple(items.iter().map(|t| spell_at(api, t, aliases, depth + 1)).collect()),
        Ty::Any | Ty::Object => RustTy::Json,
    }
}

impl RustTy {
    pub fn boxed(self) -> RustTy {
        RustTy::Boxed(Box::new(self))
    }

    pub fn option(self) -> RustTy {
        RustTy::Option(Box::new(self))
    }

    pub fn is_string(&self) -> bool {
        *self == RustTy::Scalar(Scalar::String)
    }
}

/// The Rust path of a scalar, as the models module writes it (`Base64` lives there).
pub fn scalar(s: Scalar) -> &'static str {
    match s {
        Scalar::String => "String",
        Scalar::Bool => "bool",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::U32 => "u32",
        Scalar::U64 => "u64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
        Scalar::DateTime => "chrono::DateTime<chrono::Utc>",
        Scalar::Date => "chrono::NaiveDate",
        Scalar::Uuid => "uuid::Uuid",
        Scalar::Bytes => "Base64",
    }
}

/// The spelling reports use: model types unqualified, `Base64` as `models::Base64`.
impl fmt::Display for RustTy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustTy::Named(name) => f.write_str(name),
            RustTy::Scalar(Scalar::Bytes) => f.write_str("models::Base64"),
            RustTy::Scalar(s) => f.write_str(scalar(*s)),
            RustTy::Vec(inner) => write!(f, "Vec<{inner}>"),
            RustTy::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            RustTy::Tuple(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str(")")
            }
            RustTy::Json => f.write_str("serde_json::Value"),
            RustTy::Boxed(inner) => write!(f, "Box<{inner}>"),
            RustTy::Option(inner) => write!(f, "Option<{inner}>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_spell_types_as_callers_write_them() {
        let ty = RustTy::Option(Box::new(RustTy::Map(Box::new(RustTy::Tuple(vec![RustTy::Scalar(Scalar::Bytes), RustTy::Json])))));
        assert_eq!(ty.to_string(), "Option<BTreeMap<String, (models::Base64, serde_json::Value)>>");
        assert_eq!(RustTy::Named("A".into()).boxed().to_string(), "Box<A>");
    }
}
