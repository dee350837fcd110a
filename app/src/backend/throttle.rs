//! Login throttling, counted in the database so it holds across app servers: at most
//! [`ACCOUNT_LIMIT`] failed logins per account and [`IP_LIMIT`] per address in a window of
//! [`WINDOW_MINUTES`] minutes. A success clears the account's counter.

use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

pub const WINDOW_MINUTES: i64 = 15;
pub const ACCOUNT_LIMIT: i32 = 5;
pub const IP_LIMIT: i32 = 30;

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.chars().take(280).collect::<String>())
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    // Written with `?`; PostgreSQL wants `$1, $2, …`.
    let sql = if backend == sea_orm::DbBackend::Postgres {
        let mut out = String::new();
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Failures counted under `key` in the current window.
pub async fn failures(db: &impl ConnectionTrait, key: &str) -> Result<i32, DbErr> {
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let row = db
        .query_one_raw(statement(
            db,
            "SELECT failures FROM login_throttle WHERE key = ? AND window_started_at > ?",
            vec![key.into(), since.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get::<i32>("", "failures")?,
        None => 0,
    })
}

/// Whether `key` has reached `limit` failures in the window.
pub async fn is_blocked(db: &impl ConnectionTrait, key: &str, limit: i32) -> Result<bool, DbErr> {
    Ok(failures(db, key).await? >= limit)
}

/// Counts one failure under `key`, starting a new window when the old one is over. One
/// statement, so concurrent failures are all counted.
pub async fn record_failure(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    let now = Utc::now();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    db.execute_raw(statement(
        db,
        "INSERT INTO login_throttle (key, window_started_at, failures) VALUES (?, ?, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.failures + 1 ELSE 1 END, \
           window_started_at = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.window_started_at ELSE ? END",
        vec![key.into(), now.into(), since.into(), since.into(), now.into()],
    ))
    .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    db.execute_raw(statement(db, "DELETE FROM login_throttle WHERE key = ?", vec![key.into()])).await?;
    Ok(())
}
