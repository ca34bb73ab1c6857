//! The CRM's HTTP layer.
//!
//! actix-web routes under `/api/v1` (one module per resource in [`routes`]), the extractors that
//! authenticate callers and parse bodies and queries ([`extract`]), problem details for every
//! error ([`error`]), the OpenAPI document built from the same route registrations
//! ([`openapi`]), the offline docs UI at `/api/docs`, and the embedded web app at `/` ([`spa`]).
//! [`Application`] binds a server; the `crm` binary and the black-box tests both start it.

pub mod docs;
pub mod error;
pub mod extract;
pub mod limit;
pub mod methods;
pub mod openapi;
pub mod respond;
pub mod routes;
pub mod spa;
pub mod state;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, Next, from_fn};
use actix_web::web::{self, Data};
use actix_web::{App, HttpResponse, HttpServer};
use anyhow::Context;
use crm_identity::principal::PrincipalCache;
use utoipa_swagger_ui::{Config, SwaggerUi};

pub use state::AppState;

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
}

/// How the HTTP server is run.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// `host:port` to listen on (`127.0.0.1:0` picks a free port).
    pub bind: String,
    /// Worker threads (default: one per core).
    pub workers: Option<usize>,
    /// The longest a request may take, body included (503 beyond).
    pub request_timeout: Duration,
    /// Threads of all workers together for units of work on the database (`None`: actix's
    /// default, 512). More threads than pooled connections only wait for one, each with its own
    /// stack and allocator state.
    pub blocking_threads: Option<usize>,
}

impl Application {
    /// Binds the listener and prepares the server.
    pub fn build(state: AppState, settings: &HttpSettings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener
            .local_addr()
            .context("the listener has no address")?
            .port();
        let state = Data::new(state);
        let timeout = Data::new(RequestTimeout(settings.request_timeout));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(timeout.clone())
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("X-Frame-Options", "DENY")),
                )
                .wrap(Compress::default())
                .wrap(from_fn(edge))
                .service(web::scope("/api/v1").configure(routes::configure))
                .configure(routes::health::configure)
                .route("/api/openapi.json", web::get().to(openapi_json))
                .route(
                    "/api/docs",
                    web::get().to(|| async {
                        HttpResponse::PermanentRedirect()
                            .insert_header(("Location", "/api/docs/"))
                            .finish()
                    }),
                )
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}").config(Config::new(["/api/openapi.json"])),
                )
                .default_service(web::to(spa::serve))
        })
        .client_request_timeout(Duration::from_secs(30))
        .client_disconnect_timeout(Duration::from_secs(5))
        .keep_alive(Duration::from_secs(75))
        .shutdown_timeout(30);
        let workers = settings
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        server = server.workers(workers);
        if let Some(threads) = settings.blocking_threads {
            // Each worker has its own pool of blocking threads.
            server = server.worker_max_blocking_threads(threads.div_ceil(workers).max(1));
        }
        let server = server.listen(listener)?.run();
        Ok(Application { port, server })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until the server is stopped (SIGINT/SIGTERM stop it gracefully).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// The server, to run it in the background or stop it.
    pub fn into_server(self) -> Server {
        self.server
    }
}

/// How long a resolved caller is reused when nothing in the organization changed on this server.
const PRINCIPAL_TTL_SECONDS: i64 = 10;
/// How many callers are kept resolved.
const PRINCIPAL_CACHE_CAPACITY: usize = 10_000;

/// Paths whose writes change who may do what (users, teams, roles, units, keys, the caller).
const ORGANIZATION_PATHS: [&str; 6] = [
    "/api/v1/users",
    "/api/v1/teams",
    "/api/v1/roles",
    "/api/v1/business-units",
    "/api/v1/api-keys",
    "/api/v1/me",
];

/// The longest a request may take, body included: a client that sends its body slowly, or a
/// request stuck behind a lock, is answered 503 instead of holding a worker's connection.
#[derive(Debug, Clone, Copy)]
struct RequestTimeout(Duration);

/// The time an import of a file (`POST /api/v1/leads/import`) may take.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// What every request goes through before its route, in one middleware (each layer of
/// middleware costs a boxed future per request):
/// - the access log (target `crm::http`, at `info`), written only when that level is on;
/// - a URL holding `%00` is refused (400), and a documented path called with a method it does
///   not have is answered `405` with `Allow`, before any route, so that
///   `PATCH /business-units/tree` is not taken for `PATCH /business-units/{id}`;
/// - the time limit ([`RequestTimeout`]; 503 beyond);
/// - after a write to the organization (users, teams, roles, units, keys), cached principals are
///   forgotten, so that the change holds from the next request on.
async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    let log =
        tracing::enabled!(target: "crm::http", tracing::Level::INFO).then(|| AccessLog::of(&req));
    let response = match refusal(&req) {
        Some(error) => Ok(req
            .into_response(actix_web::ResponseError::error_response(&error))
            .map_into_right_body()),
        None => guarded(req, next)
            .await
            .map(ServiceResponse::map_into_left_body),
    };
    if let Some(log) = log {
        log.write(&response);
    }
    response
}

/// Why a request is refused before its route: a NUL in its URL, or a method its documented path
/// does not have.
fn refusal(req: &ServiceRequest) -> Option<error::ApiError> {
    if has_nul(req.uri().path()) || req.uri().query().is_some_and(has_nul) {
        // PostgreSQL cannot store NUL in text, and no field of the API has a use for it.
        return Some(error::ApiError::bad_request(
            "the URL holds a NUL character (%00), which no value may",
        ));
    }
    let state = req.app_data::<Data<AppState>>()?;
    let allowed = state.route_methods.allowed(req.path())?;
    (!allowed.contains(&req.method().as_str()))
        .then(|| error::ApiError::method_not_allowed(req.method().as_str(), req.path(), allowed))
}

/// Runs the request within its time limit, and forgets cached principals after a write to the
/// organization.
async fn guarded<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let changes_organization =
        !req.method().is_safe() && ORGANIZATION_PATHS.iter().any(|p| req.path().starts_with(p));
    let state = changes_organization
        .then(|| req.app_data::<Data<AppState>>().cloned())
        .flatten();
    let limit = if req.path() == routes::leads::IMPORT_PATH {
        // A lead list of a million lines takes minutes to send and read.
        IMPORT_TIMEOUT
    } else {
        req.app_data::<Data<RequestTimeout>>()
            .map_or(Duration::from_secs(30), |t| t.0)
    };
    let response = match actix_web::rt::time::timeout(limit, next.call(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request took longer than {limit:?} and was stopped");
            // Answered as a problem by ApiError's ResponseError (the access log has the path).
            Err(error::ApiError::unavailable(format!(
                "the request took longer than {} seconds and was stopped",
                limit.as_secs()
            ))
            .into())
        }
    };
    if let Some(state) = state {
        state.principals.invalidate();
    }
    response
}

/// A line of the access log: `address "METHOD path HTTP/1.1" status bytes milliseconds`.
struct AccessLog {
    started: std::time::Instant,
    peer: String,
    request: String,
}

impl AccessLog {
    fn of(req: &ServiceRequest) -> Self {
        let uri = req.uri();
        AccessLog {
            started: std::time::Instant::now(),
            peer: req
                .peer_addr()
                .map_or_else(|| "-".to_owned(), |a| a.ip().to_string()),
            request: format!(
                "{} {} {:?}",
                req.method(),
                uri.path_and_query().map_or(uri.path(), |p| p.as_str()),
                req.version()
            ),
        }
    }

    fn write<B: MessageBody>(self, response: &Result<ServiceResponse<B>, actix_web::Error>) {
        let (status, size) = match response {
            Ok(r) => (
                r.status(),
                match r.response().body().size() {
                    actix_web::body::BodySize::Sized(n) => n.to_string(),
                    _ => "-".to_owned(),
                },
            ),
            Err(e) => (e.as_response_error().status_code(), "-".to_owned()),
        };
        tracing::info!(
            target: "crm::http",
            "{} \"{}\" {} {} {:.3}ms",
            self.peer,
            self.request,
            status.as_u16(),
            size,
            self.started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Whether percent-encoded text holds `%00`.
fn has_nul(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

async fn openapi_json(state: Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(state.openapi_json.as_str().to_owned())
}

/// The state of a server over a pool, with the document it serves.
pub fn app_state(
    pool: crm_db::Pool,
    clock: Arc<dyn crm_core::Clock>,
    keys: crm_identity::tokens::TokenKeys,
    files: crm_activities::files::FileStore,
) -> AppState {
    AppState {
        files: Arc::new(files),
        pool,
        clock,
        keys,
        openapi_json: Arc::new(openapi::document_json()),
        idempotency_in_flight: Arc::default(),
        route_methods: Arc::new(methods::RouteMethods::from_document(&openapi::document())),
        login_limiter: Arc::new(limit::LoginLimiter::default()),
        principals: Arc::new(PrincipalCache::new(
            chrono::Duration::seconds(PRINCIPAL_TTL_SECONDS),
            PRINCIPAL_CACHE_CAPACITY,
        )),
    }
}
