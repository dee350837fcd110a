//! The production guard's decision (`cli::check_demo_accounts`): a production start with demo
//! accounts is refused and says which and what to do; `CHOLANG_DEMO=1`, a development start
//! or a database without demo accounts starts. (The accounts it finds are tested on both
//! databases in `app/tests/deployment.rs`.)

use crate::cli::check_demo_accounts;

async fn fresh_db() -> (sea_orm::DatabaseConnection, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("cholang_cli_{}_{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = app::backend::db::connect_and_migrate(&format!("sqlite://{}/t.db?mode=rwc", dir.display()))
        .await
        .unwrap();
    (db, dir)
}

#[tokio::test]
async fn production_refuses_demo_accounts_unless_told_it_is_a_demo() {
    let (db, dir) = fresh_db().await;
    app::backend::seed::seed_demo(&db).await.unwrap();
    let refused = check_demo_accounts(&db, true, false).await.unwrap_err();
    assert!(refused.contains("vanphong@cholang.test") && refused.contains("CHOLANG_DEMO=1"), "{refused}");
    assert!(refused.contains("server create-admin"), "{refused}");
    check_demo_accounts(&db, true, true).await.expect("CHOLANG_DEMO=1 starts");
    check_demo_accounts(&db, false, false).await.expect("a development server starts");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn production_starts_without_demo_accounts() {
    let (db, dir) = fresh_db().await;
    let reference = app::backend::reference::Reference::embedded().unwrap();
    app::backend::reference::import(&db, &reference).await.unwrap();
    app::backend::roles::create_admin(&db, "office@hanoi.gov.vn", "Văn phòng", "một mật khẩu dài và riêng")
        .await
        .unwrap();
    check_demo_accounts(&db, true, false).await.expect("no demo accounts: starts");
    let _ = std::fs::remove_dir_all(dir);
}
