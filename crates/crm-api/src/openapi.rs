//! The OpenAPI document, assembled from the same registrations that build the routes.

use actix_web::App;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_actix_web::AppExt;

use crate::error::Problem;
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM API",
        description = "The CRM's public REST API. The web app uses nothing else.\n\n\
            Sign in at `/api/v1/auth/login` and send `Authorization: Bearer <access_token>`. \
            Collections page with cursors (`limit`, `cursor`), sort with `sort=field` or `sort=-field`, \
            search with `q`, filter with `field=value` and `field[op]=value` (`in`, `gt`, `gte`, `lt`, `lte`, `null`); \
            an unknown filter is a 400. Every record has a `version`, returned as its `ETag`; send it back in \
            `If-Match` to refuse a stale write with 412. Errors are RFC 9457 problem details \
            (`application/problem+json`); a 422 lists every failing field. Money is a decimal string next to an \
            ISO 4217 `currency`; times are RFC 3339 in UTC."
    ),
    components(schemas(Problem, crm_core::FieldError, routes::changes::FeedEntity)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Signing in and out, tokens, the caller."),
        (name = "accounts", description = "Companies, with child accounts under a parent."),
        (name = "contacts", description = "People, usually at an account."),
        (name = "leads", description = "People and companies who showed interest, worked until qualified or disqualified."),
        (name = "opportunities", description = "Potential sales through the sales process, the stages of that process, competitors."),
        (name = "activities", description = "Tasks, phone calls, appointments and emails regarding a record; the timelines of records."),
        (name = "notes", description = "Notes on records and the files attached to them."),
        (name = "email-templates", description = "Reusable emails with placeholders filled from a record."),
        (name = "cases", description = "Customers' requests for service: routing, assignment, escalation, resolution, deadlines."),
        (name = "queues", description = "Queues cases wait in, with their members and figures, and the rules that route cases to them."),
        (name = "service-levels", description = "First-response and resolution targets by priority."),
        (name = "contracts", description = "Service plans and customers' contracts, with the allotment cases draw down."),
        (name = "knowledge", description = "The knowledge base: article templates, articles in versions with their approval, comments, ranked search, and the articles that answer cases."),
        (name = "reports", description = "How the service desk is doing."),
        (name = "picklists", description = "The editable choices of fields (a lead's rating, source, ...)."),
        (name = "changes", description = "The change feed: every write, in order."),
        (name = "organization", description = "Business units, users, teams, roles, API keys, the security log."),
        (name = "health", description = "Liveness and readiness."),
    )
)]
struct BaseDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document of every route.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(BaseDoc::openapi())
        // Closures: the registering functions are generic over where they register, and the
        // document's registry is borrowed for a lifetime of its own.
        .service(utoipa_actix_web::scope("/api/v1").configure(|cfg| routes::configure(cfg)))
        .configure(|cfg| routes::health::configure(cfg))
        .split_for_parts();
    let mut doc = doc;
    exact_header_schemas(&mut doc);
    doc
}

/// The largest version number `If-Match` accepts (versions are 64-bit; 18 digits always fit).
const IF_MATCH_PATTERN: &str = r#"^(\*|"[1-9][0-9]{0,17}"|[1-9][0-9]{0,17})$"#;
/// Visible ASCII, no leading or trailing space, 1 to 255 characters.
const IDEMPOTENCY_KEY_PATTERN: &str = r"^[!-~]([ -~]{0,253}[!-~])?$";

/// States exactly what the `If-Match` and `Idempotency-Key` headers accept (the derive can only
/// say "a string"), so that clients and fuzzers know which values are valid.
fn exact_header_schemas(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{RefOr, Schema};
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else {
                    continue;
                };
                if parameter.parameter_in != utoipa::openapi::path::ParameterIn::Header {
                    continue;
                }
                let schema = match parameter.name.as_str() {
                    "If-Match" => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(IF_MATCH_PATTERN))
                        .examples(["\"1\""]),
                    "Idempotency-Key" => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(crate::extract::MAX_IDEMPOTENCY_KEY))
                        .pattern(Some(IDEMPOTENCY_KEY_PATTERN)),
                    _ => continue,
                };
                parameter.schema = Some(RefOr::T(Schema::Object(schema.build())));
            }
        }
    }
}

/// The document as served at `/api/openapi.json` and committed as `openapi/crm.json`.
pub fn document_json() -> String {
    let mut json = serde_json::to_value(document())
        .map(|mut doc| {
            tighten_request_schemas(&mut doc);
            doc
        })
        .and_then(|doc| serde_json::to_string_pretty(&doc))
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "the OpenAPI document does not serialize");
            String::from("{}")
        });
    json.push('\n');
    json
}

/// Says in the schemas what the services check of required fields, which the derive cannot
/// express: in Rust every field of a body is optional, so that a missing one is reported with all
/// the others (422) rather than as a parse error. A required field is therefore never `null` and
/// never blank, in a creation and in the matching patch (`XPatch` of `XFields` or `NewX`), where
/// sending it is optional but clearing it is refused.
fn tighten_request_schemas(doc: &mut serde_json::Value) {
    use serde_json::Value;
    let synthesized = patch_bodies_require_nothing(doc);
    // Only the schemas of request bodies: a response may hold an empty text.
    let request_schemas: Vec<String> = doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.pointer("/requestBody/content/application~1json/schema/$ref"))
        .filter_map(Value::as_str)
        .filter_map(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
        .collect();
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let required_of = |schema: &Value| -> Vec<String> {
        schema["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut work: Vec<(String, Vec<String>)> = Vec::new();
    for (name, schema) in schemas.iter() {
        if !request_schemas.contains(name) {
            continue;
        }
        let required = required_of(schema);
        if required.is_empty() {
            continue;
        }
        if let Some(base) = name.strip_suffix("Fields")
            && !synthesized.contains(&format!("{base}Patch"))
        {
            work.push((format!("{base}Patch"), required.clone()));
        }
        if let Some(base) = name.strip_prefix("New") {
            work.push((format!("{base}Patch"), required.clone()));
        }
        work.push((name.clone(), required));
    }
    // No text may hold a NUL character (PostgreSQL cannot store one): every plain text of a
    // request body says so. Required texts also need one visible character (below).
    for name in request_schemas.iter().map(String::as_str).chain(["Secret"]) {
        let Some(schema) = schemas.get_mut(name) else {
            continue;
        };
        if schema.get("properties").is_none() {
            no_nul(schema);
            continue;
        }
        if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            properties.values_mut().for_each(no_nul);
        }
    }
    for (name, required) in work {
        let Some(properties) = schemas
            .get_mut(&name)
            .and_then(|s| s.get_mut("properties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for field in required {
            if NULL_KEPT_IN_PATCH.contains(&(name.as_str(), field.as_str())) {
                continue;
            }
            if let Some(property) = properties.get_mut(&field) {
                not_null_not_blank(property);
            }
        }
    }
}

/// A PATCH sends only the fields it changes: where its body is documented with the creation's
/// schema (`XFields`, whose fields a creation requires), it gets `XPatch`, the same schema with
/// nothing required. Those services read a field sent as null or blank as one not sent (it
/// stays as it is), so the schema allows both. Returns the schemas it made.
fn patch_bodies_require_nothing(doc: &mut serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let mut renames: Vec<(String, String)> = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(reference) =
                item.pointer_mut("/patch/requestBody/content/application~1json/schema/$ref")
            else {
                continue;
            };
            let Some(name) = reference
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|n| n.strip_suffix("Fields"))
                .map(str::to_owned)
            else {
                continue;
            };
            let patch = format!("{name}Patch");
            *reference = Value::from(format!("#/components/schemas/{patch}"));
            renames.push((format!("{name}Fields"), patch));
        }
    }
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Vec::new();
    };
    let mut made = Vec::new();
    for (fields, patch) in renames {
        if schemas.contains_key(&patch) {
            continue;
        }
        if let Some(mut copy) = schemas.get(&fields).cloned() {
            if let Some(object) = copy.as_object_mut() {
                object.remove("required");
                object.insert(
                    "description".into(),
                    Value::from(
                        "The fields to change; those not sent (or sent null or blank) stay as they are.",
                    ),
                );
            }
            schemas.insert(patch.clone(), copy);
            made.push(patch);
        }
    }
    made
}

/// Adds "no NUL character" to a text schema that has no pattern, format or choices of its own
/// (`format: password` texts included).
fn no_nul(property: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(object) = property.as_object_mut() else {
        return;
    };
    let is_text = match object.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let free = !object.contains_key("pattern")
        && !object.contains_key("enum")
        && object.get("format").is_none_or(|f| f == "password");
    if is_text && free {
        object.insert("pattern".into(), Value::from(crate::docs::NO_NUL));
    }
}

/// Required when creating, but `null` where the record has none: the organization (the top
/// business unit) has no parent.
const NULL_KEPT_IN_PATCH: &[(&str, &str)] = &[("BusinessUnitPatch", "parent_id")];

fn not_null_not_blank(property: &mut serde_json::Value) {
    use serde_json::Value;
    // `Option<Id>` is `oneOf: [{$ref}, {type: null}]`: keep the reference.
    if let Some(one_of) = property.get("oneOf").and_then(Value::as_array) {
        let kept: Vec<Value> = one_of
            .iter()
            .filter(|v| v.get("type") != Some(&Value::from("null")))
            .cloned()
            .collect();
        if kept.len() == 1 {
            let mut only = kept.into_iter().next().unwrap_or_default();
            if let (Some(only), Some(description)) =
                (only.as_object_mut(), property.get("description"))
            {
                only.entry("description")
                    .or_insert_with(|| description.clone());
            }
            *property = only;
        }
        return;
    }
    let Some(object) = property.as_object_mut() else {
        return;
    };
    if let Some(types) = object.get("type").and_then(Value::as_array) {
        let kept: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        let kept = match <[Value; 1]>::try_from(kept) {
            Ok([one]) => one,
            Err(many) => Value::Array(many),
        };
        object.insert("type".into(), kept);
    }
    let is_plain_string = object.get("type").and_then(Value::as_str) == Some("string")
        && !object.contains_key("format")
        && !object.contains_key("enum");
    if is_plain_string {
        object.entry("minLength").or_insert(Value::from(1));
        // Blank text counts as missing: at least one character that is not white space.
        let own_pattern = object
            .get("pattern")
            .is_some_and(|p| p != crate::docs::NO_NUL);
        if !own_pattern {
            object.insert(
                "pattern".into(),
                Value::from(r"^[^\x00]*[^\s\x00][^\x00]*$"),
            );
        }
    }
}
