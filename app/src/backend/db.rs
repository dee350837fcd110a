//! Connecting to the database named by `DATABASE_URL`: SQLite (the embedded default) or
//! PostgreSQL (production), with the same code. Migrations run on every start.

use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement};
use sea_orm_migration::MigratorTrait;

use super::migration::Migrator;

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
