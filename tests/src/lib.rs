//! The test harness: [`TestApp::spawn`] starts the real server (the same start-up path as
//! `crm serve`) on a free port with a fresh database, and [`Client`] drives it over HTTP.
//!
//! The backend comes from `CRM_TEST_BACKEND`: `sqlite` (default; a temporary file) or `postgres`
//! (a new database `crm_test_<id>` on the server named by `CRM_TEST_POSTGRES_URL`, dropped after
//! the test). `make test` runs the whole suite once per backend.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test support: failing loudly is how a broken set-up fails the test"
)]

pub mod org;
pub mod process;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Duration, Utc};
use crm_core::{Clock, Timestamp};
use diesel::{Connection, RunQueryDsl};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The administrator every test server starts with.
pub const ADMIN_EMAIL: &str = "admin@example.com";
/// Their password.
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";

/// The real time, moved by [`TestClock::advance`].
#[derive(Debug, Clone, Default)]
pub struct TestClock {
    offset: Arc<Mutex<Duration>>,
}

impl TestClock {
    /// Moves time forward.
    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        let offset = *self.offset.lock().unwrap_or_else(PoisonError::into_inner);
        Timestamp::from_utc(Utc::now() + offset)
    }
}

/// Which database the suite runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database on this server (URL of any database on it).
    Postgres(String),
}

impl Backend {
    /// The backend chosen by the environment.
    pub fn from_env() -> Backend {
        match std::env::var("CRM_TEST_BACKEND").as_deref() {
            Ok("postgres") => {
                let url = std::env::var("CRM_TEST_POSTGRES_URL")
                    .expect("CRM_TEST_BACKEND=postgres needs CRM_TEST_POSTGRES_URL");
                Backend::Postgres(url)
            }
            Ok("sqlite") | Err(_) => Backend::Sqlite,
            Ok(other) => panic!("CRM_TEST_BACKEND={other}: use sqlite or postgres"),
        }
    }
}

/// Replaces the database name of a PostgreSQL URL.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("crm-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh, migrated database on the chosen backend, removed when dropped.
pub struct TestDb {
    /// The database URL (a SQLite file path or a PostgreSQL URL).
    pub url: String,
    /// A temporary directory (the SQLite file, the server's data).
    pub dir: PathBuf,
    cleanup: Option<(String, String)>,
    _temp: TempDir,
}

impl TestDb {
    /// Creates an empty database on the backend chosen by the environment.
    pub fn create() -> TestDb {
        let temp = TempDir::new();
        let (url, cleanup) = match Backend::from_env() {
            Backend::Sqlite => (temp.0.join("crm.db").display().to_string(), None),
            Backend::Postgres(url) => {
                let name = format!("crm_test_{}", uuid::Uuid::now_v7().simple());
                // Before this process's first TLS connection, as the server does.
                crm_db::conn::keep_tls_until_exit();
                let mut admin = diesel::PgConnection::establish(&url)
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url}: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create the test database");
                (with_database(&url, &name), Some((url, name)))
            }
        };
        TestDb {
            url,
            dir: temp.0.clone(),
            cleanup,
            _temp: temp,
        }
    }

    /// Opens a migrated pool on it.
    pub fn pool(&self) -> crm_db::Pool {
        let target = crm_db::DatabaseTarget::parse(&self.url).expect("a database URL");
        crm_db::conn::open(&target, 4).expect("the test database opens")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((url, name)) = self.cleanup.take()
            && let Ok(mut admin) = diesel::PgConnection::establish(&url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

enum LockConn {
    Sqlite(diesel::SqliteConnection),
    Postgres(diesel::PgConnection),
}

/// A lock held on the test database from outside the server (see [`TestApp::hold_write_lock`]).
pub struct WriteLock(LockConn);

impl WriteLock {
    /// Lets the server's writes go on.
    pub fn release(self) {
        match self.0 {
            LockConn::Sqlite(mut conn) => {
                diesel::sql_query("ROLLBACK")
                    .execute(&mut conn)
                    .expect("release");
            }
            LockConn::Postgres(mut conn) => {
                diesel::sql_query("ROLLBACK")
                    .execute(&mut conn)
                    .expect("release");
            }
        }
    }
}

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// Moves the server's time.
    pub clock: TestClock,
    http: reqwest::Client,
    server: crm_server::ServerHandle,
    // Dropped after the server is stopped (see `Drop`).
    db: TestDb,
}

impl TestApp {
    /// Starts a server with a fresh database on the backend chosen by the environment.
    pub async fn spawn() -> TestApp {
        let db = TestDb::create();
        let clock = TestClock::default();
        let config = crm_server::Config {
            bind: "127.0.0.1:0".into(),
            database_url: Some(db.url.clone()),
            data_dir: db.dir.clone(),
            admin_email: Some(ADMIN_EMAIL.into()),
            admin_password: Some(ADMIN_PASSWORD.into()),
            organization_name: "Test Organization".into(),
            jwt_secret: None,
            pool_size: 4,
            workers: Some(1),
            request_timeout_seconds: 30,
            attachment_max_bytes: 1024 * 1024,
        };
        let running =
            crm_server::start(&config, Arc::new(clock.clone())).expect("the server starts");
        let address = format!("http://127.0.0.1:{}", running.port);
        let server = running.app.into_server();
        let handle = server.handle();
        tokio::spawn(server);
        TestApp {
            address,
            clock,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("an HTTP client"),
            server: handle,
            db,
        }
    }

    /// The server's data directory (attached files live under it).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.db.dir
    }

    /// The database the server uses.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// Holds a lock from outside the server that makes its writes to `table` wait (SQLite: the
    /// database's write lock; PostgreSQL: the table), until [`WriteLock::release`].
    pub fn hold_write_lock(&self, table: &str) -> WriteLock {
        let conn = match Backend::from_env() {
            Backend::Sqlite => {
                let mut conn = diesel::SqliteConnection::establish(&self.db.url)
                    .expect("open the test database");
                diesel::sql_query("BEGIN IMMEDIATE")
                    .execute(&mut conn)
                    .expect("take the write lock");
                LockConn::Sqlite(conn)
            }
            Backend::Postgres(_) => {
                let mut conn =
                    diesel::PgConnection::establish(&self.db.url).expect("open the test database");
                diesel::sql_query("BEGIN")
                    .execute(&mut conn)
                    .expect("begin");
                diesel::sql_query(format!("LOCK TABLE {table} IN EXCLUSIVE MODE"))
                    .execute(&mut conn)
                    .expect("lock the table");
                LockConn::Postgres(conn)
            }
        };
        WriteLock(conn)
    }

    /// A client without credentials.
    pub fn anonymous(&self) -> Client {
        Client {
            base: self.address.clone(),
            http: self.http.clone(),
            token: None,
        }
    }

    /// Signs in and returns the tokens' JSON.
    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.anonymous()
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"email": email, "password": password}),
            )
            .await
    }

    /// A client signed in as the administrator.
    pub async fn admin(&self) -> Client {
        let response = self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "admin sign-in: {}",
            response.body
        );
        let token = response.body["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned();
        Client {
            base: self.address.clone(),
            http: self.http.clone(),
            token: Some(token),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and let workers go; the database is dropped after (field order), with
        // FORCE closing any pooled connection still open.
        drop(self.server.stop(false));
    }
}

/// An HTTP client of the test server, with or without a token.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Response {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as JSON (`Null` when empty, a string when not JSON).
    pub body: Value,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// The fields of a problem's `errors`, in order.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Client {
    /// The same client with another token.
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// Sends a request with optional JSON body and extra headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut request = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("the server answers");
        read(response).await
    }

    /// Sends a raw body with a content type.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Response {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        read(request.send().await.expect("the server answers")).await
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None, &[]).await
    }

    /// POST JSON.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    /// PATCH JSON.
    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.send(Method::PATCH, path, Some(body), &[]).await
    }

    /// PUT JSON.
    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.send(Method::PUT, path, Some(body), &[]).await
    }

    /// DELETE.
    pub async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None, &[]).await
    }

    /// Creates a record and returns it, failing the test unless the answer is 201.
    pub async fn create(&self, path: &str, body: &Value) -> Value {
        let response = self.post(path, body).await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "POST {path}: {}",
            response.body
        );
        response.body
    }
}

async fn read(response: reqwest::Response) -> Response {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Response {
        status,
        headers,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
