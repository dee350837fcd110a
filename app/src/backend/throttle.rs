//! Login throttling, counted in the database so it holds across app servers: at most
//! [`ACCOUNT_LIMIT`] login attempts are checked per account and [`IP_LIMIT`] per address in a
//! window of [`WINDOW_MINUTES`] minutes (the window starts with the first attempt; it does
//! not slide). Past that, 429 without checking anything.
//!
//! Policy:
//! - **An attempt is reserved before its password is checked**, with one statement
//!   ([`reserve`]: `INSERT … ON CONFLICT DO UPDATE … RETURNING` the new count, SQLite ≥ 3.35
//!   and PostgreSQL alike). N concurrent guesses therefore count N, and only the first
//!   `limit` of them reach the (expensive) password check. Checking first and counting after
//!   let 50 concurrent wrong guesses all through, and a right one among them logged in.
//! - **The address is reserved first**; a blocked address reserves nothing on the account, so
//!   it cannot keep an account locked by itself beyond its own budget.
//! - An attempt refused because the *account* is blocked gives its address reservation back
//!   ([`release`]): it did no work, and people behind one shared address retrying their own
//!   locked account should not use up that address's budget.
//! - Refused reservations themselves are not given back: they can only make a count larger
//!   than the attempts really checked, never smaller, and a flood costs one statement per
//!   attempt.
//! - An attempt that could not be checked at all (the server was too busy to verify a
//!   password) gives both reservations back.
//! - **A success clears the account's counter** and gives its address reservation back (only
//!   failures count against an address). Attempts on that account still in flight at that
//!   moment keep their verdicts, but their reservations are erased with the counter. Only
//!   someone who knows the password can cause a clear, so an attacker racing the owner gains
//!   at most `ACCOUNT_LIMIT - 1` guesses per login of the owner.
//! - Rows whose window is over are dead weight: [`purge_expired`] deletes them (the server
//!   runs it periodically).

use chrono::{DateTime, Duration, Utc};
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

/// Attempts counted under `key` in the current window.
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

/// Whether `key` has used up `limit` attempts in the window.
pub async fn is_blocked(db: &impl ConnectionTrait, key: &str, limit: i32) -> Result<bool, DbErr> {
    Ok(failures(db, key).await? >= limit)
}

/// Counts one attempt under `key` (starting a new window when the old one is over) and says
/// whether it is within `limit`. One statement that returns the new count, so concurrent
/// reservations each see a different count and exactly `limit` of them are let through.
pub async fn reserve(db: &impl ConnectionTrait, key: &str, limit: i32) -> Result<bool, DbErr> {
    let now = Utc::now();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let rows = db
        .query_all_raw(statement(
            db,
            "INSERT INTO login_throttle (key, window_started_at, failures) VALUES (?, ?, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.failures + 1 ELSE 1 END, \
               window_started_at = CASE WHEN login_throttle.window_started_at > ? THEN login_throttle.window_started_at ELSE ? END \
             RETURNING failures",
            vec![key.into(), now.into(), since.into(), since.into(), now.into()],
        ))
        .await?;
    let count = match rows.first() {
        Some(row) => row.try_get::<i32>("", "failures")?,
        None => return Err(DbErr::RecordNotFound("login_throttle reservation returned no row".into())),
    };
    Ok(count <= limit)
}

/// Gives one reservation under `key` back (an attempt that was not checked, or an address's
/// share of a success).
pub async fn release(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    db.execute_raw(statement(
        db,
        "UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0",
        vec![key.into()],
    ))
    .await?;
    Ok(())
}

/// Forgets `key`'s attempts (an account's, after a success).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    db.execute_raw(statement(db, "DELETE FROM login_throttle WHERE key = ?", vec![key.into()])).await?;
    Ok(())
}

/// Deletes the rows whose window is over; returns how many.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    purge_expired_at(db, Utc::now()).await
}

/// [`purge_expired`] as of `now` (tests pass a later time instead of waiting a window).
pub async fn purge_expired_at(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let done = db
        .execute_raw(statement(
            db,
            "DELETE FROM login_throttle WHERE window_started_at <= ?",
            vec![since.into()],
        ))
        .await?;
    Ok(done.rows_affected())
}
