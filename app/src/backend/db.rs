//! Connecting to the database named by `DATABASE_URL`: SQLite (the embedded default) or
//! PostgreSQL (production), with the same code. Migrations run on every start.
//!
//! Writes that read first (check a status, count rows, look for a duplicate) run in
//! [`begin_write`]. On SQLite that is `BEGIN IMMEDIATE`: the transaction holds the write lock
//! from its first statement, so writers queue (within the busy timeout) and what it read
//! cannot change before it writes; a deferred `BEGIN` would read a snapshot and then fail with
//! `SQLITE_BUSY` (a 500) when it tries to write after another writer. On PostgreSQL (READ
//! COMMITTED) the rule is enforced in the write itself: a conditional `UPDATE … WHERE status
//! = 'pending'` that must change one row, or the rows the decision rests on read with
//! [`LockForWrite::lock_for_write`] (`SELECT … FOR NO KEY UPDATE`; SQLite's SQL has no such
//! clause and needs none).

use std::time::Duration;

use sea_orm::sea_query::LockType;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, QuerySelect, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use super::migration::Migrator;
use crate::error::AppError;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cholang.db?mode=rwc";

/// Opens a pool. SQLite gets WAL (readers never wait for the writer), a busy timeout (writers
/// wait for each other instead of failing) and foreign keys on.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    // `SQL_LOG=1` logs every statement with its time (at `RUST_LOG=sqlx=info`), to see what a
    // page costs; off by default, as it is one log line per query.
    opts.sqlx_logging(std::env::var_os("SQL_LOG").is_some_and(|v| v == "1"))
        .acquire_timeout(Duration::from_secs(10))
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 20 });
    opts.map_sqlx_sqlite_opts(|o| {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        o.journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
    });
    Database::connect(opts).await
}

/// Connects and brings the schema up to date.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// `SELECT 1`, for `/healthz`.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT 1"))
        .await?;
    Ok(())
}

/// After rows were inserted with explicit ids, PostgreSQL's identity sequence must be moved
/// past them; SQLite needs nothing.
pub async fn reset_id_sequence(db: &impl ConnectionTrait, table: &str) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// A write transaction: `BEGIN IMMEDIATE` on SQLite, the default (READ COMMITTED) on
/// PostgreSQL, where the caller locks what it checks or makes the write conditional.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// Whether an insert or update failed on a unique index (a concurrent duplicate).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Reading the rows a write transaction checks before it changes them.
pub trait LockForWrite: QuerySelect + Sized {
    /// `FOR NO KEY UPDATE` on PostgreSQL (nothing on SQLite, where [`begin_write`] already
    /// keeps other writers out): the rows stay as read until the transaction ends, and a
    /// second transaction locking them waits, then reads what the first left. Unlike `FOR
    /// UPDATE` it does not hold back inserts of rows that refer to the locked one (their
    /// foreign-key checks take `FOR KEY SHARE`), so it cannot deadlock with a checkout that
    /// holds a product and inserts an order for its producer.
    fn lock_for_write(self) -> Self {
        self.lock(LockType::NoKeyUpdate)
    }
}

impl<T: QuerySelect + Sized> LockForWrite for T {}
