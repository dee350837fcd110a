//! Test databases: a fresh SQLite file, and a fresh PostgreSQL database per test created
//! through `CHOLANG_TEST_POSTGRES` (an admin URL whose role may CREATE DATABASE). With
//! `CHOLANG_REQUIRE_POSTGRES=1` (set by `make test`) a missing PostgreSQL fails the test
//! instead of skipping it.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), nanos)
}

pub struct TestDb {
    pub db: DatabaseConnection,
    pub label: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn finish(self) {
        let TestDb { db, cleanup, .. } = self;
        let _ = db.close().await;
        match cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            }
        }
    }

    pub fn url_kind(&self) -> &'static str {
        self.label
    }
}

/// A migrated, empty SQLite database in a new temporary folder.
pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique_name("cholang_test"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/test.db?mode=rwc", dir.display());
    let db = app::backend::db::connect_and_migrate(&url).await.expect("sqlite connect");
    TestDb { db, label: "sqlite", cleanup: Cleanup::SqliteDir(dir) }
}

/// A migrated, empty PostgreSQL database of its own, or `None` when PostgreSQL is not
/// configured and not required.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = match std::env::var("CHOLANG_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var("CHOLANG_REQUIRE_POSTGRES").is_err(),
                "CHOLANG_REQUIRE_POSTGRES is set but CHOLANG_TEST_POSTGRES is not"
            );
            eprintln!("skipping PostgreSQL: CHOLANG_TEST_POSTGRES is not set");
            return None;
        }
    };
    let name = unique_name("cholang_test");
    let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL admin URL");
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
    let _ = admin.close().await;
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    let db = app::backend::db::connect_and_migrate(&url).await.expect("postgres connect");
    Some(TestDb { db, label: "postgres", cleanup: Cleanup::Postgres { admin_url, name } })
}

/// Runs the same async test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let test_db = support::sqlite().await;
                ($body)(&test_db).await;
                test_db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(test_db) = support::postgres().await {
                    ($body)(&test_db).await;
                    test_db.finish().await;
                }
            }
        }
    };
}

/// The id of the user with `email` (a demo account, say).
pub async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    use app::backend::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.unwrap().unwrap().id
}

/// A signed-in user as the services see one, with `roles`, acting for `producer` if given.
pub fn session(id: i32, roles: Vec<app::domain::Role>, producer: Option<i32>) -> app::domain::accounts::SessionUser {
    use app::domain::{accounts::ProducerRef, ProducerKind, Slug, VerificationStatus};
    app::domain::accounts::SessionUser {
        id,
        email: format!("u{id}@test.vn"),
        display_name: format!("Người dùng {id}"),
        roles,
        producer: producer.map(|p| ProducerRef {
            id: p,
            slug: Slug::parse("co-so").unwrap(),
            name: "Cơ sở".into(),
            kind: ProducerKind::Enterprise,
            verification: VerificationStatus::Verified,
        }),
    }
}
