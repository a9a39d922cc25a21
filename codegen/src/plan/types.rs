//! The Rust form of types: which struct fields are `Option`s and `new` arguments, and which
//! types derive `Eq`. One rule each, read by the model and client emitters and the diff.

use crate::ir::{Api, Field, Scalar, Ty, TypeDef, TypeKind};

/// How a struct field is spelled and set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldForm {
    /// A one-value enum that is also the default (a type tag): plain, its default when absent, set by `new`.
    Fixed,
    /// Optional and nullable: `Option<Option<T>>` (absent, `null`, value), not in `new`.
    OptionOption,
    /// Optional (or any field of an error-only type): `Option<T>`, not in `new`.
    Option,
    /// Required and nullable: an `Option<T>` argument of `new`, sent as `null` for `None`.
    NullableArg,
    /// Required: a plain argument of `new`.
    Arg,
}

impl FieldForm {
    /// The field `f` of `owner`.
    pub fn of(owner: &TypeDef, f: &Field) -> FieldForm {
        let optional = !f.required || owner.error_only;
        if f.fixed {
            FieldForm::Fixed
        } else if optional && f.nullable && !owner.error_only {
            FieldForm::OptionOption
        } else if optional {
            FieldForm::Option
        } else if f.nullable {
            FieldForm::NullableArg
        } else {
            FieldForm::Arg
        }
    }

    /// The field's type is an `Option` (of anything).
    pub fn is_option(self) -> bool {
        !matches!(self, FieldForm::Fixed | FieldForm::Arg)
    }

    /// The struct's `new` takes it.
    pub fn is_arg(self) -> bool {
        matches!(self, FieldForm::NullableArg | FieldForm::Arg)
    }
}

/// Which named types can derive `Eq`: all start as yes; a type that cannot loses it, and
/// so does every type holding it, spread back along who-holds-whom (linear, and recursive
/// types settle).
pub fn eq_types(api: &Api) -> Vec<bool> {
    let n = api.types.len();
    let mut eq = vec![true; n];
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut lost = Vec::new();
    for (i, t) in api.types.iter().enumerate() {
        let held: Vec<&Ty> = match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) | TypeKind::Union(_) => Vec::new(),
        };
        let mut ok = match &t.kind {
            TypeKind::Enum(e) => e.repr != crate::ir::EnumRepr::Json,
            TypeKind::Union(_) => false,
            TypeKind::Struct(_) | TypeKind::Alias(_) => true,
        };
        let mut stack = held;
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Scalar(Scalar::F32 | Scalar::F64) | Ty::Any | Ty::Object => ok = false,
                Ty::Scalar(_) => {}
                Ty::List(inner) | Ty::Map(inner) => stack.push(inner),
                Ty::Tuple(items) => stack.extend(items),
                Ty::Named(id) => match holders.get_mut(id.0) {
                    Some(h) => h.push(i),
                    None => ok = false,
                },
            }
        }
        if !ok {
            eq[i] = false;
            lost.push(i);
        }
    }
    while let Some(j) = lost.pop() {
        for &i in holders.get(j).map(Vec::as_slice).unwrap_or_default() {
            if eq[i] {
                eq[i] = false;
                lost.push(i);
            }
        }
    }
    eq
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Struct};

    fn field(required: bool, nullable: bool, fixed: bool) -> Field {
        let ty = Ty::Scalar(Scalar::String);
        Field { wire: "x".into(), name: "x".into(), ty, required, nullable, fixed, unique: false, docs: Docs::default(), boxed: false }
    }

    fn owner(error_only: bool) -> TypeDef {
        let kind = TypeKind::Struct(Struct { fields: Vec::new(), additional: None, additional_name: String::new(), required_name: String::new() });
        TypeDef { hint: "T".into(), name: "T".into(), origin: String::new(), docs: Docs::default(), kind, error_only }
    }

    #[test]
    fn each_field_has_one_form() {
        let (plain, errors) = (owner(false), owner(true));
        assert_eq!(FieldForm::of(&plain, &field(true, false, true)), FieldForm::Fixed);
        assert_eq!(FieldForm::of(&plain, &field(false, true, false)), FieldForm::OptionOption);
        assert_eq!(FieldForm::of(&plain, &field(false, false, false)), FieldForm::Option);
        assert_eq!(FieldForm::of(&plain, &field(true, true, false)), FieldForm::NullableArg);
        assert_eq!(FieldForm::of(&plain, &field(true, false, false)), FieldForm::Arg);
        // Error bodies decode leniently: every field a plain `Option`, even nullable ones.
        assert_eq!(FieldForm::of(&errors, &field(true, false, false)), FieldForm::Option);
        assert_eq!(FieldForm::of(&errors, &field(false, true, false)), FieldForm::Option);
        let arg = |f: FieldForm| (f.is_option(), f.is_arg());
        assert_eq!(arg(FieldForm::NullableArg), (true, true));
        assert_eq!(arg(FieldForm::Fixed), (false, false));
    }
}
