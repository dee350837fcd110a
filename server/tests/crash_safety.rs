//! Crash safety: shoppers place orders against the real server binary while it is killed
//! with SIGKILL. After a restart, every order the server acknowledged exists, complete
//! (lines, totals, its first timeline step), and the product's stock plus the units in all
//! orders still equals what there was before: nothing half-written, nothing lost.
//!
//! Runs on SQLite always, and on PostgreSQL when `CHOLANG_TEST_POSTGRES` is set (required by
//! `CHOLANG_REQUIRE_POSTGRES=1`, as `make test` sets it).

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use app::backend::entities::{order, order_event, order_line, product, user};

const SHOPPERS: usize = 6;
const START_STOCK: i32 = 100_000;

/// Prepares the database: demo data, one product with plenty of stock, and signed-in
/// shoppers (their session tokens).
fn prepare(database_url: &str, uploads: &std::path::Path) -> (i32, Vec<String>) {
    let seeded = command(database_url, uploads, 0).args(["seed", "--demo"]).status().unwrap();
    assert!(seeded.success(), "seeding failed");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = app::backend::db::connect(database_url).await.unwrap();
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).one(&db).await.unwrap().unwrap();
        let mut row = target.clone().into_active_model();
        row.stock = Set(START_STOCK);
        row.retail_min_qty = Set(None);
        row.update(&db).await.unwrap();
        let mut tokens = Vec::new();
        for n in 0..SHOPPERS {
            let shopper = user::ActiveModel {
                email: Set(format!("crash{n}@cholang.test")),
                password_hash: Set("not-a-login".into()),
                display_name: Set(format!("Khách {n}")),
                producer_id: Set(None),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            tokens.push(app::backend::sessions::start(&db, shopper.id).await.unwrap());
        }
        db.close().await.unwrap();
        (target.id, tokens)
    })
}

/// One shopper's loop: put a unit in the cart, place the order, note what was acknowledged.
fn shop(port: u16, token: String, product_id: i32, n: usize, stop: Arc<AtomicBool>, acknowledged: Arc<Mutex<Vec<i32>>>) {
    let headers = vec![
        ("Cookie", format!("cholang_session={token}")),
        ("Content-Type", "application/x-www-form-urlencoded".to_owned()),
    ];
    let mut attempt = 0;
    while !stop.load(Ordering::SeqCst) {
        attempt += 1;
        let add = form(&[("product_id", &product_id.to_string()), ("quantity", "1")]);
        if !matches!(try_http(port, "POST", "/api/add_to_cart", &headers, &add), Ok((200, _, _))) {
            continue;
        }
        let key = format!("crash-test-{n:02}-{attempt:08}");
        let order = form(&[
            ("order[recipient_name]", "Khách Thử"),
            ("order[phone]", "0912345678"),
            ("order[province]", "Hà Nội"),
            ("order[ward]", "Phường Hàng Bạc"),
            ("order[street]", "1 Hàng Bạc"),
            ("order[payment]", "cod"),
            ("order[idempotency_key]", &key),
        ]);
        if let Ok((200, _, body)) = try_http(port, "POST", "/api/place_order", &headers, &order) {
            let ids: Vec<i32> = serde_json::from_slice(&body).expect("an acknowledged checkout answers its order ids");
            acknowledged.lock().unwrap().extend(ids);
        }
    }
}

fn orders_survive_a_kill(database_url: &str, label: &str) {
    let uploads = std::env::temp_dir().join(format!("cholang_crash_{label}_{}", std::process::id()));
    let (product_id, tokens) = prepare(database_url, &uploads);
    let port = free_port();
    let mut server = Server(command(database_url, &uploads, port).spawn().unwrap());
    wait_until_up(port);

    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            std::thread::spawn(move || shop(port, token, product_id, n, stop, acknowledged))
        })
        .collect();
    // Let orders flow, then kill the server in the middle of them.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 20 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    server.0.kill().expect("SIGKILL the server");
    server.0.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().expect("a shopper thread");
    }
    let acknowledged: BTreeSet<i32> = acknowledged.lock().unwrap().iter().copied().collect();
    assert!(acknowledged.len() >= 20, "{label}: the server acknowledged orders before it was killed");

    // Restart on the same database: it must come up and answer for the orders.
    let port = free_port();
    let _server = Server(command(database_url, &uploads, port).spawn().unwrap());
    wait_until_up(port);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = app::backend::db::connect(database_url).await.unwrap();
        let orders = order::Entity::find().all(&db).await.unwrap();
        let stored: BTreeSet<i32> = orders.iter().map(|o| o.id).collect();
        let missing: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(missing.is_empty(), "{label}: acknowledged orders lost: {missing:?}");
        let mut units_ordered: i64 = 0;
        for o in &orders {
            let lines = order_line::Entity::find().filter(order_line::Column::OrderId.eq(o.id)).all(&db).await.unwrap();
            assert!(!lines.is_empty(), "{label}: order {} has no lines", o.id);
            let sum: i64 = lines.iter().map(|l| l.line_total_vnd).sum();
            assert_eq!(o.subtotal_vnd, sum, "{label}: order {} subtotal", o.id);
            assert_eq!(o.total_vnd, o.subtotal_vnd + o.shipping_vnd, "{label}: order {} total", o.id);
            let events = order_event::Entity::find().filter(order_event::Column::OrderId.eq(o.id)).all(&db).await.unwrap();
            assert!(!events.is_empty(), "{label}: order {} has no timeline", o.id);
            units_ordered += lines.iter().filter(|l| l.product_id == product_id).map(|l| i64::from(l.quantity)).sum::<i64>();
        }
        let left = product::Entity::find_by_id(product_id).one(&db).await.unwrap().unwrap().stock;
        assert_eq!(i64::from(left) + units_ordered, i64::from(START_STOCK), "{label}: stock adds up");
        db.close().await.unwrap();
    });
    let _ = std::fs::remove_dir_all(&uploads);
}

#[test]
fn acknowledged_orders_survive_sigkill_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("cholang_crash_db_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/crash.db?mode=rwc", dir.display());
    orders_survive_a_kill(&url, "sqlite");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn acknowledged_orders_survive_sigkill_on_postgres() {
    let Some(admin_url) = postgres_admin_url() else { return };
    let name = format!("cholang_crash_{}", std::process::id());
    orders_survive_a_kill(&fresh_postgres(&admin_url, &name), "postgres");
    drop_postgres(&admin_url, &name);
}
