//! `crm`: the CRM in one binary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use crm_core::time::SystemClock;
use crm_server::Config;

/// Caps glibc's allocator at one arena per core (at least two). By default glibc gives each
/// thread that allocates while others do an arena of its own, up to eight per core, and each
/// keeps what was freed in it: under load the server's memory doubled that way (184 MB against
/// 103 MB with two arenas in `make bench`, where SQLite's page caches move between threads with
/// their connections). No more threads run at once than there are cores. `MALLOC_ARENA_MAX`, when
/// set, is taken instead (more arenas: less waiting on their locks under load, more memory).
///
/// It also fixes the size from which a block is mapped on its own (and unmapped when freed) at
/// 1 MiB. glibc otherwise raises that size to each such block freed, up to 32 MiB: after the
/// first sign-in, every password hash's 19 MiB of working memory came from an arena and stayed
/// resident (62 MB idle became 84 MB after one sign-in).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn limit_malloc_arenas() {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    // The operator's own setting (`MALLOC_ARENA_MAX`) wins.
    let arenas = std::env::var("MALLOC_ARENA_MAX")
        .ok()
        .and_then(|v| v.trim().parse::<libc::c_int>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX));
    // SAFETY: `mallopt` only changes settings of glibc's allocator, which it guards itself;
    // it is called first thing in `main`, before this process has a second thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

/// The CRM server.
#[derive(Debug, Parser)]
#[command(
    name = "crm",
    version,
    about = "A fast, light CRM: API, web app and database in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the server (the default): migrate the database, create the organization on first
    /// start, serve the API and the web app.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Copy the SQLite database to FILE while the server keeps running (a consistent snapshot).
    /// On PostgreSQL use pg_dump (see the README).
    Backup(BackupArgs),
    /// Replace the SQLite database with the backup FILE. Stop the server first.
    Restore(BackupArgs),
}

#[derive(Debug, clap::Args)]
struct BackupArgs {
    /// The backup file (`crm backup` creates it and never overwrites one).
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, clap::Args)]
struct DbArgs {
    /// `postgres://user@host/db`, or a SQLite file (default: `$CRM_DATA_DIR/crm.db`).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// Where SQLite, the JWT secret and files are kept.
    #[arg(long, env = "CRM_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

#[derive(Debug, Parser)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "CRM_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// The first administrator's email (first start only).
    #[arg(long, env = "CRM_ADMIN_EMAIL")]
    admin_email: Option<String>,
    /// The first administrator's password (first start only; generated and printed when absent).
    #[arg(long, env = "CRM_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// The organization's name (first start only).
    #[arg(long, env = "CRM_ORGANIZATION_NAME", default_value = "My Organization")]
    organization_name: String,
    /// The secret that signs access tokens (at least 32 characters; generated and kept in the
    /// data directory when absent).
    #[arg(long, env = "CRM_JWT_SECRET", hide_env_values = true)]
    jwt_secret: Option<String>,
    /// Database connections in the pool.
    #[arg(long, env = "CRM_DB_POOL_SIZE", default_value_t = 8)]
    pool_size: u32,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "CRM_WORKERS")]
    workers: Option<usize>,
    /// The longest a request may take, body included, in seconds (503 beyond).
    #[arg(long, env = "CRM_REQUEST_TIMEOUT", default_value_t = 30)]
    request_timeout: u64,
    /// The largest file a note takes, in bytes (413 beyond; default 25 MiB). Files are kept
    /// under `$CRM_DATA_DIR/attachments`.
    #[arg(long, env = "CRM_ATTACHMENT_MAX_BYTES", default_value_t = crm_activities::files::DEFAULT_MAX_BYTES)]
    attachment_max_bytes: u64,
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => match ServeArgs::try_parse_from(["crm"]) {
            Ok(args) => serve(args),
            Err(e) => Err(anyhow::anyhow!(e)),
        },
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Migrate(args)) => migrate(args),
        Some(Command::Backup(args)) => backup(args, false),
        Some(Command::Restore(args)) => backup(args, true),
        Some(Command::Openapi) => {
            use std::io::Write;
            std::io::stdout()
                .write_all(crm_api::openapi::document_json().as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write the document: {e}"))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn db_config(args: DbArgs) -> Config {
    Config {
        bind: String::new(),
        database_url: args.database_url,
        data_dir: args.data_dir,
        admin_email: None,
        admin_password: None,
        organization_name: String::new(),
        jwt_secret: None,
        pool_size: 1,
        workers: None,
        request_timeout_seconds: 30,
        attachment_max_bytes: crm_activities::files::DEFAULT_MAX_BYTES,
    }
}

fn migrate(args: DbArgs) -> anyhow::Result<()> {
    let target = db_config(args).database()?;
    crm_db::conn::open(&target, 1)?;
    tracing::info!("{} is up to date", target.describe());
    Ok(())
}

fn backup(args: BackupArgs, restore: bool) -> anyhow::Result<()> {
    let path = match db_config(args.db).database()? {
        crm_db::DatabaseTarget::Sqlite(path) => path,
        crm_db::DatabaseTarget::Postgres(_) => anyhow::bail!(
            "the database is PostgreSQL: back it up with pg_dump --format=custom and restore it \
             with pg_restore (see the README)"
        ),
    };
    if restore {
        let copied = crm_db::backup::restore_sqlite(&args.file, &path)?;
        tracing::info!(
            "restored {} from {} ({} bytes)",
            path.display(),
            args.file.display(),
            copied.bytes
        );
    } else {
        let copied = crm_db::backup::backup_sqlite(&path, &args.file)?;
        tracing::info!(
            "backed up {} to {} ({} bytes)",
            path.display(),
            args.file.display(),
            copied.bytes
        );
    }
    Ok(())
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let config = Config {
        bind: args.bind,
        database_url: args.db.database_url,
        data_dir: args.db.data_dir,
        admin_email: args.admin_email,
        admin_password: args.admin_password,
        organization_name: args.organization_name,
        jwt_secret: args.jwt_secret,
        pool_size: args.pool_size,
        workers: args.workers,
        request_timeout_seconds: args.request_timeout,
        attachment_max_bytes: args.attachment_max_bytes,
    };
    actix_web::rt::System::new().block_on(async move {
        let running = crm_server::start(&config, Arc::new(SystemClock))?;
        let host = config.bind.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h);
        let host = if host == "0.0.0.0" { "127.0.0.1" } else { host };
        tracing::info!(
            "CRM is running at http://{host}:{} on the {}",
            running.port,
            running.database
        );
        let crm_server::Running { app, lock, .. } = running;
        app.run_until_stopped().await?;
        drop(lock);
        tracing::info!("stopped");
        Ok(())
    })
}
