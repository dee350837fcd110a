//! Carts, checkout, stock under concurrency, the order life cycle, reviews and favourites, on
//! SQLite and PostgreSQL. Every expectation is checked against what the database holds.

mod support;

use std::sync::Arc;

use app::backend::entities::*;
use app::backend::{cart, favourites, orders, reviews, seed};
use app::domain::accounts::{ProducerRef, SessionUser};
use app::domain::cart::{GuestCart, LineProblem};
use app::domain::favourites::FavouriteKind;
use app::domain::orders::{CheckoutForm, CheckoutInput, OrderAction, ReviewForm, ShippingForm};
use app::domain::{OrderStatus, ProductStatus, Role, Slug, VerificationStatus};
use app::error::AppError;
use app::i18n::Lang;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set};
use support::TestDb;

/// A consumer account, inserted directly (hashing a password per shopper would only slow
/// the concurrency tests down).
async fn shopper(db: &DatabaseConnection, n: usize) -> i32 {
    user::ActiveModel {
        email: Set(format!("khach{n}-{}@test.vn", Utc::now().timestamp_nanos_opt().unwrap_or(0))),
        password_hash: Set("not-a-login".into()),
        display_name: Set(format!("Khách {n}")),
        producer_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert user")
    .id
}

/// The first published product of a demo producer, with its stock set to `stock`.
async fn product_of(db: &DatabaseConnection, producer_id: i32, skip: u64, stock: i32) -> product::Model {
    let p = product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .nth(skip as usize)
        .expect("a demo product");
    let mut row = p.into_active_model();
    row.stock = Set(stock);
    row.update(db).await.unwrap()
}

async fn stock_of(db: &DatabaseConnection, id: i32) -> i32 {
    product::Entity::find_by_id(id).one(db).await.unwrap().unwrap().stock
}

fn delivery(key: &str) -> CheckoutInput {
    CheckoutForm {
        recipient_name: "Trần Thị Bình".into(),
        phone: "0987 654 321".into(),
        province: "Hà Nội".into(),
        ward: "Phường Cửa Nam".into(),
        street: "5 Hàng Bông".into(),
        note: "Gọi trước khi giao".into(),
        payment: "cod".into(),
        idempotency_key: key.into(),
    }
    .validate()
    .expect("a valid checkout")
}

fn key(n: usize) -> String {
    format!("test-checkout-key-{n:06}")
}

async fn order_count(db: &DatabaseConnection) -> u64 {
    order::Entity::find().count(db).await.unwrap()
}

fn member_of(producer_id: i32, user_id: i32) -> SessionUser {
    SessionUser {
        id: user_id,
        email: "member@test.vn".into(),
        display_name: "Thành viên".into(),
        roles: vec![Role::ProducerMember],
        producer: Some(ProducerRef {
            id: producer_id,
            slug: Slug::parse("co-so").unwrap(),
            name: "Cơ sở".into(),
            kind: app::domain::ProducerKind::Enterprise,
            verification: VerificationStatus::Verified,
        }),
    }
}

fn consumer(user_id: i32) -> SessionUser {
    SessionUser { id: user_id, email: "k@test.vn".into(), display_name: "Khách".into(), roles: vec![Role::Consumer], producer: None }
}

on_both_databases!(checkout_makes_one_order_per_producer_takes_stock_and_runs_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        // Producer 1 ships free from 500.000 ₫ (the seed's rule for every third producer);
        // set both rules explicitly so the totals below do not depend on the seed.
        orders::set_shipping(&db, 1, ShippingForm { flat_fee: "30000".into(), free_from: "100000000".into(), bank_account: String::new() }.validate().unwrap()).await.unwrap();
        orders::set_shipping(&db, 2, ShippingForm { flat_fee: "0".into(), ..Default::default() }.validate().unwrap()).await.unwrap();
        let a = product_of(&db, 1, 0, 10).await;
        let b = product_of(&db, 1, 1, 10).await;
        let c = product_of(&db, 2, 0, 10).await;
        let user = shopper(&db, 1).await;
        cart::add_for_user(&db, user, a.id, 2).await.unwrap();
        cart::add_for_user(&db, user, c.id, 1).await.unwrap();
        cart::add_for_user(&db, user, b.id, 3).await.unwrap();
        cart::add_for_user(&db, user, a.id, 1).await.unwrap();

        let priced = cart::price(&db, &cart::user_lines(&db, user).await.unwrap(), Lang::Vi).await.unwrap();
        assert_eq!(priced.groups.len(), 2, "one group per producer");
        assert_eq!(priced.groups[0].producer_id, 1);
        assert_eq!(priced.groups[0].lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), vec![3, 3], "adding again adds up");
        assert_eq!(priced.units(), 7);
        assert!(priced.ready());
        let expected_first = a.price_vnd * 3 + b.price_vnd * 3 + 30_000;
        assert_eq!(priced.groups[0].total.unwrap().amount(), expected_first);

        let ids = orders::checkout(&db, user, delivery(&key(1))).await.expect("checkout");
        assert_eq!(ids.len(), 2);
        assert_eq!((stock_of(&db, a.id).await, stock_of(&db, b.id).await, stock_of(&db, c.id).await), (7, 7, 9));
        assert!(cart::user_lines(&db, user).await.unwrap().is_empty(), "the cart is emptied");
        let first = order::Entity::find_by_id(ids[0]).one(&db).await.unwrap().unwrap();
        assert_eq!((first.producer_id, first.status, first.total_vnd, first.shipping_vnd), (1, OrderStatus::Placed, expected_first, 30_000));
        assert_eq!(order_line::Entity::find().filter(order_line::Column::OrderId.eq(ids[0])).count(&db).await.unwrap(), 2);
        let second = order::Entity::find_by_id(ids[1]).one(&db).await.unwrap().unwrap();
        assert_eq!((second.producer_id, second.total_vnd), (2, c.price_vnd));

        // The same key again (a double click, a retry): the same orders, nothing more taken.
        cart::add_for_user(&db, user, a.id, 1).await.unwrap();
        assert_eq!(orders::checkout(&db, user, delivery(&key(1))).await.unwrap(), ids);
        assert_eq!(order_count(&db).await, 2);
        assert_eq!(stock_of(&db, a.id).await, 7);

        // The consumer sees both; the detail has its timeline.
        let mine = orders::orders_of_user(&db, user).await.unwrap();
        assert_eq!(mine.len(), 2);
        let detail = orders::order_detail(&db, &consumer(user), ids[0], Lang::Vi).await.unwrap();
        assert_eq!(detail.events.len(), 1);
        assert!(detail.consumer_may_cancel);
        assert_eq!(detail.delivery.phone, "0987654321");
    }
});

on_both_databases!(a_short_line_writes_nothing_and_says_what_is_left, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let plenty = product_of(&db, 1, 0, 50).await;
        let scarce = product_of(&db, 2, 0, 2).await;
        let user = shopper(&db, 1).await;
        cart::add_for_user(&db, user, plenty.id, 5).await.unwrap();
        cart::add_for_user(&db, user, scarce.id, 3).await.unwrap();
        let priced = cart::price(&db, &cart::user_lines(&db, user).await.unwrap(), Lang::Vi).await.unwrap();
        let flagged = priced.groups.iter().flat_map(|g| &g.lines).find(|l| l.product_id == scarce.id).unwrap();
        assert_eq!(flagged.problem, Some(LineProblem::NotEnoughStock { available: 2 }));
        assert!(!priced.ready());

        match orders::checkout(&db, user, delivery(&key(2))).await {
            Err(AppError::OutOfStock { lines }) => {
                assert_eq!(lines.len(), 1);
                assert_eq!((lines[0].product_id, lines[0].wanted, lines[0].available), (scarce.id, 3, 2));
            }
            other => panic!("expected OutOfStock, got {other:?}"),
        }
        assert_eq!(order_count(&db).await, 0, "no order of the checkout was written");
        assert_eq!(checkout::Entity::find().count(&db).await.unwrap(), 0, "nor the checkout itself");
        assert_eq!((stock_of(&db, plenty.id).await, stock_of(&db, scarce.id).await), (50, 2), "no stock taken");
        assert_eq!(cart::user_lines(&db, user).await.unwrap().len(), 2, "the cart is kept");

        // Archived meanwhile: flagged in the cart, refused at checkout.
        let mut row = product::Entity::find_by_id(plenty.id).one(&db).await.unwrap().unwrap().into_active_model();
        row.status = Set(ProductStatus::Archived);
        row.update(&db).await.unwrap();
        cart::set_user_quantity(&db, user, scarce.id, 1).await.unwrap();
        let priced = cart::price(&db, &cart::user_lines(&db, user).await.unwrap(), Lang::Vi).await.unwrap();
        assert_eq!(priced.groups.iter().flat_map(|g| &g.lines).filter(|l| l.problem == Some(LineProblem::Unavailable)).count(), 1);
        assert!(matches!(orders::checkout(&db, user, delivery(&key(3))).await, Err(AppError::OutOfStock { .. })));
        assert_eq!(stock_of(&db, scarce.id).await, 2);
        // An archived product cannot be added at all.
        assert_eq!(cart::add_for_user(&db, shopper(&db, 2).await, plenty.id, 1).await, Err(AppError::NotFound));
    }
});

/// 50 shoppers each want `want` of every product in `products`, all at once.
async fn race(db: &DatabaseConnection, products: &[Vec<i32>], shoppers: usize, want: i32) -> (usize, usize) {
    let mut users = Vec::new();
    for n in 0..shoppers {
        let user = shopper(db, n).await;
        // Half the carts list the products in the opposite order.
        for id in &products[n % products.len()] {
            cart::add_for_user(db, user, *id, want).await.unwrap();
        }
        users.push(user);
    }
    let db = Arc::new(db.clone());
    let handles: Vec<_> = users
        .into_iter()
        .enumerate()
        .map(|(n, user)| {
            let db = db.clone();
            tokio::spawn(async move { orders::checkout(&db, user, delivery(&key(1000 + n))).await })
        })
        .collect();
    let (mut sold, mut refused) = (0, 0);
    for h in handles {
        match h.await.expect("no panic") {
            Ok(ids) => {
                assert_eq!(ids.len(), 1);
                sold += 1;
            }
            Err(AppError::OutOfStock { .. }) => refused += 1,
            Err(other) => panic!("a checkout failed with {other:?} (expected success or OutOfStock)"),
        }
    }
    (sold, refused)
}

on_both_databases!(fifty_concurrent_checkouts_sell_exactly_the_last_units, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let last = product_of(&db, 1, 0, 7).await;
        let (sold, refused) = race(&db, &[vec![last.id]], 50, 1).await;
        assert_eq!((sold, refused), (7, 43));
        assert_eq!(stock_of(&db, last.id).await, 0, "never negative, never left over");
        let units: i64 = order_line::Entity::find().filter(order_line::Column::ProductId.eq(last.id)).all(&db).await.unwrap().iter().map(|l| i64::from(l.quantity)).sum();
        assert_eq!(units, 7);
    }
});

on_both_databases!(opposite_orders_across_two_products_neither_deadlock_nor_oversell, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let a = product_of(&db, 1, 0, 10).await;
        let b = product_of(&db, 1, 1, 10).await;
        let (sold, refused) = race(&db, &[vec![a.id, b.id], vec![b.id, a.id]], 50, 2).await;
        assert_eq!((sold, refused), (5, 45));
        assert_eq!((stock_of(&db, a.id).await, stock_of(&db, b.id).await), (0, 0));
    }
});

on_both_databases!(orders_move_only_forward_and_only_by_their_own_parties, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product_of(&db, 1, 0, 10).await;
        let user = shopper(&db, 1).await;
        let stranger = shopper(&db, 2).await;
        cart::add_for_user(&db, user, p.id, 4).await.unwrap();
        let id = orders::checkout(&db, user, delivery(&key(10))).await.unwrap()[0];
        assert_eq!(stock_of(&db, p.id).await, 6);

        // Strangers and other producers see and touch nothing: to them the order does not
        // exist, as an unknown id (ids reveal nothing).
        assert_eq!(orders::order_detail(&db, &consumer(stranger), id, Lang::Vi).await, Err(AppError::NotFound));
        assert_eq!(orders::order_detail(&db, &member_of(2, stranger), id, Lang::Vi).await, Err(AppError::NotFound));
        assert_eq!(orders::cancel_by_consumer(&db, stranger, id, None).await, Err(AppError::NotFound));
        assert_eq!(orders::act_as_producer(&db, 2, id, OrderAction::Confirm).await, Err(AppError::NotFound));
        assert_eq!(orders::act_as_producer(&db, 1, 999_999, OrderAction::Confirm).await, Err(AppError::NotFound));
        assert!(orders::order_detail(&db, &member_of(1, stranger), id, Lang::Vi).await.is_ok(), "the producer sees it");
        assert_eq!(orders::inbox(&db, 2, None).await.unwrap().orders.len(), 0);

        // Not shipped before it is confirmed; no review before delivery.
        let ship = OrderAction::Ship { carrier: "Viettel Post".into(), tracking_number: "VTP123456".into() };
        assert_eq!(orders::act_as_producer(&db, 1, id, ship.clone()).await, Err(AppError::Conflict));
        let review = ReviewForm { rating: "5".into(), body: "Men đẹp, gói kỹ.".into() }.validate().unwrap();
        assert_eq!(reviews::add_review(&db, user, p.id, review.clone()).await, Err(AppError::Forbidden));

        orders::act_as_producer(&db, 1, id, OrderAction::Confirm).await.unwrap();
        assert_eq!(orders::cancel_by_consumer(&db, user, id, None).await, Err(AppError::Conflict), "confirmed: the consumer can no longer cancel");
        orders::act_as_producer(&db, 1, id, ship).await.unwrap();
        assert_eq!(orders::act_as_producer(&db, 1, id, OrderAction::Cancel { reason: "x".into() }).await, Err(AppError::Conflict), "shipped orders are not cancelled");
        orders::act_as_producer(&db, 1, id, OrderAction::Deliver).await.unwrap();
        let inbox = orders::inbox(&db, 1, Some(OrderStatus::Delivered)).await.unwrap();
        assert_eq!((inbox.counts.of(OrderStatus::Delivered), inbox.orders.len()), (1, 1));

        let detail = orders::order_detail(&db, &consumer(user), id, Lang::Vi).await.unwrap();
        assert_eq!(detail.events.iter().map(|e| e.status).collect::<Vec<_>>(),
            vec![OrderStatus::Placed, OrderStatus::Confirmed, OrderStatus::Shipped, OrderStatus::Delivered]);
        assert_eq!(detail.tracking_number.as_deref(), Some("VTP123456"));
        assert_eq!(stock_of(&db, p.id).await, 6, "a delivered order keeps its units");

        // Reviews: once per product and person, after delivery, averaged.
        reviews::add_review(&db, user, p.id, review.clone()).await.unwrap();
        assert_eq!(reviews::add_review(&db, user, p.id, review).await, Err(AppError::Conflict));
        assert_eq!(reviews::add_review(&db, stranger, p.id, ReviewForm { rating: "4".into(), body: String::new() }.validate().unwrap()).await, Err(AppError::Forbidden));
        let shown = reviews::product_reviews(&db, p.id).await.unwrap();
        assert_eq!((shown.count, shown.average_tenths), (1, Some(50)));
        assert_eq!(shown.latest[0].author, "Khách 1");
        assert_eq!(orders::order_detail(&db, &consumer(user), id, Lang::Vi).await.unwrap().lines[0].my_rating, Some(5));
    }
});

on_both_databases!(cancelling_puts_the_units_back_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product_of(&db, 1, 0, 5).await;
        let user = shopper(&db, 1).await;
        cart::add_for_user(&db, user, p.id, 2).await.unwrap();
        let first = orders::checkout(&db, user, delivery(&key(20))).await.unwrap()[0];
        cart::add_for_user(&db, user, p.id, 3).await.unwrap();
        let second = orders::checkout(&db, user, delivery(&key(21))).await.unwrap()[0];
        assert_eq!(stock_of(&db, p.id).await, 0);

        orders::cancel_by_consumer(&db, user, first, Some("Đặt nhầm".into())).await.unwrap();
        assert_eq!(stock_of(&db, p.id).await, 2);
        assert_eq!(orders::cancel_by_consumer(&db, user, first, None).await, Err(AppError::Conflict), "not twice");
        assert_eq!(stock_of(&db, p.id).await, 2);

        let cancel = OrderAction::Cancel { reason: "Hết men".into() };
        orders::act_as_producer(&db, 1, second, OrderAction::Confirm).await.unwrap();
        orders::act_as_producer(&db, 1, second, cancel.clone()).await.unwrap();
        assert_eq!(orders::act_as_producer(&db, 1, second, cancel).await, Err(AppError::Conflict));
        assert_eq!(stock_of(&db, p.id).await, 5);
        let detail = orders::order_detail(&db, &consumer(user), second, Lang::Vi).await.unwrap();
        assert_eq!((detail.status, detail.cancel_reason.as_deref()), (OrderStatus::Cancelled, Some("Hết men")));
    }
});

on_both_databases!(bank_transfers_are_confirmed_once_by_the_producer, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product_of(&db, 1, 0, 5).await;
        let user = shopper(&db, 1).await;
        cart::add_for_user(&db, user, p.id, 1).await.unwrap();
        let mut input = delivery(&key(30));
        input.payment = app::domain::PaymentMethod::BankTransfer;
        let id = orders::checkout(&db, user, input).await.unwrap()[0];
        let before = orders::order_detail(&db, &consumer(user), id, Lang::Vi).await.unwrap();
        assert!(!before.payment_received);
        assert!(before.bank_account.is_some(), "the seed gives producers a bank account to show");
        orders::act_as_producer(&db, 1, id, OrderAction::ConfirmPayment).await.unwrap();
        assert_eq!(orders::act_as_producer(&db, 1, id, OrderAction::ConfirmPayment).await, Err(AppError::Conflict));
        assert!(orders::order_detail(&db, &consumer(user), id, Lang::Vi).await.unwrap().payment_received);

        // Cash on delivery has no transfer to confirm.
        cart::add_for_user(&db, user, p.id, 1).await.unwrap();
        let cod = orders::checkout(&db, user, delivery(&key(31))).await.unwrap()[0];
        assert_eq!(orders::act_as_producer(&db, 1, cod, OrderAction::ConfirmPayment).await, Err(AppError::Conflict));
    }
});

on_both_databases!(a_guest_cart_joins_the_account_and_minimums_are_kept, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let a = product_of(&db, 1, 0, 10).await;
        let b = product_of(&db, 2, 0, 10).await;
        let mut guest = GuestCart::default();
        cart::add_for_guest(&db, &mut guest, a.id, 2).await.unwrap();
        cart::add_for_guest(&db, &mut guest, b.id, 1).await.unwrap();
        assert_eq!(cart::add_for_guest(&db, &mut guest, 999_999, 1).await, Err(AppError::NotFound));
        let user = shopper(&db, 1).await;
        cart::add_for_user(&db, user, a.id, 1).await.unwrap();
        cart::merge_guest(&db, user, &guest).await.unwrap();
        let lines = cart::user_lines(&db, user).await.unwrap();
        assert_eq!(lines, vec![(a.id, 3), (b.id, 1)]);

        // A retail minimum of 2: one unit is flagged and refused at checkout.
        let mut row = product::Entity::find_by_id(b.id).one(&db).await.unwrap().unwrap().into_active_model();
        row.retail_min_qty = Set(Some(2));
        row.update(&db).await.unwrap();
        let priced = cart::price(&db, &lines, Lang::Vi).await.unwrap();
        assert!(priced.groups.iter().flat_map(|g| &g.lines).any(|l| l.problem == Some(LineProblem::BelowMinimum { minimum: 2 })));
        assert!(matches!(orders::checkout(&db, user, delivery(&key(40))).await, Err(AppError::Validation { .. })));
        assert_eq!(order_count(&db).await, 0);
        assert_eq!(stock_of(&db, a.id).await, 10);
    }
});

on_both_databases!(favourites_are_kept_per_user, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let p = product_of(&db, 1, 0, 10).await;
        let user = shopper(&db, 1).await;
        let other = shopper(&db, 2).await;
        favourites::set(&db, user, FavouriteKind::Product, p.id, true).await.unwrap();
        favourites::set(&db, user, FavouriteKind::Product, p.id, true).await.unwrap();
        favourites::set(&db, user, FavouriteKind::Producer, 2, true).await.unwrap();
        assert_eq!(favourites::set(&db, user, FavouriteKind::Product, 999_999, true).await, Err(AppError::NotFound));
        let mine = favourites::favourites(&db, user, Lang::Vi).await.unwrap();
        assert_eq!((mine.products.len(), mine.producers.len()), (1, 1));
        assert_eq!(mine.products[0].id, p.id);
        assert!(favourites::favourites(&db, other, Lang::Vi).await.unwrap().products.is_empty());
        assert!(favourites::is_favourite(&db, user, FavouriteKind::Producer, 2).await.unwrap());
        favourites::set(&db, user, FavouriteKind::Product, p.id, false).await.unwrap();
        assert!(!favourites::is_favourite(&db, user, FavouriteKind::Product, p.id).await.unwrap());
    }
});
