//! Which methods each documented path answers, for `405 Method Not Allowed` with an `Allow`
//! header when a known path is called with a method it does not have.
//!
//! The table is read from the OpenAPI document, which is assembled from the same registrations
//! that build the routes, so the `Allow` header and the document cannot disagree.

use std::collections::HashMap;

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
    /// The templates by their number of segments: a path is compared with the few templates
    /// that can match it, not with every one (this runs for every request).
    by_length: HashMap<usize, Bucket>,
}

/// Templates of one length (indexes into `templates`, in order), by their segment at
/// [`KEY_SEGMENT`].
#[derive(Debug, Clone, Default)]
struct Bucket {
    /// Those with a literal there.
    literal: HashMap<String, Vec<usize>>,
    /// Those with a parameter there, or too short to have one.
    other: Vec<usize>,
}

/// The segment that sorts templates apart: `api/v1/<resource>/...`.
const KEY_SEGMENT: usize = 2;

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
            .collect::<Vec<_>>();
        let mut by_length: HashMap<usize, Bucket> = HashMap::new();
        for (i, t) in templates.iter().enumerate() {
            let bucket = by_length.entry(t.segments.len()).or_default();
            match t.segments.get(KEY_SEGMENT).cloned().flatten() {
                Some(literal) => bucket.literal.entry(literal).or_default().push(i),
                None => bucket.other.push(i),
            }
        }
        RouteMethods {
            templates,
            by_length,
        }
    }

    /// The methods a path answers, or `None` when no documented path matches it. Where a literal
    /// segment and a parameter both match (`/business-units/tree` and `/business-units/{id}`),
    /// the template with more literal segments wins, as in the router.
    pub fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        let path = path.trim_start_matches('/');
        let bucket = self.by_length.get(&path.split('/').count())?;
        let literal = path
            .split('/')
            .nth(KEY_SEGMENT)
            .and_then(|k| bucket.literal.get(k));
        literal
            .into_iter()
            .flatten()
            .chain(&bucket.other)
            .copied()
            .filter(|&i| {
                self.templates[i]
                    .segments
                    .iter()
                    .zip(path.split('/'))
                    .all(|(s, p)| match s {
                        Some(literal) => literal == p,
                        None => !p.is_empty(),
                    })
            })
            // The most literal segments win; among equals the last documented, as before.
            .max_by_key(|&i| {
                let literals = self.templates[i]
                    .segments
                    .iter()
                    .filter(|s| s.is_some())
                    .count();
                (literals, i)
            })
            .map(|i| self.templates[i].methods.as_slice())
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

    /// What `allowed` answered when it compared a path with every template.
    fn scan<'a>(table: &'a RouteMethods, path: &str) -> Option<&'a [&'static str]> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        table
            .templates
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

    #[test]
    fn the_lookup_by_length_and_resource_answers_as_a_scan_of_every_template() {
        let table = RouteMethods::from_document(&crate::openapi::document());
        let mut paths = vec![
            "/".to_owned(),
            "/api".to_owned(),
            "/api/v1".to_owned(),
            "/api/v1/".to_owned(),
            "//api/v1/accounts".to_owned(),
            "/api/v1/accounts//history".to_owned(),
        ];
        for t in &table.templates {
            let filled: Vec<&str> = t
                .segments
                .iter()
                .map(|s| {
                    s.as_deref()
                        .unwrap_or("0190b1d2-0000-7000-8000-000000000000")
                })
                .collect();
            paths.push(format!("/{}", filled.join("/")));
            for i in 0..filled.len() {
                let mut other = filled.clone();
                other[i] = "tree";
                paths.push(format!("/{}", other.join("/")));
                other[i] = "";
                paths.push(format!("/{}", other.join("/")));
            }
            paths.push(format!("/{}/extra", filled.join("/")));
        }
        for path in &paths {
            assert_eq!(table.allowed(path), scan(&table, path), "{path}");
        }
        assert!(paths.len() > 3 * table.templates.len());
    }
}
