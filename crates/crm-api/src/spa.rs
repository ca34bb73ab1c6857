//! The web app, embedded in the binary and served at `/`.
//!
//! Hashed assets (`/assets/*`) are cached for a year; everything else is revalidated. A path that
//! is no file is a client-side route and gets `index.html`. Paths under `/api/` that match no
//! route are a 404 problem, never the app.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

use crate::error::ApiError;

#[derive(RustEmbed)]
#[folder = "../../frontend/dist"]
#[allow_missing = true]
struct Assets;

/// The Content-Security-Policy the web app works under.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>CRM</title>\
    <body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">\
    <h1>The web app is not built</h1><p>The API is running at <a href=\"/api/docs/\">/api/docs</a>. \
    Build the web app with <code>make build</code> (or <code>make run</code>) and restart.</p>";

/// Serves a file of the web app, or `index.html` for client-side routes.
pub async fn serve(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(ApiError::not_found(format!(
            "no API route {} {}",
            req.method(),
            path
        )));
    }
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD
    {
        return Err(ApiError::not_found(format!(
            "no route {} {}",
            req.method(),
            path
        )));
    }
    let file_path = path.trim_start_matches('/');
    if let Some(file) = Assets::get(file_path).filter(|_| !file_path.is_empty()) {
        let cache = if file_path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let etag = format!("\"{}\"", hex_prefix(&file.metadata.sha256_hash()));
        if req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == etag)
        {
            return Ok(HttpResponse::NotModified()
                .insert_header((header::ETAG, etag))
                .finish());
        }
        return Ok(HttpResponse::Ok()
            .content_type(file.metadata.mimetype())
            .insert_header((header::CACHE_CONTROL, cache))
            .insert_header((header::ETAG, etag))
            .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
            .body(file.data.into_owned()));
    }
    if file_path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        return Err(ApiError::not_found(format!("no file {path}")));
    }
    let index = Assets::get("index.html");
    let body = index.map_or_else(|| NOT_BUILT.as_bytes().to_vec(), |f| f.data.into_owned());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .body(body))
}

fn hex_prefix(hash: &[u8; 32]) -> String {
    hash[..12].iter().map(|b| format!("{b:02x}")).collect()
}
