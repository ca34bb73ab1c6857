//! Pieces of the OpenAPI document generated from the same declarations the code uses: collection
//! parameters from each resource's [`ListSpec`], and the error responses each kind of operation
//! can give.

use std::collections::BTreeMap;

use crm_core::list::{FieldKind, FilterOp, ListSpec, MAX_LIMIT, MAX_SEARCH_LEN};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};

/// No text of the API may hold a NUL character (PostgreSQL cannot store one).
pub const NO_NUL: &str = r"^[^\x00]*$";

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn query(
    name: impl Into<String>,
    description: impl Into<String>,
    schema: impl Into<RefOr<Schema>>,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn value_schema(kind: FieldKind) -> ObjectBuilder {
    match kind {
        FieldKind::Text => string().pattern(Some(NO_NUL)),
        FieldKind::Id => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
        FieldKind::Timestamp => {
            string().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        }
        FieldKind::Date => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        FieldKind::Bool => ObjectBuilder::new().schema_type(Type::Boolean),
        FieldKind::Integer => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
        FieldKind::Choice(words) => string().enum_values(Some(words.iter().copied())),
    }
}

/// `field[in]=a,b,c`: a comma-separated list (OpenAPI's `form` style, not exploded).
fn in_list(name: &str, kind: FieldKind) -> Parameter {
    let item = match kind {
        // A comma separates values, so a text value cannot hold one.
        FieldKind::Text => string().pattern(Some(r"^[^,\x00]*$")),
        other => value_schema(other),
    };
    let schema = ArrayBuilder::new()
        .items(item)
        .min_items(Some(1))
        .max_items(Some(MAX_LIMIT as usize));
    let mut parameter = query(
        format!("{name}[in]"),
        format!(
            "Only records whose {name} is one of these (comma-separated, at most {MAX_LIMIT})."
        ),
        schema,
    );
    parameter.style = Some(ParameterStyle::Form);
    parameter.explode = Some(false);
    parameter
}

/// The parameters of a collection: paging, sort, search, count, and every filter of the spec.
pub fn list_parameters(spec: &ListSpec) -> Vec<Parameter> {
    let mut params = vec![
        query(
            "limit",
            format!("Records per page, 1 to {MAX_LIMIT} (default 50)."),
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(MAX_LIMIT)),
        ),
        query(
            "cursor",
            "The `next_cursor` of the previous page (empty: the first page).",
            string().pattern(Some("^[A-Za-z0-9_-]*$")),
        ),
        query(
            "sort",
            format!(
                "Order by a field, `-` for descending (default `{}`).",
                spec.default_sort.to_param()
            ),
            string().enum_values(Some(spec.sort_values())),
        ),
    ];
    if !spec.search_fields.is_empty() {
        params.push(query(
            "q",
            format!(
                "Case-insensitive search in {}.",
                spec.search_fields.join(", ")
            ),
            string()
                .max_length(Some(MAX_SEARCH_LEN))
                .pattern(Some(NO_NUL)),
        ));
    }
    params.push(query(
        "count",
        "`true` adds `total`, the number of all matching records.",
        ObjectBuilder::new().schema_type(Type::Boolean),
    ));
    for field in spec.fields.iter().filter(|f| f.filterable) {
        for op in field.operators() {
            let (name, description, schema) = match op {
                FilterOp::Eq => (
                    field.name.to_owned(),
                    format!("Only records whose {} equals this.", field.name),
                    value_schema(field.kind),
                ),
                FilterOp::In => {
                    params.push(in_list(field.name, field.kind));
                    continue;
                }
                FilterOp::Null => (
                    format!("{}[null]", field.name),
                    format!(
                        "`true`: only records without {0}; `false`: only those with {0}.",
                        field.name
                    ),
                    ObjectBuilder::new().schema_type(Type::Boolean),
                ),
                range => (
                    format!("{}[{}]", field.name, range.as_str()),
                    format!(
                        "Only records whose {} is {} this.",
                        field.name,
                        match range {
                            FilterOp::Gt => "greater than",
                            FilterOp::Gte => "greater than or equal to",
                            FilterOp::Lt => "less than",
                            _ => "less than or equal to",
                        }
                    ),
                    value_schema(field.kind),
                ),
            };
            params.push(query(name, description, schema));
        }
    }
    params
}

/// Declares a marker type whose OpenAPI parameters are a resource's collection parameters.
#[macro_export]
macro_rules! list_params {
    ($name:ident, $spec:expr) => {
        /// The collection parameters of this resource (generated from its list spec).
        pub struct $name;

        impl utoipa::IntoParams for $name {
            fn into_params(
                _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
            ) -> Vec<utoipa::openapi::path::Parameter> {
                $crate::docs::list_parameters(&$spec)
            }
        }
    };
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .into()
}

fn responses(codes: &[(&str, &str)]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    codes
        .iter()
        .map(|(code, description)| ((*code).to_owned(), problem(description)))
        .collect()
}

const BAD_REQUEST: (&str, &str) = ("400", "Malformed request: bad JSON, query or header.");
const UNAUTHENTICATED: (&str, &str) = ("401", "No or bad credentials.");
const FORBIDDEN: (&str, &str) = ("403", "The caller lacks the privilege for this action.");
const NOT_FOUND: (&str, &str) = ("404", "No such record, or one the caller may not read.");
const CONFLICT: (&str, &str) = (
    "409",
    "A unique value is taken, or the state does not allow it.",
);
const PRECONDITION: (&str, &str) = ("412", "If-Match names a version that is no longer current.");
const TOO_LARGE: (&str, &str) = ("413", "The body is too large.");
const MEDIA_TYPE: (&str, &str) = ("415", "The body is not JSON.");
const INVALID: (&str, &str) = ("422", "Validation failed; every failing field is listed.");

macro_rules! error_set {
    ($(#[$meta:meta])* $name:ident: $($code:expr),*) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
                responses(&[$($code),*])
            }
        }
    };
}

error_set!(
    /// Errors of a collection read.
    ListErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN
);
error_set!(
    /// Errors of a sub-collection or history read.
    SubListErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND
);
error_set!(
    /// Errors of a report: a malformed parameter, or a period that does not run forward or is too
    /// long (422 on `to`).
    ReportErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, INVALID
);
error_set!(
    /// Errors of a single-record read.
    ReadErrors: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND
);
error_set!(
    /// Errors of a creation.
    CreateErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, CONFLICT, TOO_LARGE, MEDIA_TYPE, INVALID
);
error_set!(
    /// Errors of a change to an existing record.
    UpdateErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION, TOO_LARGE, MEDIA_TYPE, INVALID
);
error_set!(
    /// Errors of a deletion.
    DeleteErrors: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION
);
error_set!(
    /// Errors of signing in or refreshing.
    SignInErrors: BAD_REQUEST, UNAUTHENTICATED, TOO_LARGE, MEDIA_TYPE, INVALID
);
error_set!(
    /// Errors of a call that only needs a caller.
    CallerErrors: UNAUTHENTICATED
);
