//! Which methods each documented path answers, for `405 Method Not Allowed` with an `Allow`
//! header when a known path is called with a method it does not have.
//!
//! The table is read from the OpenAPI document, which is assembled from the same registrations
//! that build the routes, so the `Allow` header and the document cannot disagree.

use utoipa::openapi::OpenApi;
use utoipa::openapi::path::HttpMethod;

/// A documented path template, split into segments (`None` stands for a `{param}`).
#[derive(Debug, Clone)]
struct Template {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

/// The documented methods of every path.
#[derive(Debug, Clone, Default)]
pub struct RouteMethods {
    templates: Vec<Template>,
}

/// Methods in the order an `Allow` header lists them.
const ORDER: [(HttpMethod, &str); 8] = [
    (HttpMethod::Get, "GET"),
    (HttpMethod::Head, "HEAD"),
    (HttpMethod::Post, "POST"),
    (HttpMethod::Put, "PUT"),
    (HttpMethod::Patch, "PATCH"),
    (HttpMethod::Delete, "DELETE"),
    (HttpMethod::Options, "OPTIONS"),
    (HttpMethod::Trace, "TRACE"),
];

impl RouteMethods {
    /// Reads the paths and their operations from a document.
    pub fn from_document(doc: &OpenApi) -> Self {
        let templates = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                    .collect();
                let methods = ORDER
                    .iter()
                    .filter(|(method, _)| {
                        let op = match method {
                            HttpMethod::Get => &item.get,
                            HttpMethod::Head => &item.head,
                            HttpMethod::Post => &item.post,
                            HttpMethod::Put => &item.put,
                            HttpMethod::Patch => &item.patch,
                            HttpMethod::Delete => &item.delete,
                            HttpMethod::Options => &item.options,
                            HttpMethod::Trace => &item.trace,
                        };
                        op.is_some()
                    })
                    .map(|(_, name)| *name)
                    .collect();
                Template { segments, methods }
            })
            .collect();
        RouteMethods { templates }
    }

    /// The methods a path answers, or `None` when no documented path matches it. Where a literal
    /// segment and a parameter both match (`/business-units/tree` and `/business-units/{id}`),
    /// the template with more literal segments wins, as in the router.
    pub fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.templates
            .iter()
            .filter(|t| {
                t.segments.len() == parts.len()
                    && t.segments.iter().zip(&parts).all(|(s, p)| match s {
                        Some(literal) => literal == p,
                        None => !p.is_empty(),
                    })
            })
            .max_by_key(|t| t.segments.iter().filter(|s| s.is_some()).count())
            .map(|t| t.methods.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_list_their_methods_and_literals_win_over_parameters() {
        let table = RouteMethods::from_document(&crate::openapi::document());
        assert_eq!(
            table.allowed("/api/v1/accounts"),
            Some(&["GET", "POST"][..])
        );
        assert_eq!(
            table.allowed("/api/v1/accounts/0190b1d2-0000-7000-8000-000000000000"),
            Some(&["GET", "PATCH", "DELETE"][..])
        );
        assert_eq!(
            table.allowed("/api/v1/business-units/tree"),
            Some(&["GET"][..])
        );
        assert_eq!(table.allowed("/healthz"), Some(&["GET"][..]));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
        assert_eq!(table.allowed("/api/v1/accounts/"), None);
    }
}
