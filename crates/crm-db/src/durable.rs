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
//! Writes that arrive while one is being made share its transaction (a batch, each write after
//! the first in a savepoint of it), so the pages they all change go to the log once; and within a
//! [`DurableScope`] the wait for the disk comes after the unit of work has given its pooled
//! connection back, so that connection serves the next write meanwhile.
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

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use diesel::connection::{
    Instrumentation, InstrumentationEvent, SimpleConnection, TransactionManager,
};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

use crate::AnyConnection;

/// One SQLite database file in WAL mode: its writer connection and its log's syncs.
pub(crate) struct SqliteFile {
    database: PathBuf,
    /// The writer connection, made at the first write; holding it is the turn to write.
    writer: Mutex<Writer>,
    /// Writes waiting for the turn (a batch stays open for them).
    queued: AtomicUsize,
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
    // Temporary data in files: a statement inside a transaction keeps the former content of each
    // page it changes (its statement journal) to undo itself should it fail, and sorts too large
    // for the page cache spill. In memory (`temp_store = MEMORY`) both grew with the tables: a
    // 1,000,000-line lead import published into a table whose email index it interleaved with
    // held 177 MB, then 258 MB with a million more leads. As files (unlinked, never synced), a
    // journal past 64 KB and a sort past the cache go to the kernel's page cache instead (89 MB).
    // The savepoints of a batch of writes journal more than that, which cost creates at c=16
    // some 7% (3,871 and 3,982/s in memory, 3,677 and 3,597/s as files).
    conn.batch_execute(&format!(
        "PRAGMA synchronous = {synchronous};
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = FILE;"
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
        writer: Mutex::new(Writer::default()),
        queued: AtomicUsize::new(0),
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

/// A write transaction that stops taking members after this many (a bound on the wait of its
/// first member).
const BATCH_MEMBERS: usize = 64;
/// ... or once it has been open this long.
const BATCH_AGE: Duration = Duration::from_millis(5);

/// The writer connection and the batch whose transaction is open on it.
#[derive(Default)]
struct Writer {
    conn: Option<AnyConnection>,
    batch: Option<OpenBatch>,
}

/// A write transaction open on the writer connection, shared by the writes made in it.
struct OpenBatch {
    shared: Arc<Batch>,
    members: usize,
    opened: Instant,
}

/// How a batch ended, for the members waiting for it.
#[derive(Default)]
struct Batch {
    /// `Ok(ticket)` once committed (durable when the log is synced through that ticket), or why
    /// it was rolled back.
    outcome: Mutex<Option<Result<u64, String>>>,
    ended: Condvar,
}

impl Batch {
    fn end(&self, outcome: Result<u64, String>) {
        *self.outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
        self.ended.notify_all();
    }

    fn wait(&self) -> Result<u64, String> {
        let mut outcome = self.outcome.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(outcome) = outcome.as_ref() {
                return outcome.clone();
            }
            outcome = self
                .ended
                .wait(outcome)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

fn storage_error(message: String) -> Error {
    Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message))
}

/// The transaction depth of the writer connection (`None` when its transaction state is broken).
fn depth(conn: &mut AnyConnection) -> Option<u32> {
    let AnyConnection::Sqlite(sqlite) = conn else {
        return None;
    };
    <SqliteConnection as Connection>::TransactionManager::transaction_manager_status_mut(sqlite)
        .transaction_depth()
        .ok()
        .map(|depth| depth.map_or(0, |d| d.get()))
}

/// Runs `f` in a write transaction on the file's writer connection and returns once its commit
/// is on disk.
///
/// **Batches.** While other writes wait for the writer, the transaction is left open for them:
/// each write after the first runs in a savepoint of it (so a write that fails, or panics,
/// leaves nothing; when the first one fails, rolling back the transaction undoes it alone), and
/// the last write of the batch commits for all ([`BATCH_MEMBERS`], [`BATCH_AGE`] bound it). The
/// pages several writes change (the ends of the tables and of their time and id indexes) then
/// go to the log once per batch rather than once per write. A write is acknowledged only once
/// its batch is committed and synced; a write whose work failed returns at once (it left
/// nothing to wait for). Should the batch's transaction itself fail, every member is told so and
/// none is acknowledged.
pub(crate) fn write<T, E, F>(file: &SqliteFile, f: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
    E: From<Error>,
{
    file.queued.fetch_add(1, Ordering::SeqCst);
    let mut turn = file.writer.lock().unwrap_or_else(PoisonError::into_inner);
    file.queued.fetch_sub(1, Ordering::SeqCst);
    if turn.batch.is_none() {
        open_batch(file, &mut turn)?;
    }
    let Writer {
        conn: Some(conn),
        batch: Some(batch),
    } = &mut *turn
    else {
        return Err(storage_error("the writer connection has no open batch".into()).into());
    };
    // The write that opens the batch runs in its transaction directly: a savepoint keeps the
    // former content of every page it changes in memory (to roll back to), which for a large
    // write (an import's stage) is many megabytes. Should it fail, rolling back the transaction
    // undoes it alone.
    let first = batch.members == 0;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if first { f(conn) } else { conn.transaction(f) }
    }));
    let failed = !matches!(outcome, Ok(Ok(_)));
    if first && failed {
        // No other write is in the batch yet: nobody waits for it.
        let rolled_back =
            <AnyConnection as Connection>::TransactionManager::rollback_transaction(conn);
        if rolled_back.is_ok() && depth(conn) == Some(0) {
            turn.batch = None;
        } else {
            *turn = Writer::default();
        }
        drop(turn);
        return match outcome {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        };
    }
    if outcome.is_err() {
        // A panic left the write's savepoint open: undo it, and the batch goes on without it.
        let _ = <AnyConnection as Connection>::TransactionManager::rollback_transaction(conn);
    }
    batch.members += 1;
    let shared = Arc::clone(&batch.shared);
    // A write that failed ends its batch: should SQLite have rolled the whole transaction back
    // by itself (as it does on a full disk or an I/O error), the commit says so to every member.
    // So does one that left the transaction at another depth than the batch's own.
    let failed = failed || depth(conn) != Some(1);
    if failed
        || file.queued.load(Ordering::SeqCst) == 0
        || batch.members >= BATCH_MEMBERS
        || batch.opened.elapsed() >= BATCH_AGE
    {
        let committed = match depth(conn) {
            Some(1) => <AnyConnection as Connection>::TransactionManager::commit_transaction(conn),
            _ => Err(storage_error("the transaction state is broken".into())),
        };
        match committed {
            Ok(()) => {
                shared.end(Ok(file.wal.committed().seq));
                turn.batch = None;
            }
            Err(error) => {
                // Nothing of the batch was committed; the connection is closed (rolling back).
                shared.end(Err(format!(
                    "the write transaction was rolled back: {error}"
                )));
                *turn = Writer::default();
            }
        }
    }
    // The next writer goes on (in this batch or the next) while this one waits.
    drop(turn);
    let value = match outcome {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => return Err(error),
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let seq = shared.wait().map_err(storage_error)?;
    let ticket = Ticket {
        sync: Arc::clone(&file.wal),
        seq,
    };
    if let Some(ticket) = defer(ticket) {
        ticket.wait_durable().map_err(synced_error)?;
    }
    Ok(value)
}

fn synced_error(error: io::Error) -> Error {
    storage_error(format!("the commit could not be synced to disk: {error}"))
}

thread_local! {
    /// The commits of this thread's [`DurableScope`] still to be waited for (`None`: no scope).
    static DEFERRED: RefCell<Option<Vec<Ticket>>> = const { RefCell::new(None) };
}

/// Keeps the ticket for the thread's [`DurableScope`], or gives it back when there is none.
fn defer(ticket: Ticket) -> Option<Ticket> {
    DEFERRED.with(|deferred| match deferred.borrow_mut().as_mut() {
        Some(tickets) => {
            tickets.push(ticket);
            None
        }
        None => Some(ticket),
    })
}

/// A unit of work whose writes are waited for at its end rather than one by one.
///
/// Within a scope, a write on SQLite returns once it is committed, and [`DurableScope::finish`]
/// waits until every commit made in the scope is on disk. The caller finishes the scope after it
/// has given back its pooled connection and before it tells anyone the work succeeded: the
/// connection then serves the next write while this one waits for the disk (with every pooled
/// connection waiting for a flush, no write could begin the next batch meanwhile).
#[derive(Debug)]
#[must_use = "a scope's writes are durable only once it is finished"]
pub struct DurableScope {
    /// Scopes are per thread.
    _thread: std::marker::PhantomData<*const ()>,
}

impl DurableScope {
    /// Opens the scope on this thread (`None` when one is open already: the outer one waits).
    pub fn enter() -> Option<DurableScope> {
        DEFERRED.with(|deferred| {
            let mut deferred = deferred.borrow_mut();
            if deferred.is_some() {
                return None;
            }
            *deferred = Some(Vec::new());
            Some(DurableScope {
                _thread: std::marker::PhantomData,
            })
        })
    }

    /// Returns once every commit made in the scope is on disk, or the error of the first one
    /// that could not be synced.
    pub fn finish(self) -> Result<(), Error> {
        let tickets = DEFERRED.with(|deferred| deferred.borrow_mut().take().unwrap_or_default());
        // (Its drop then finds nothing left to wait for.)
        drop(self);
        for ticket in tickets {
            ticket.wait_durable().map_err(synced_error)?;
        }
        Ok(())
    }
}

impl Drop for DurableScope {
    /// A scope left without [`DurableScope::finish`] (its work panicked) still waits for its
    /// commits, so that nothing after it runs ahead of them.
    fn drop(&mut self) {
        let tickets = DEFERRED.with(|deferred| deferred.borrow_mut().take().unwrap_or_default());
        for ticket in tickets {
            let _ = ticket.wait_durable();
        }
    }
}

/// Begins a batch on the writer connection (made first if there is none, or if the last one was
/// left in a transaction).
fn open_batch(file: &SqliteFile, turn: &mut Writer) -> Result<(), Error> {
    let reusable = match turn.conn.take() {
        Some(AnyConnection::Sqlite(mut writer)) => {
            (!crate::conn::in_transaction(&mut writer).unwrap_or(true)).then_some(writer)
        }
        _ => None,
    };
    let mut writer = match reusable {
        Some(writer) => writer,
        None => establish(&file.database, false).map_err(|error| {
            storage_error(format!(
                "cannot open the database's writer connection: {error}"
            ))
        })?,
    };
    diesel::connection::AnsiTransactionManager::begin_transaction_sql(
        &mut writer,
        "BEGIN IMMEDIATE",
    )?;
    turn.conn = Some(AnyConnection::Sqlite(writer));
    turn.batch = Some(OpenBatch {
        shared: Arc::new(Batch::default()),
        members: 0,
        opened: Instant::now(),
    });
    Ok(())
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

    /// A table `t (n)` in a new file, and a pooled connection to it.
    fn file_with_table(name: &str) -> (PathBuf, AnyConnection) {
        let dir = std::env::temp_dir().join(format!("crm-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut conn = AnyConnection::Sqlite(establish(&dir.join("crm.db"), true).unwrap());
        crate::write_transaction(&mut conn, |conn| {
            conn.batch_execute("CREATE TABLE t (n INTEGER NOT NULL)")
        })
        .unwrap();
        (dir, conn)
    }

    fn numbers(conn: &mut AnyConnection) -> Vec<i64> {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query("SELECT n FROM t ORDER BY n")
            .load::<N>(conn)
            .unwrap()
            .into_iter()
            .map(|row| row.n)
            .collect()
    }

    fn file(conn: &mut AnyConnection) -> Arc<SqliteFile> {
        let AnyConnection::Sqlite(sqlite) = conn else {
            unreachable!()
        };
        file_of(sqlite).unwrap()
    }

    #[test]
    fn a_write_made_while_another_waits_shares_its_commit_and_a_failed_member_leaves_nothing() {
        let (dir, mut first) = file_with_table("batch");
        let mut second = AnyConnection::Sqlite(establish(&dir.join("crm.db"), true).unwrap());
        let shared = file(&mut first);
        let commits_before = lock(&shared.wal.state).written;

        std::thread::scope(|scope| {
            let waiting_for = Arc::clone(&shared);
            let one = scope.spawn(move || {
                crate::write_transaction(&mut first, |conn| {
                    // The write that opens a batch runs in its transaction, with no savepoint.
                    assert_eq!(depth(conn), Some(1));
                    conn.batch_execute("INSERT INTO t VALUES (1)")?;
                    // The other write is queued for the writer: this batch stays open for it.
                    while waiting_for.queued.load(Ordering::SeqCst) == 0 {
                        std::thread::yield_now();
                    }
                    Ok::<_, Error>(())
                })
            });
            while shared.writer.try_lock().is_ok() {
                std::thread::yield_now();
            }
            let two = crate::write_transaction(&mut second, |conn| {
                // One that joins it runs in a savepoint.
                assert_eq!(depth(conn), Some(2));
                conn.batch_execute("INSERT INTO t VALUES (2)")?;
                Err::<(), _>(Error::RollbackTransaction)
            });
            assert!(two.is_err());
            one.join().unwrap().unwrap();
        });
        // One commit for both: the first write's, without the second's row.
        assert_eq!(lock(&shared.wal.state).written, commits_before + 1);
        assert_eq!(numbers(&mut second), vec![1]);
        drop((shared, second));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn concurrent_writes_keep_exactly_the_successful_ones_and_a_panic_undoes_only_its_own() {
        let (dir, mut conn) = file_with_table("concurrent");
        let path = dir.join("crm.db");
        std::thread::scope(|scope| {
            for thread in 0..6_i64 {
                let path = path.clone();
                scope.spawn(move || {
                    let mut conn = AnyConnection::Sqlite(establish(&path, true).unwrap());
                    for i in 0..40_i64 {
                        let n = thread * 1000 + i;
                        let outcome =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                crate::write_transaction(&mut conn, |conn| {
                                    conn.batch_execute(&format!("INSERT INTO t VALUES ({n})"))?;
                                    match i % 10 {
                                        3 => Err(Error::RollbackTransaction),
                                        7 => panic!("a bug in one write"),
                                        _ => Ok(()),
                                    }
                                })
                            }));
                        match i % 10 {
                            3 => assert!(matches!(outcome, Ok(Err(_)))),
                            7 => assert!(outcome.is_err()),
                            _ => assert!(matches!(outcome, Ok(Ok(())))),
                        }
                    }
                });
            }
        });
        let expected: Vec<i64> = (0..6_i64)
            .flat_map(|thread| {
                (0..40_i64)
                    .filter(|i| i % 10 != 3 && i % 10 != 7)
                    .map(move |i| thread * 1000 + i)
            })
            .collect();
        assert_eq!(numbers(&mut conn), expected);
        drop(conn);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn in_a_durable_scope_writes_return_once_committed_and_finish_waits_for_the_disk() {
        let (dir, mut conn) = file_with_table("scope");
        let shared = file(&mut conn);
        let scope = DurableScope::enter().expect("no scope is open on this thread");
        assert!(DurableScope::enter().is_none(), "the outer scope waits");
        crate::write_transaction(&mut conn, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (1)")
        })
        .unwrap();
        let seq = lock(&shared.wal.state).written;
        // Committed (another connection reads it) and its ticket kept for the scope.
        let mut other = AnyConnection::Sqlite(establish(&dir.join("crm.db"), true).unwrap());
        assert_eq!(numbers(&mut other), vec![1]);
        assert_eq!(
            DEFERRED.with(|d| d.borrow().as_ref().map(Vec::len)),
            Some(1)
        );
        scope.finish().unwrap();
        assert!(lock(&shared.wal.state).synced >= seq);
        assert!(DEFERRED.with(|d| d.borrow().is_none()));
        // Without a scope, a write waits for the disk itself.
        crate::write_transaction(&mut conn, |conn| {
            conn.batch_execute("INSERT INTO t VALUES (2)")
        })
        .unwrap();
        let state = lock(&shared.wal.state);
        assert!(state.synced >= state.written);
        drop(state);
        drop((shared, conn, other));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
