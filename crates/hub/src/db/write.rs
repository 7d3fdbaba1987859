//! Every write transaction of the hub, on either database, through `Db::write`.
//!
//! SQLite has one writer at a time, and each commit costs an fsync (`synchronous = FULL`). So on
//! SQLite one task, the writer, runs every write job of this hub on one connection: a job that
//! arrives while a transaction is open joins it, inside its own savepoint, and the transaction
//! commits when no job is waiting (or after `MOST_PER_COMMIT`). Many orders then share one
//! fsync (group commit); each caller hears its answer only once the commit holding its writes is
//! durable; a job that fails is rolled back to its savepoint alone. Readers use the pool and
//! never wait for the writer (WAL).
//!
//! On PostgreSQL each job runs in its own transaction on a pooled connection: the database
//! decides between concurrent writers with row locks and conditional updates.

use super::{Backend, Db};
use crate::error::{HubError, HubResult};
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use std::ops::{Deref, DerefMut};
use tokio::sync::{mpsc, oneshot};

/// Jobs committed together at most: bounds how long the first of them waits for the others.
const MOST_PER_COMMIT: usize = 64;

/// A write transaction, as a job sees it. Reads inside it see its own writes (and, on SQLite,
/// those of the jobs before it in the same commit).
pub struct Tx {
    tx: Transaction<'static, Any>,
    backend: Backend,
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl Tx {
    /// Appended to a `SELECT` in a write: keeps the rows it read from changing until this
    /// transaction ends, so two writers deciding on the same row (a customer's money) decide one
    /// after the other. On PostgreSQL `FOR NO KEY UPDATE`, not `FOR UPDATE`: an order row written
    /// earlier in the same transaction holds a KEY SHARE lock on its customer (the foreign key),
    /// and `FOR UPDATE` would deadlock two racing orders. Nothing on SQLite, whose write
    /// transaction already holds the whole database.
    pub fn row_lock(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => " FOR NO KEY UPDATE",
            Backend::Sqlite => "",
        }
    }

    /// The next order number's sequence part. On PostgreSQL a sequence, which never makes one order
    /// wait for another (and may skip numbers when a transaction rolls back); on SQLite the
    /// counter row, rolled back with the order if it is refused.
    pub async fn next_order_sequence(&mut self) -> HubResult<i64> {
        let sql = match self.backend {
            Backend::Postgres => "SELECT nextval('order_number_seq')",
            Backend::Sqlite => "UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value",
        };
        Ok(sqlx::query_scalar(sql).fetch_one(&mut **self).await?)
    }
}

impl Db {
    /// Runs `job` in a write transaction and commits it; the job's answer comes back only once its
    /// writes are durable. A job that returns an error has written nothing. A job must not call
    /// `write` itself: on SQLite it would wait behind its own transaction.
    ///
    /// ```ignore
    /// db.write(move |tx| Box::pin(async move { store::set_thing(tx, &thing).await })).await?
    /// ```
    pub async fn write<T, F>(&self, job: F) -> HubResult<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, HubResult<T>> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.run(job).await,
            None => {
                let mut tx = Tx { tx: self.pool.begin().await?, backend: self.backend };
                match job(&mut tx).await {
                    Ok(value) => {
                        tx.tx.commit().await?;
                        Ok(value)
                    }
                    Err(refused) => {
                        if let Err(e) = tx.tx.rollback().await {
                            tracing::warn!(error = %e, "rolling back a refused write");
                        }
                        Err(refused)
                    }
                }
            }
        }
    }
}

/// Hands a job's answer to its caller once the commit is decided (`true`: committed).
type Delivery = Box<dyn FnOnce(bool) + Send>;
/// A job with its answer's type erased: runs, says whether it succeeded, and how to deliver.
type Job = Box<dyn for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, (bool, Delivery)> + Send>;

/// The SQLite writer's queue.
#[derive(Clone)]
pub(super) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Writer {
    /// Starts the writer task; it ends when the last `Db` holding this writer is dropped.
    pub(super) fn spawn(pool: AnyPool) -> Writer {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_in_turn(pool, queue));
        Writer { jobs }
    }

    async fn run<T, F>(&self, job: F) -> HubResult<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, HubResult<T>> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel::<HubResult<T>>();
        let erased: Job = Box::new(move |tx| {
            Box::pin(async move {
                let result = job(tx).await;
                let ok = result.is_ok();
                let deliver: Delivery = Box::new(move |committed| {
                    let result = match result {
                        Ok(_) if !committed => {
                            Err(HubError::Internal("the database did not commit this write; nothing of it was kept".into()))
                        }
                        other => other,
                    };
                    let _ = answer.send(result);
                });
                (ok, deliver)
            })
        });
        self.jobs.send(erased).map_err(|_| HubError::Internal("the database writer has stopped".into()))?;
        // Dropped unanswered: the job panicked or its transaction could not begin (both logged).
        answered.await.map_err(|_| HubError::Internal("a write was lost before it was committed; nothing of it was kept".into()))?
    }
}

async fn write_in_turn(pool: AnyPool, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        // IMMEDIATE: the write lock at once, so no other process's write can come in between.
        let tx = match pool.begin_with("BEGIN IMMEDIATE").await {
            Ok(tx) => tx,
            Err(e) => {
                tracing::error!(error = %e, "could not begin a write transaction");
                continue; // the job is dropped: its caller hears of an internal error
            }
        };
        let mut tx = Tx { tx, backend: Backend::Sqlite };
        let mut deliveries: Vec<Delivery> = Vec::new();
        let mut next = Some(first);
        let mut broken = None;
        while let Some(job) = next.take() {
            if let Err(e) = tx.execute("SAVEPOINT job").await {
                broken = Some(e);
                break;
            }
            let ran = std::panic::AssertUnwindSafe(job(&mut tx)).catch_unwind().await;
            let ok = match ran {
                Ok((ok, deliver)) => {
                    deliveries.push(deliver);
                    ok
                }
                Err(_) => {
                    tracing::error!("a write job panicked; its writes are rolled back");
                    false
                }
            };
            let end = if ok { "RELEASE job" } else { "ROLLBACK TO job; RELEASE job" };
            if let Err(e) = tx.execute(end).await {
                broken = Some(e);
                break;
            }
            if deliveries.len() < MOST_PER_COMMIT {
                next = queue.try_recv().ok();
            }
        }
        let committed = match broken {
            Some(e) => {
                tracing::error!(error = %e, jobs = deliveries.len(), "a savepoint failed; the jobs sharing its transaction are rolled back");
                let _ = tx.tx.rollback().await;
                false
            }
            None => match tx.tx.commit().await {
                Ok(()) => true,
                Err(e) => {
                    tracing::error!(error = %e, jobs = deliveries.len(), "commit failed");
                    false
                }
            },
        };
        for deliver in deliveries {
            deliver(committed);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::HubError;
    use restock_protocol::ErrorCode;

    async fn sqlite() -> (super::Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = super::super::connect(&dir.path().join("w.sqlite").display().to_string()).await.unwrap();
        sqlx::query("CREATE TABLE t (n BIGINT NOT NULL UNIQUE)").execute(&db.pool).await.unwrap();
        (db, dir)
    }

    async fn rows(db: &super::Db) -> Vec<i64> {
        sqlx::query_scalar("SELECT n FROM t ORDER BY n").fetch_all(&db.pool).await.unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_committed_together_fail_alone() {
        let (db, _dir) = sqlite().await;
        let jobs = (0..200i64).map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |tx| {
                    Box::pin(async move {
                        sqlx::query("INSERT INTO t (n) VALUES ($1)").bind(n).execute(&mut **tx).await?;
                        // Every tenth job is refused after it wrote: its row must not stay.
                        if n % 10 == 0 {
                            return Err(HubError::new(ErrorCode::BadRequest, format!("no {n}")));
                        }
                        Ok(n)
                    })
                })
                .await
            })
        });
        let answers = futures::future::join_all(jobs).await;
        let refused = answers.iter().filter(|a| a.as_ref().unwrap().is_err()).count();
        assert_eq!(refused, 20);
        let kept = rows(&db).await;
        assert_eq!(kept.len(), 180);
        assert!(kept.iter().all(|n| n % 10 != 0));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_that_panics_is_rolled_back_and_the_writer_goes_on() {
        let (db, _dir) = sqlite().await;
        let panicked = db
            .write(|tx| {
                Box::pin(async move {
                    sqlx::query("INSERT INTO t (n) VALUES (1)").execute(&mut **tx).await?;
                    if tx.row_lock().is_empty() {
                        panic!("a bug in a job");
                    }
                    Ok(())
                })
            })
            .await;
        assert!(matches!(panicked, Err(HubError::Internal(_))), "{panicked:?}");
        db.write(|tx| Box::pin(async move { Ok(sqlx::query("INSERT INTO t (n) VALUES (2)").execute(&mut **tx).await.map(drop)?) }))
            .await
            .unwrap();
        assert_eq!(rows(&db).await, [2]);
    }
}
