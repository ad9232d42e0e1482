//! Group commit: one writer thread takes queued writes and commits all that are waiting in one
//! transaction (one fsync in WAL mode with `synchronous=FULL`), each in its own SAVEPOINT so a
//! failing one is rolled back alone. Each caller gets its answer only after the COMMIT of its
//! group returned: nothing is acknowledged before it is on disk.
//!
//! Why a thread and a channel rather than a mutex: with a mutex each submission pays its own
//! fsync, so the disk's commit rate is the ceiling (and the queue of waiters grows without
//! bound under a flood). With a queue, the writer commits whatever arrived during the previous
//! fsync: the more senders wait, the bigger the group, and the rate of submissions follows the
//! disk's bandwidth rather than its latency.

use super::versions::{ReportVersions, Touched};
use super::{backend, lock};
use app::api::store::{StoreError, StoreResult};
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// The most writes one transaction takes: a bound on how long one group holds the file (each
/// submission is a few hundred microseconds of SQLite work without its fsync).
pub(super) const MAX_GROUP: usize = 256;

/// A queued write, with its answer channel hidden behind the trait (each has its own type).
pub(super) trait Job: Send {
    /// Runs inside the open group transaction, in its own savepoint.
    fn run(&mut self, conn: &Connection, touched: &mut Touched);
    /// Answers the caller once the group's fate is known: the job's own result if the group
    /// committed, the commit's error otherwise.
    fn finish(self: Box<Self>, committed: &StoreResult<()>);
}

struct Typed<T, F> {
    work: Option<F>,
    result: Option<StoreResult<T>>,
    reply: SyncSender<StoreResult<T>>,
}

impl<T, F> Job for Typed<T, F>
where
    T: Send,
    F: FnOnce(&Connection, &mut Touched) -> StoreResult<T> + Send,
{
    fn run(&mut self, conn: &Connection, touched: &mut Touched) {
        let Some(work) = self.work.take() else {
            return;
        };
        self.result = Some(in_savepoint(conn, touched, work));
    }

    fn finish(self: Box<Self>, committed: &StoreResult<()>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(r)) => r,
            (Ok(()), None) => Err(StoreError::Backend("the write was not run".into())),
            (Err(e), _) => Err(e.clone()),
        };
        // The caller may have gone (its request was cancelled): nothing to tell then.
        let _ = self.reply.send(answer);
    }
}

/// Runs `work` in a savepoint: released if it succeeds, rolled back (alone) if it fails or
/// panics. The report years it touched are kept only if it succeeded.
fn in_savepoint<T>(
    conn: &Connection,
    touched: &mut Touched,
    work: impl FnOnce(&Connection, &mut Touched) -> StoreResult<T>,
) -> StoreResult<T> {
    run_cached(conn, "SAVEPOINT member")?;
    let mark = touched.len();
    let result = catch_unwind(AssertUnwindSafe(|| work(conn, touched))).unwrap_or_else(|_| {
        tracing::error!("a queued write panicked; it alone is rolled back");
        Err(StoreError::Backend("a write failed".into()))
    });
    match &result {
        Ok(_) => run_cached(conn, "RELEASE member")?,
        Err(_) => {
            touched.truncate(mark);
            // If SQLite already rolled the whole transaction back (disk full, I/O error), there
            // is no savepoint left: the group's COMMIT then fails and every member is told.
            if !conn.is_autocommit() {
                conn.execute_batch("ROLLBACK TO member; RELEASE member")
                    .map_err(backend)?;
            }
        }
    }
    result
}

/// Runs one statement from the connection's cache of prepared statements (parsed once, not
/// for every member of every group).
fn run_cached(conn: &Connection, sql: &str) -> StoreResult<()> {
    conn.prepare_cached(sql)
        .and_then(|mut st| st.execute([]))
        .map(|_| ())
        .map_err(backend)
}

/// The sending side, held by the store. Dropping it ends the writer thread.
pub(super) struct Queue {
    tx: SyncSender<Box<dyn Job>>,
}

impl Queue {
    /// Starts the writer thread on the shared writer connection.
    pub(super) fn start(
        writer: Arc<Mutex<Connection>>,
        versions: Arc<ReportVersions>,
    ) -> StoreResult<Queue> {
        // Bounded: under a flood, senders wait here (on blocking threads) rather than grow
        // memory without limit. Several groups' worth, so the next group is always ready.
        let (tx, rx) = sync_channel::<Box<dyn Job>>(MAX_GROUP * 4);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(rx, &writer, &versions))
            .map_err(backend)?;
        Ok(Queue { tx })
    }

    /// Queues `work` and waits (blocking) until its group is committed.
    pub(super) fn write<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &mut Touched) -> StoreResult<T> + Send + 'static,
    {
        let (reply, answer) = sync_channel(1);
        let job = Box::new(Typed {
            work: Some(work),
            result: None,
            reply,
        });
        self.tx
            .send(job)
            .map_err(|_| StoreError::Backend("the writer has stopped".into()))?;
        answer
            .recv()
            .map_err(|_| StoreError::Backend("the writer has stopped".into()))?
    }
}

fn run(rx: Receiver<Box<dyn Job>>, writer: &Mutex<Connection>, versions: &ReportVersions) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let mut touched = Touched::default();
        let committed = match lock(writer) {
            Ok(conn) => commit_group(&conn, &mut group, &mut touched),
            Err(e) => Err(e),
        };
        if committed.is_ok() {
            versions.bump(&touched);
        }
        for job in group {
            job.finish(&committed);
        }
    }
}

fn commit_group(
    conn: &Connection,
    group: &mut [Box<dyn Job>],
    touched: &mut Touched,
) -> StoreResult<()> {
    conn.execute_batch("BEGIN IMMEDIATE").map_err(backend)?;
    for job in group.iter_mut() {
        if conn.is_autocommit() {
            // The transaction is gone (see `in_savepoint`): run nothing more outside it.
            break;
        }
        job.run(conn, touched);
    }
    if conn.is_autocommit() {
        return Err(StoreError::Backend(
            "the group's transaction was rolled back".into(),
        ));
    }
    if let Err(e) = conn.execute_batch("COMMIT") {
        let _ = conn.execute_batch("ROLLBACK");
        return Err(backend(e));
    }
    Ok(())
}

/// One member's work, for [`one_group`].
#[cfg(test)]
pub(super) type Work<T> = Box<dyn FnOnce(&Connection, &mut Touched) -> StoreResult<T> + Send>;

/// Runs `works` as one group on `conn` (the writer connection, locked by the caller), exactly
/// as the writer thread does, and returns the commit's result and each member's answer.
#[cfg(test)]
pub(super) fn one_group<T: Send + 'static>(
    conn: &Connection,
    works: Vec<Work<T>>,
) -> (StoreResult<()>, Vec<StoreResult<T>>) {
    let mut answers = Vec::new();
    let mut group: Vec<Box<dyn Job>> = Vec::new();
    for work in works {
        let (reply, answer) = sync_channel(1);
        group.push(Box::new(Typed {
            work: Some(work),
            result: None,
            reply,
        }));
        answers.push(answer);
    }
    let mut touched = Touched::default();
    let committed = commit_group(conn, &mut group, &mut touched);
    for job in group {
        job.finish(&committed);
    }
    let answers = answers
        .into_iter()
        .map(|a| a.recv().expect("answered"))
        .collect();
    (committed, answers)
}
