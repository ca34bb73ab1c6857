//! Starting the CRM: configuration from the environment, the database, the first start, the keys,
//! the HTTP server. The `crm` binary and the black-box tests both go through [`start`].

pub use actix_web::dev::ServerHandle;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use crm_api::{Application, HttpSettings};
use crm_core::Clock;
use crm_db::DatabaseTarget;
use crm_identity::bootstrap::{self, FirstStart};
use crm_identity::tokens::{self, TokenKeys};

/// The default administrator email on a first start without `CRM_ADMIN_EMAIL`.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@example.com";

/// Everything the server is configured with.
#[derive(Debug, Clone)]
pub struct Config {
    /// `CRM_BIND`: where to listen.
    pub bind: String,
    /// `DATABASE_URL`: `postgres://...`, or a SQLite file (default `$CRM_DATA_DIR/crm.db`).
    pub database_url: Option<String>,
    /// `CRM_DATA_DIR`: where SQLite, the JWT secret and files live (default `./data`).
    pub data_dir: PathBuf,
    /// `CRM_ADMIN_EMAIL`: the first administrator.
    pub admin_email: Option<String>,
    /// `CRM_ADMIN_PASSWORD`: the first administrator's password (generated when absent).
    pub admin_password: Option<String>,
    /// `CRM_ORGANIZATION_NAME`: the organization's name on first start.
    pub organization_name: String,
    /// `CRM_JWT_SECRET`: the access-token signing secret (generated and kept in the data dir when
    /// absent).
    pub jwt_secret: Option<String>,
    /// `CRM_DB_POOL_SIZE`: database connections.
    pub pool_size: u32,
    /// `CRM_WORKERS`: HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `CRM_REQUEST_TIMEOUT`: the longest a request may take, body included, in seconds.
    pub request_timeout_seconds: u64,
    /// `CRM_ATTACHMENT_MAX_BYTES`: the largest file a note takes (413 beyond).
    pub attachment_max_bytes: u64,
}

impl Config {
    /// The database this configuration points at.
    pub fn database(&self) -> anyhow::Result<DatabaseTarget> {
        match &self.database_url {
            Some(url) => DatabaseTarget::parse(url),
            None => Ok(DatabaseTarget::Sqlite(self.data_dir.join("crm.db"))),
        }
    }
}

/// A started server.
pub struct Running {
    /// The port it listens on.
    pub port: u16,
    /// The application, to run until stopped.
    pub app: Application,
    /// The database it uses (for logs).
    pub database: String,
    /// On SQLite, the lock that keeps a restore from replacing the database under this server;
    /// keep it until the server has stopped.
    pub lock: Option<crm_db::backup::ServerLock>,
}

/// Opens the database (migrating it), creates the organization on first start, loads or makes
/// the JWT secret, and binds the server.
pub fn start(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Running> {
    let target = config.database()?;
    let lock = match &target {
        DatabaseTarget::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!("cannot create the data directory {}", dir.display())
                })?;
            }
            Some(crm_db::backup::ServerLock::shared(path)?)
        }
        DatabaseTarget::Postgres(_) => None,
    };
    let pool = crm_db::conn::open(&target, config.pool_size)?;
    let keys = token_keys(config)?;

    let mut conn = pool.get().context("cannot get a database connection")?;
    let first = FirstStart {
        organization_name: config.organization_name.clone(),
        admin_email: config
            .admin_email
            .clone()
            .unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.to_owned()),
        admin_password: config.admin_password.clone(),
    };
    match bootstrap::ensure_organization(&mut conn, &first, clock.now()) {
        Ok(Some(created)) => match created.generated_password {
            Some(password) => tracing::warn!(
                "first start: created the organization and the administrator {} with the password {} \
                 (shown only this once: keep it)",
                created.admin_email,
                password
            ),
            None => tracing::info!(
                "first start: created the organization and the administrator {}",
                created.admin_email
            ),
        },
        Ok(None) => {}
        Err(crm_core::DomainError::Validation(errors)) => {
            let problems: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            bail!(
                "cannot create the first administrator: {}",
                problems.join("; ")
            );
        }
        Err(e) => return Err(anyhow::anyhow!(e).context("cannot create the organization")),
    }
    drop(conn);

    let files =
        crm_activities::files::FileStore::new(&config.data_dir, config.attachment_max_bytes);
    let state = crm_api::app_state(pool, clock, keys, files);
    let app = Application::build(
        state,
        &HttpSettings {
            bind: config.bind.clone(),
            workers: config.workers,
            request_timeout: std::time::Duration::from_secs(config.request_timeout_seconds.max(1)),
            // One per pooled connection, and as many again for work that needs none: an
            // attachment being synced to disk or read back. More would only wait for a connection.
            blocking_threads: Some(2 * config.pool_size.max(1) as usize),
        },
    )?;
    Ok(Running {
        port: app.port(),
        app,
        database: target.describe(),
        lock,
    })
}

fn token_keys(config: &Config) -> anyhow::Result<TokenKeys> {
    let secret = match &config.jwt_secret {
        Some(secret) => {
            if secret.len() < 32 {
                bail!("CRM_JWT_SECRET must be at least 32 characters");
            }
            secret.as_bytes().to_vec()
        }
        None => secret_from_data_dir(&config.data_dir)?,
    };
    TokenKeys::from_secret(&secret).map_err(|e| anyhow::anyhow!(e))
}

/// Reads the JWT secret kept in the data directory, creating it (readable by the owner only) on
/// first use.
fn secret_from_data_dir(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("jwt-secret");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let secret = hex::decode(text.trim()).with_context(|| {
                format!(
                    "{} is not a hex secret; delete it to make a new one",
                    path.display()
                )
            })?;
            if secret.len() < 32 {
                bail!(
                    "{} holds fewer than 32 bytes; delete it to make a new one",
                    path.display()
                );
            }
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).with_context(|| {
                format!("cannot create the data directory {}", data_dir.display())
            })?;
            let secret = tokens::random_secret().map_err(|e| anyhow::anyhow!(e))?;
            write_private(&path, &hex::encode(secret))?;
            tracing::info!("generated a JWT secret in {}", path.display());
            Ok(secret.to_vec())
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))
}
