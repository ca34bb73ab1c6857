//! Backups of a SQLite database: a consistent copy of a live database, and putting one back.
//!
//! [`backup_sqlite`] uses SQLite's online backup API in one step: it reads a snapshot of the
//! database in a read transaction, so the copy is consistent while the server goes on reading
//! and writing (in WAL mode writers are not blocked). The copy is written beside the target under
//! a temporary name, checked, synced and only then renamed into place, so a failed backup never
//! leaves a half-written file under the name asked for.
//!
//! [`restore_sqlite`] refuses while a server uses the database (servers hold a shared lock on
//! `<database>.lock`, see [`ServerLock`]), checks the backup, and copies it into the database with
//! the same API, so the database's WAL and its header stay consistent.
//!
//! PostgreSQL has its own tools (`pg_dump` / `pg_restore`); see the README.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Database pages copied.
    pub pages: i64,
    /// Their size in bytes.
    pub bytes: i64,
}

/// How long a backup waits for a lock the server holds for a moment.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Copies the live database `source` to `destination` (which must not exist yet).
pub fn backup_sqlite(source: &Path, destination: &Path) -> anyhow::Result<Copied> {
    if !source.exists() {
        bail!("there is no database at {}", source.display());
    }
    if destination.exists() {
        bail!(
            "{} exists already: choose a new file name (a backup never overwrites a file)",
            destination.display()
        );
    }
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open the database {}", source.display()))?;
    from.busy_timeout(BUSY_TIMEOUT)?;
    let partial = partial_name(destination);
    let _ = std::fs::remove_file(&partial);
    let copied = (|| -> anyhow::Result<Copied> {
        let mut to = Connection::open(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        copy_all(&from, &mut to)?;
        check_integrity(&to, &partial)?;
        // One self-contained file: no WAL beside it.
        to.pragma_update(None, "journal_mode", "DELETE")?;
        let copied = size_of(&to)?;
        drop(to);
        File::open(&partial)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot sync {}", partial.display()))?;
        Ok(copied)
    })();
    match copied {
        Ok(copied) => {
            std::fs::rename(&partial, destination).with_context(|| {
                format!("cannot move the backup into {}", destination.display())
            })?;
            sync_parent(destination);
            Ok(copied)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Replaces the database `target` with the backup `backup`. Refused while a server holds the
/// database.
pub fn restore_sqlite(backup: &Path, target: &Path) -> anyhow::Result<Copied> {
    let from = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open the backup {}", backup.display()))?;
    check_integrity(&from, backup)?;
    let is_crm: bool = from
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = '__diesel_schema_migrations'",
            [],
            |row| row.get(0),
        )
        .with_context(|| format!("{} is not a SQLite database", backup.display()))?;
    if !is_crm {
        bail!("{} is not a backup of a CRM database", backup.display());
    }
    let lock = ServerLock::exclusive(target)?;
    let mut to = Connection::open(target)
        .with_context(|| format!("cannot open the database {}", target.display()))?;
    to.busy_timeout(BUSY_TIMEOUT)?;
    copy_all(&from, &mut to)?;
    check_integrity(&to, target)?;
    let copied = size_of(&to)?;
    // Fold the WAL into the file so the database file alone holds the restored data.
    to.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    drop(to);
    drop(lock);
    Ok(copied)
}

fn copy_all(from: &Connection, to: &mut Connection) -> anyhow::Result<()> {
    let backup = rusqlite::backup::Backup::new(from, to).context("cannot start the backup")?;
    // All pages in one step: a consistent snapshot. (Copying in several steps would start over
    // whenever the server writes in between.)
    loop {
        match backup.step(-1).context("the backup failed")? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            rusqlite::backup::StepResult::More => {}
            rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn check_integrity(conn: &Connection, path: &Path) -> anyhow::Result<()> {
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .with_context(|| format!("cannot check {}", path.display()))?;
    if result != "ok" {
        bail!(
            "{} failed SQLite's integrity check: {result}",
            path.display()
        );
    }
    Ok(())
}

fn size_of(conn: &Connection) -> anyhow::Result<Copied> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0))?;
    Ok(Copied {
        pages,
        bytes: pages * page_size,
    })
}

fn partial_name(destination: &Path) -> PathBuf {
    let mut name = destination.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

/// A lock on `<database>.lock`: servers hold it shared while they run, a restore exclusively,
/// so a restore never replaces a database under a running server. The operating system releases
/// it when the process ends, however it ends.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    fn open(database: &Path) -> anyhow::Result<File> {
        let mut name = database.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))
    }

    /// Taken by a server for as long as it runs (several servers may share it).
    pub fn shared(database: &Path) -> anyhow::Result<ServerLock> {
        let file = Self::open(database)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(ServerLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "{} is being restored; start the server when the restore has finished",
                database.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", database.display()))
            }
        }
    }

    /// Taken by a restore; refused while a server runs on the database.
    pub fn exclusive(database: &Path) -> anyhow::Result<ServerLock> {
        let file = Self::open(database)?;
        match file.try_lock() {
            Ok(()) => Ok(ServerLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "a server is running on {}: stop it before restoring",
                database.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", database.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("crm-backup-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn uuid_like() -> String {
        format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        )
    }

    fn database(path: &Path, rows: i64) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch(
            "CREATE TABLE __diesel_schema_migrations (version TEXT PRIMARY KEY);
             CREATE TABLE t (n INTEGER PRIMARY KEY);",
        )
        .unwrap();
        for n in 0..rows {
            conn.execute("INSERT INTO t (n) VALUES (?1)", [n]).unwrap();
        }
    }

    fn rows(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_backup_copies_everything_and_never_overwrites() {
        let dir = temp_dir();
        let db = dir.join("crm.db");
        database(&db, 100);
        let copy = dir.join("copy.db");
        let copied = backup_sqlite(&db, &copy).unwrap();
        assert!(copied.pages > 0);
        assert_eq!(rows(&copy), 100);
        assert!(!partial_name(&copy).exists());
        let again = backup_sqlite(&db, &copy).unwrap_err().to_string();
        assert!(again.contains("never overwrites"), "{again}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_restore_puts_the_backup_back_unless_a_server_holds_the_database() {
        let dir = temp_dir();
        let db = dir.join("crm.db");
        database(&db, 10);
        let copy = dir.join("copy.db");
        backup_sqlite(&db, &copy).unwrap();
        Connection::open(&db)
            .unwrap()
            .execute("DELETE FROM t", [])
            .unwrap();
        let server = ServerLock::shared(&db).unwrap();
        let refused = restore_sqlite(&copy, &db).unwrap_err().to_string();
        assert!(refused.contains("stop it before restoring"), "{refused}");
        assert!(ServerLock::shared(&db).is_ok(), "servers share the lock");
        drop(server);
        restore_sqlite(&copy, &db).unwrap();
        assert_eq!(rows(&db), 10);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_that_is_no_crm_backup_is_refused() {
        let dir = temp_dir();
        let other = dir.join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE x (y INTEGER);")
            .unwrap();
        let refused = restore_sqlite(&other, &dir.join("crm.db"))
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("not a backup of a CRM database"),
            "{refused}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
