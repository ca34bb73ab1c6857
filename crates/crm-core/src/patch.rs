//! Writable fields of a record, and the patch that changes some of them.
//!
//! Each resource declares its writable fields once with [`record_fields!`], which produces two
//! types: the full set (`AccountFields`: the body of a create or a by-external-id `PUT`, every
//! field optional in Rust so that a missing required field is reported with the others, not as a
//! parse error) and the patch (`AccountPatch`: `Option<Option<T>>` per field, where absent means
//! unchanged and `null` clears). A patch is applied to the current fields and the result is
//! validated by the same code as a creation, so the rules exist once.

use serde::{Deserialize, Deserializer};

/// Deserializes a present field (a value or `null`) as `Some(..)`; with `#[serde(default)]` an
/// absent field stays `None`.
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Declares a record's writable fields and its patch type.
///
/// ```text
/// record_fields! {
///     /// What an account is created with.
///     fields AccountFields;
///     /// The fields of an account to change.
///     patch AccountPatch;
///     {
///         /// The company's name.
///         name: String [required],
///         /// Its website.
///         website: String,
///     }
/// }
/// ```
/// `[required]` marks a field required in the create schema; the service still validates it.
#[macro_export]
macro_rules! record_fields {
    (
        $(#[$fields_meta:meta])*
        fields $fields:ident;
        $(#[$patch_meta:meta])*
        patch $patch:ident;
        {
            $(
                $(#[$field_meta:meta])*
                $field:ident : $ty:ty $([$($flag:ident),*])?
            ),* $(,)?
        }
    ) => {
        $(#[$fields_meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $fields {
            $(
                $(#[$field_meta])*
                $($(#[schema($flag = true)])*)?
                #[serde(default)]
                pub $field: Option<$ty>,
            )*
        }

        $(#[$patch_meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $patch {
            $(
                $(#[$field_meta])*
                #[serde(default, deserialize_with = "crm_core::patch::present")]
                pub $field: Option<Option<$ty>>,
            )*
        }

        impl $patch {
            /// Applies the patch: fields sent replace the current ones (`null` clears them).
            pub fn apply_to(self, fields: &mut $fields) {
                $(
                    if let Some(value) = self.$field {
                        fields.$field = value;
                    }
                )*
            }

            /// Whether the patch sends no field at all.
            pub fn is_empty(&self) -> bool {
                true $(&& self.$field.is_none())*
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::record_fields! {
        /// Test fields.
        fields Fields;
        /// Test patch.
        patch Patch;
        {
            /// A name.
            name: String [required],
            /// A city.
            city: String,
            /// A count.
            count: i64,
        }
    }

    #[test]
    fn absent_fields_stay_null_fields_clear_values_replace() {
        let mut fields = Fields {
            name: Some("Acme".into()),
            city: Some("Oslo".into()),
            count: Some(3),
        };
        let patch: Patch = serde_json::from_str(r#"{"city": null, "count": 4}"#).unwrap();
        assert!(!patch.is_empty());
        patch.apply_to(&mut fields);
        assert_eq!(
            fields,
            Fields {
                name: Some("Acme".into()),
                city: None,
                count: Some(4)
            }
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<Patch>(r#"{"nmae": "x"}"#).is_err());
        assert!(serde_json::from_str::<Fields>(r#"{"nmae": "x"}"#).is_err());
        assert!(serde_json::from_str::<Patch>("{}").unwrap().is_empty());
    }
}
