//! SQLite writes: one writer connection per database file, and group commit.
//!
//! **Group commit.** SQLite's `synchronous=FULL` syncs the write-ahead log inside each commit,
//! while the commit holds the only write lock: writers then take turns at the disk's flush
//! latency (about 0.8 ms here), whatever their own work costs. Connections run with
//! `synchronous=NORMAL` instead, which is FULL without that one sync (the WAL is still synced
//! before every checkpoint, the database after it, and the WAL header when the log restarts), and
//! [`write`] adds the sync back after the commit, outside the write lock: the next writer works
//! while this one waits for the disk, and one flush covers every commit that reached the log
//! before it started. A write is acknowledged only once its commit is synced, as with FULL.
//! What differs from FULL: for the duration of one flush, another connection can read a commit
//! that is not yet on disk (a power cut in that moment loses a write nobody was told succeeded).
//!
//! **One writer connection.** SQLite drops a connection's page cache whenever another connection
//! has written since it last looked, so with writes spread over the pool every write began by
//! reading the pages of its tables and indexes again. Every write transaction of the process on
//! a file runs on that file's own writer connection instead (whose cache stays valid, since no
//! other connection of the process writes), and holding that connection is the turn to write.
//!
//! A pooled connection finds its file's [`SqliteFile`] through diesel's per-connection
//! instrumentation slot, which holds it (the writer connection itself has none, so the file and
//! its writer are freed with the last pooled connection). Files not in WAL mode, or in memory,
//! keep SQLite's own `synchronous=FULL` and write on the pooled connection.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError, Weak};

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

use crate::AnyConnection;

/// One SQLite database file in WAL mode: its writer connection and its log's syncs.
pub(crate) struct SqliteFile {
    database: PathBuf,
    /// The writer connection, made at the first write; holding it is the turn to write.
    writer: Mutex<Option<AnyConnection>>,
    wal: Arc<WalSync>,
}

/// The write-ahead log of one database file and the commits waiting for its sync.
#[derive(Debug)]
struct WalSync {
    wal: PathBuf,
    state: Mutex<SyncState>,
    synced_now: Condvar,
}

#[derive(Debug, Default)]
struct SyncState {
    /// Commits written to the log so far (a commit's ticket is this count after it).
    written: u64,
    /// Every commit with a ticket up to this one is on disk.
    synced: u64,
    /// A flush is running (its caller syncs for everyone who waits).
    syncing: bool,
    /// Tickets `(after, through]` whose flush failed, with the error: they are never reported as
    /// durable, even once a later flush succeeds.
    failed: Vec<(u64, u64, String)>,
}

/// Ticket of one commit, to wait for with [`WalSync::wait_durable`].
#[derive(Debug)]
struct Ticket {
    sync: Arc<WalSync>,
    seq: u64,
}

fn lock(state: &Mutex<SyncState>) -> MutexGuard<'_, SyncState> {
    // A panic while holding it left consistent counters: every update is a single assignment.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl WalSync {
    fn new(wal: PathBuf) -> Self {
        WalSync {
            wal,
            state: Mutex::new(SyncState::default()),
            synced_now: Condvar::new(),
        }
    }

    /// Counts a commit that has just been written to the log. Called while the writer still
    /// holds the write lock, so tickets follow the order of the commits in the log.
    fn committed(self: &Arc<Self>) -> Ticket {
        let mut state = lock(&self.state);
        state.written += 1;
        Ticket {
            sync: Arc::clone(self),
            seq: state.written,
        }
    }
}

impl Ticket {
    /// Returns once the commit is on disk: when a flush that started after it has finished.
    /// The first waiter with no flush running does the flush; the others wait for it.
    fn wait_durable(self) -> io::Result<()> {
        let sync = &self.sync;
        let mut state = lock(&sync.state);
        loop {
            if let Some((_, _, error)) = state
                .failed
                .iter()
                .find(|(after, through, _)| *after < self.seq && self.seq <= *through)
            {
                return Err(io::Error::other(error.clone()));
            }
            if state.synced >= self.seq {
                return Ok(());
            }
            if state.syncing {
                state = sync
                    .synced_now
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            state.syncing = true;
            let (after, through) = (state.synced, state.written);
            drop(state);
            let outcome = sync_file(&sync.wal);
            state = lock(&sync.state);
            state.syncing = false;
            match outcome {
                Ok(()) => state.synced = state.synced.max(through),
                Err(error) => {
                    tracing::error!(wal = %sync.wal.display(), %error, "syncing the SQLite write-ahead log failed");
                    // Waiters of old ranges are long gone; keep the list bounded on a failing disk.
                    if state.failed.len() >= 1024 {
                        state.failed.remove(0);
                    }
                    state.failed.push((after, through, error.to_string()));
                    // Waiters of that range see the failure before they look again.
                    state.synced = state.synced.max(through);
                }
            }
            sync.synced_now.notify_all();
        }
    }
}

/// Flushes the log file to disk. No log file means there is nothing to flush: SQLite removes it
/// only after a checkpoint has copied it into the database and synced that.
fn sync_file(wal: &Path) -> io::Result<()> {
    match std::fs::File::open(wal) {
        Ok(file) => file.sync_data(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// The answer of `PRAGMA journal_mode`.
#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

/// Holds a pooled connection's [`SqliteFile`] in diesel's instrumentation slot (and ignores the
/// events it is told).
struct FileOf(Arc<SqliteFile>);

impl Instrumentation for FileOf {
    fn on_connection_event(&mut self, _event: InstrumentationEvent<'_>) {}
}

fn bad(error: Error) -> ConnectionError {
    ConnectionError::BadConnection(error.to_string())
}

/// Opens a connection to a SQLite file with the settings every connection has: WAL mode, a busy
/// timeout, foreign keys. A pooled connection (`pooled`) is given its file's [`SqliteFile`];
/// the writer connection is not.
pub(crate) fn establish(path: &Path, pooled: bool) -> ConnectionResult<SqliteConnection> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
    // The busy timeout first: switching to WAL needs a lock another connection may hold then.
    conn.batch_execute("PRAGMA busy_timeout = 25000;")
        .map_err(bad)?;
    let mode = diesel::sql_query("PRAGMA journal_mode = WAL")
        .get_result::<JournalMode>(&mut conn)
        .map_err(bad)?;
    let wal_mode = mode.journal_mode.eq_ignore_ascii_case("wal");
    let file = if pooled && wal_mode {
        // A read opens the log (making the file if there is none yet), so that `file_for` can
        // check it is where the syncs will look for it.
        conn.batch_execute("SELECT count(*) FROM sqlite_master;")
            .map_err(bad)?;
        file_for(path)
    } else {
        None
    };
    // With group commit `write` syncs the log after each commit (the writer connection is only
    // used through `write`); otherwise SQLite syncs inside the commit.
    let group_commit = if pooled { file.is_some() } else { wal_mode };
    let synchronous = if group_commit { "NORMAL" } else { "FULL" };
    conn.batch_execute(&format!(
        "PRAGMA synchronous = {synchronous};
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;"
    ))
    .map_err(bad)?;
    if let Some(file) = file {
        conn.set_instrumentation(FileOf(file));
    }
    Ok(conn)
}

/// The [`SqliteFile`] of a database path (shared by every pooled connection to it), or `None`
/// when its log is not where it is looked for (then SQLite's own FULL sync is kept).
fn file_for(path: &Path) -> Option<Arc<SqliteFile>> {
    static FILES: OnceLock<Mutex<HashMap<PathBuf, Weak<SqliteFile>>>> = OnceLock::new();
    // SQLite puts the log beside the file a symbolic link points to.
    let database = std::fs::canonicalize(path).ok()?;
    let mut wal = database.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if !wal.exists() {
        tracing::warn!(database = %database.display(), "no write-ahead log beside the database; commits are synced by SQLite one at a time");
        return None;
    }
    let mut files = FILES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    files.retain(|_, file| file.strong_count() > 0);
    if let Some(file) = files.get(&database).and_then(Weak::upgrade) {
        return Some(file);
    }
    let file = Arc::new(SqliteFile {
        database: database.clone(),
        writer: Mutex::new(None),
        wal: Arc::new(WalSync::new(wal)),
    });
    files.insert(database, Arc::downgrade(&file));
    Some(file)
}

/// The [`SqliteFile`] of a pooled connection, if it has one.
pub(crate) fn file_of(conn: &mut SqliteConnection) -> Option<Arc<SqliteFile>> {
    conn.instrumentation()
        .downcast_ref::<FileOf>()
        .map(|of| Arc::clone(&of.0))
}

/// Runs `f` in a write transaction on the file's writer connection and returns once its commit
/// is on disk.
pub(crate) fn write<T, E, F>(file: &SqliteFile, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<Error>,
{
    // A writer that panicked may have left its transaction open: that connection is dropped
    // (closing it rolls the transaction back) and a new one made.
    let mut turn = file.writer.lock().unwrap_or_else(PoisonError::into_inner);
    let reusable = match turn.take() {
        Some(AnyConnection::Sqlite(mut writer)) => {
            (!crate::conn::in_transaction(&mut writer).unwrap_or(true)).then_some(writer)
        }
        _ => None,
    };
    let writer = match reusable {
        Some(writer) => writer,
        None => establish(&file.database, false).map_err(|error| {
            Error::DatabaseError(
                DatabaseErrorKind::Unknown,
                Box::new(format!(
                    "cannot open the database's writer connection: {error}"
                )),
            )
        })?,
    };
    let writer = turn.insert(AnyConnection::Sqlite(writer));
    let value = crate::conn::immediate_transaction(writer, f)?;
    let ticket = file.wal.committed();
    // The next writer goes on while this commit waits for the disk.
    drop(turn);
    ticket.wait_durable().map_err(|error| {
        Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new(format!("the commit could not be synced to disk: {error}")),
        )
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_ticket_is_durable_after_one_flush_that_started_after_it() {
        let dir = std::env::temp_dir().join(format!("crm-walsync-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("crm.db-wal"), b"frames").unwrap();
        let sync = Arc::new(WalSync::new(dir.join("crm.db-wal")));
        let done = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let sync = Arc::clone(&sync);
                let done = Arc::clone(&done);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let ticket = sync.committed();
                        let seq = ticket.seq;
                        ticket.wait_durable().unwrap();
                        assert!(lock(&sync.state).synced >= seq);
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(done.load(Ordering::Relaxed), 400);
        let state = lock(&sync.state);
        assert_eq!((state.written, state.synced), (400, 400));
        assert!(!state.syncing);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_log_has_nothing_to_flush_and_a_failed_flush_is_never_durable() {
        let sync = Arc::new(WalSync::new(PathBuf::from(
            "/nonexistent-crm-dir/crm.db-wal",
        )));
        sync.committed().wait_durable().unwrap();

        // A flush that failed (recorded as the flushing waiter records it) fails every ticket of
        // its range, also after later flushes succeed; later commits are not affected.
        let ticket = sync.committed();
        let seq = ticket.seq;
        {
            let mut state = lock(&sync.state);
            state.failed.push((0, seq, "disk gone".into()));
            state.synced = seq;
        }
        let error = ticket.wait_durable().unwrap_err();
        assert!(error.to_string().contains("disk gone"));
        sync.committed().wait_durable().unwrap();
        let again = Ticket {
            sync: Arc::clone(&sync),
            seq,
        };
        assert!(again.wait_durable().is_err());
    }

    #[test]
    fn pooled_connections_write_through_the_files_one_writer_and_read_what_it_committed() {
        use diesel::connection::SimpleConnection;

        let dir = std::env::temp_dir().join(format!("crm-writer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("crm.db");
        let mut a = AnyConnection::Sqlite(establish(&path, true).unwrap());
        let mut b = AnyConnection::Sqlite(establish(&path, true).unwrap());
        let (AnyConnection::Sqlite(sa), AnyConnection::Sqlite(sb)) = (&mut a, &mut b) else {
            unreachable!()
        };
        let file = file_of(sa).expect("a file in WAL mode has a writer");
        assert!(Arc::ptr_eq(&file, &file_of(sb).unwrap()));
        drop(file);

        crate::write_transaction(&mut a, |conn| {
            conn.batch_execute("CREATE TABLE t (n INTEGER NOT NULL); INSERT INTO t VALUES (1);")
        })
        .unwrap();
        // A failed unit of work leaves nothing, and the writer goes on.
        let failed: Result<(), Error> = crate::write_transaction(&mut b, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (2);")?;
            Err(Error::RollbackTransaction)
        });
        assert!(failed.is_err());
        crate::write_transaction(&mut b, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (3);")
        })
        .unwrap();
        #[derive(QueryableByName)]
        struct Total {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            total: i64,
        }
        let total = |conn: &mut AnyConnection| {
            diesel::sql_query("SELECT SUM(n) AS total FROM t")
                .get_result::<Total>(conn)
                .unwrap()
                .total
        };
        assert_eq!((total(&mut a), total(&mut b)), (4, 4));
        // Nested in a writer's transaction, a write is a savepoint of it.
        crate::write_transaction(&mut a, |conn| {
            crate::write_transaction(conn, |conn| conn.batch_execute("INSERT INTO t VALUES (5);"))
        })
        .unwrap();
        assert_eq!(total(&mut b), 9);

        // The file and its writer go with the last pooled connection.
        let AnyConnection::Sqlite(sa) = &mut a else {
            unreachable!()
        };
        let weak = Arc::downgrade(&file_of(sa).unwrap());
        drop((a, b));
        assert!(weak.upgrade().is_none());

        let mut memory = establish(Path::new(":memory:"), true).unwrap();
        assert!(file_of(&mut memory).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
