//! The baseline of `make bench`: the same HTTP stack as the CRM with nothing behind it. Every
//! request gets the same small JSON document, about the size of a contact. The CRM's figures are
//! reported as ratios to this server's, measured in the same run on the same machine.
//!
//! Usage: `bench-baseline [BIND]` (default `127.0.0.1:8099`); `BENCH_WORKERS` sets the worker
//! threads (default: one per core, as the CRM).

use actix_web::{App, HttpResponse, HttpServer, web};

const DOCUMENT: &str = r#"{"id":"01938f5e-8c2a-7b1e-9f00-5a1b2c3d4e5f","first_name":"Ingrid","last_name":"Halvorsen","full_name":"Ingrid Halvorsen","email":"ingrid.halvorsen@example.com","phone":"+47 22 00 00 00","city":"Oslo","country":"NO","owner_id":"01938f5e-8c2a-7b1e-9f00-5a1b2c3d4e60","version":1}"#;

async fn answer() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(DOCUMENT)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".to_owned());
    let mut server = HttpServer::new(|| App::new().default_service(web::to(answer)));
    if let Some(workers) = std::env::var("BENCH_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
    {
        server = server.workers(workers);
    }
    server.bind(bind)?.run().await
}
