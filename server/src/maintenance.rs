//! Housekeeping while serving: every hour or so, expired sessions and login-throttle rows
//! whose window is over are deleted, and what went is logged.
//!
//! Safe with several app servers on one database: each runs its own task at its own random
//! moments (jitter), and both deletions only remove rows nobody can use any more (a session
//! past its expiry, a throttle window already over), so two servers purging at once just find
//! less to delete. Nothing here is needed for correctness, only to keep the tables small: a
//! failed purge is logged and tried again at the next turn.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use app::backend::{sessions, throttle};

/// About how often a server purges (each turn is this ± a quarter, at random).
pub const EVERY: Duration = Duration::from_secs(3600);
/// The first purge comes this long after start-up, give or take half of it, so servers
/// restarted more often than hourly still purge and a fleet started at once is spread out.
const FIRST_AFTER: Duration = Duration::from_secs(300);

/// What one purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub throttle_rows: u64,
}

/// Starts the housekeeping task of a serving process.
pub fn start(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut wait = jittered(FIRST_AFTER, 0.5);
        loop {
            tokio::time::sleep(wait).await;
            match purge(&db).await {
                Ok(purged) => tracing::info!(
                    sessions = purged.sessions,
                    login_throttle_rows = purged.throttle_rows,
                    "purged expired sessions and login-throttle rows"
                ),
                Err(err) => tracing::warn!(error = %err, "purging expired sessions and login-throttle rows failed"),
            }
            wait = jittered(EVERY, 0.25);
        }
    });
}

/// Deletes expired sessions and login-throttle rows whose window is over.
pub async fn purge(db: &impl ConnectionTrait) -> Result<Purged, DbErr> {
    let sessions = sessions::purge_expired(db).await?;
    let throttle_rows = throttle::purge_expired(db).await?;
    Ok(Purged { sessions, throttle_rows })
}

/// `base` ± `spread` × `base`, drawn at random (the standard library's per-process random
/// hasher keys are plenty for spreading servers apart).
fn jittered(base: Duration, spread: f64) -> Duration {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64; // in [0, 1)
    base.mul_f64(1.0 - spread + 2.0 * spread * unit)
}

#[cfg(test)]
#[path = "../../app/tests/support/mod.rs"]
mod support;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration as Span, Utc};
    use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set, Statement};
    use support::TestDb;

    use app::backend::entities::{session, user};

    #[test]
    fn turns_are_spread_around_their_base() {
        let draws: Vec<Duration> = (0..200).map(|_| jittered(EVERY, 0.25)).collect();
        assert!(draws.iter().all(|d| *d >= EVERY.mul_f64(0.75) && *d < EVERY.mul_f64(1.25)));
        let first = draws[0];
        assert!(draws.iter().any(|d| *d != first), "not the same wait every time");
    }

    async fn throttle_row(db: &DatabaseConnection, key: &str, started: chrono::DateTime<Utc>) {
        let backend = db.get_database_backend();
        let sql = match backend {
            sea_orm::DbBackend::Postgres => "INSERT INTO login_throttle (key, window_started_at, failures) VALUES ($1, $2, 3)",
            _ => "INSERT INTO login_throttle (key, window_started_at, failures) VALUES (?, ?, 3)",
        };
        db.execute_raw(Statement::from_sql_and_values(backend, sql, vec![key.into(), started.into()])).await.unwrap();
    }

    async fn throttle_keys(db: &DatabaseConnection) -> Vec<String> {
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT key FROM login_throttle ORDER BY key"))
            .await
            .unwrap();
        rows.iter().map(|row| row.try_get::<String>("", "key").unwrap()).collect()
    }

    crate::on_both_databases!(a_purge_deletes_only_expired_sessions_and_finished_throttle_windows, |t: &TestDb| {
        let db = t.db.clone();
        async move {
            let now = Utc::now();
            let user = user::ActiveModel {
                email: Set("hoa@example.vn".into()),
                password_hash: Set("not a hash".into()),
                display_name: Set("Hoa".into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            for (id, expires_at) in [("expired", now - Span::minutes(1)), ("live", now + Span::days(1)), ("long-gone", now - Span::days(40))] {
                session::ActiveModel { id: Set(id.into()), user_id: Set(user.id), created_at: Set(now - Span::days(30)), expires_at: Set(expires_at) }
                    .insert(&db)
                    .await
                    .unwrap();
            }
            let window = Span::minutes(throttle::WINDOW_MINUTES);
            throttle_row(&db, "account:over", now - window - Span::minutes(1)).await;
            throttle_row(&db, "ip:current", now - window + Span::minutes(2)).await;

            assert_eq!(purge(&db).await.unwrap(), Purged { sessions: 2, throttle_rows: 1 });
            let left: Vec<String> = session::Entity::find().all(&db).await.unwrap().into_iter().map(|s| s.id).collect();
            assert_eq!(left, vec!["live".to_owned()]);
            assert_eq!(throttle_keys(&db).await, vec!["ip:current".to_owned()]);
            // A second server purging right after finds nothing more, and no error.
            let (a, b) = tokio::join!(purge(&db), purge(&db));
            assert_eq!((a.unwrap(), b.unwrap()), (Purged { sessions: 0, throttle_rows: 0 }, Purged { sessions: 0, throttle_rows: 0 }));
            assert_eq!(session::Entity::find().count(&db).await.unwrap(), 1);
        }
    });
}
