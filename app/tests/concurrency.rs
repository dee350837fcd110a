//! Writes racing each other, on SQLite and PostgreSQL: every check-then-write decides once.
//! Each test starts its calls together (a barrier) and then checks three things: no call
//! failed with anything but the typed refusal the rule calls for (a `SQLITE_BUSY` or a
//! deadlock would be `Internal`), exactly the calls the rule allows won, and the database
//! holds what the winners wrote.

mod support;

use std::future::Future;
use std::sync::Arc;

use app::backend::entities::*;
use app::backend::trade::{self, Viewer};
use app::backend::{accounts, cart, fairs, office, orders, reviews, seed, storefront};
use app::domain::cart::GuestCart;
use app::domain::fairs::{BoothTypeForm, ExhibitForm, FairForm};
use app::domain::orders::{CheckoutForm, ReviewForm};
use app::domain::storefront::{ApplicationForm, CertificateForm, ModerationTarget, ProductForm};
use app::domain::trade::{BusinessForm, QuoteForm, RequestForm};
use app::domain::{FairStatus, ProductStatus, Role, Slug, TradeStatus, VerificationStatus};
use app::error::{AppError, Problem};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use support::{session, user_id, TestDb};

/// Runs `n` calls at once (they all start after a barrier) and returns their results in order.
async fn race<T, F, Fut>(n: usize, call: F) -> Vec<Result<T, AppError>>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Send + 'static,
{
    let start = Arc::new(tokio::sync::Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let (start, call) = (start.clone(), call(i));
            tokio::spawn(async move {
                start.wait().await;
                call.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.expect("no call panics"));
    }
    out
}

/// How many calls succeeded, and every error that is not one of `expected`.
fn unexpected<T>(results: &[Result<T, AppError>], expected: &[AppError]) -> (usize, Vec<AppError>) {
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let other = results.iter().filter_map(|r| r.as_ref().err()).filter(|e| !expected.contains(e)).cloned().collect();
    (ok, other)
}

fn count_of<T>(results: &[Result<T, AppError>], err: &AppError) -> usize {
    results.iter().filter(|r| r.as_ref().err() == Some(err)).count()
}

/// A consumer account, inserted directly (no password hashing).
async fn account(db: &DatabaseConnection, name: &str) -> i32 {
    user::ActiveModel {
        email: Set(format!("{name}@test.vn")),
        password_hash: Set("not-a-login".into()),
        display_name: Set(name.into()),
        producer_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert user")
    .id
}

fn application(name: &str) -> app::domain::storefront::Application {
    ApplicationForm {
        kind: "household".into(),
        name: name.into(),
        village: "bat-trang".into(),
        commune: String::new(),
        address_line: "Xóm 3".into(),
        phone: "0912 345 678".into(),
        story_vi: "Ba đời làm gốm men rạn.".into(),
    }
    .validate()
    .unwrap()
}

async fn leaf_category(db: &DatabaseConnection) -> String {
    category::Entity::find().filter(category::Column::ParentId.is_not_null()).one(db).await.unwrap().unwrap().slug
}

fn product_form(name: &str, category: &str) -> app::domain::storefront::ProductInput {
    ProductForm {
        name_vi: name.into(),
        description_vi: "Gốm vẽ tay, nung củi.".into(),
        category: category.into(),
        price: "450.000".into(),
        unit: "piece".into(),
        stock: "7".into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

async fn published_of(db: &DatabaseConnection, producer_id: i32) -> Vec<product::Model> {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await
        .unwrap()
}

fn today() -> NaiveDate {
    app::domain::time::today_in_vietnam()
}

const NO_BUSY: &str = "no other error: no SQLITE_BUSY, no deadlock, no 500";

// ---------------------------------------------------------------- the office

on_both_databases!(twenty_office_reviews_of_one_producer_decide_it_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let member = account(&db, "ung-vien").await;
        let producer_id = storefront::apply(&db, member, application("Gốm Thử Đua")).await.unwrap();
        // Half approve, half reject (with a reason), all at once.
        let results = race(20, |n| {
            let db = db.clone();
            async move {
                let approve = n % 2 == 0;
                office::review_producer(&db, producer_id, approve, if approve { "" } else { "Thiếu giấy phép" }).await.map(|()| approve)
            }
        })
        .await;
        let (wins, other) = unexpected(&results, &[AppError::Conflict]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        assert_eq!((wins, count_of(&results, &AppError::Conflict)), (1, 19), "exactly one review decides");
        let approved = results.iter().find_map(|r| r.as_ref().ok().copied()).unwrap();
        let p = producer::Entity::find_by_id(producer_id).one(&db).await.unwrap().unwrap();
        let (verification, note) = if approved { (VerificationStatus::Verified, None) } else { (VerificationStatus::Rejected, Some("Thiếu giấy phép")) };
        assert_eq!((p.verification, p.review_note.as_deref()), (verification, note), "the winner's decision is what stands");
        assert_eq!(office::review_producer(&db, producer_id + 10_000, true, "").await, Err(AppError::NotFound));
    }
});

on_both_databases!(concurrent_certificate_reviews_decide_it_once, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let member = account(&db, "chung-nhan").await;
        let producer_id = storefront::apply(&db, member, application("Gốm Chứng Nhận")).await.unwrap();
        let category = leaf_category(&db).await;
        let product_id = storefront::create_product(&db, producer_id, product_form("Chén men rạn", &category)).await.unwrap();
        let form = CertificateForm {
            stars: "4".into(),
            level: "city".into(),
            decision_number: "2025/QĐ-UBND".into(),
            decision_date: (today() - chrono::Days::new(30)).format("%Y-%m-%d").to_string(),
        };
        let cert = storefront::submit_certificate(&db, producer_id, product_id, form.validate(today()).unwrap(), None).await.unwrap();
        let results = race(12, |n| {
            let db = db.clone();
            async move { office::review_certificate(&db, cert, n % 3 != 0, if n % 3 != 0 { "" } else { "Ảnh mờ" }, None).await.map(|()| n % 3 != 0) }
        })
        .await;
        let (wins, other) = unexpected(&results, &[AppError::Conflict]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        assert_eq!(wins, 1, "exactly one review decides");
        let approved = results.iter().find_map(|r| r.as_ref().ok().copied()).unwrap();
        let c = ocop_certificate::Entity::find_by_id(cert).one(&db).await.unwrap().unwrap();
        assert_eq!(c.status, if approved { VerificationStatus::Verified } else { VerificationStatus::Rejected });
        let listed = product::Entity::find_by_id(product_id).one(&db).await.unwrap().unwrap();
        assert_eq!(listed.ocop_stars, approved.then_some(4), "the listing follows the decision that stands");
    }
});

on_both_databases!(a_business_correction_racing_its_verification_never_undoes_it, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let business = |name: &str| {
            BusinessForm {
                name: name.into(),
                kind: "supermarket".into(),
                tax_code: "0101234567".into(),
                address: "12 Phố Huế".into(),
                district: "hai-ba-trung".into(),
                contact_person: "Trần Văn Bình".into(),
                phone: "0912 345 678".into(),
            }
            .validate()
            .unwrap()
        };
        const BUYERS: usize = 15;
        let mut buyers = Vec::new();
        for n in 0..BUYERS {
            let user = account(&db, &format!("mua-si-{n}")).await;
            trade::register_business(&db, user, business("Chuỗi Thử")).await.unwrap();
            let id = buyer_business::Entity::find().filter(buyer_business::Column::UserId.eq(user)).one(&db).await.unwrap().unwrap().id;
            buyers.push((user, id));
        }
        // Each buyer corrects its business while the office verifies it.
        let buyers = Arc::new(buyers);
        let results = race(2 * BUYERS, |n| {
            let (db, buyers) = (db.clone(), buyers.clone());
            async move {
                let (user, id) = buyers[n / 2];
                if n % 2 == 0 {
                    trade::register_business(&db, user, business("Chuỗi Thử Đã Sửa")).await.map(|()| "corrected")
                } else {
                    trade::review_buyer(&db, id, true, "").await.map(|()| "verified")
                }
            }
        })
        .await;
        let (_, other) = unexpected(&results, &[AppError::Conflict]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        for (n, (_, id)) in buyers.iter().enumerate() {
            let (correction, review) = (&results[2 * n], &results[2 * n + 1]);
            assert_eq!(review, &Ok("verified"), "a correction leaves the business pending, so the review always goes through");
            let row = buyer_business::Entity::find_by_id(*id).one(&db).await.unwrap().unwrap();
            assert_eq!(row.verification, VerificationStatus::Verified, "buyer {n}: a correction never undoes a verification");
            // Either the correction came first (and the office verified it) or it came after
            // and was refused: never accepted and then lost.
            let corrected = correction.is_ok();
            assert_eq!(row.name == "Chuỗi Thử Đã Sửa", corrected, "buyer {n}: {correction:?}");
        }
    }
});

// ---------------------------------------------------------------- storefronts

on_both_databases!(concurrent_applications_of_one_user_make_one_producer, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let user = account(&db, "mot-co-so").await;
        let results = race(10, |n| {
            let db = db.clone();
            async move { storefront::apply(&db, user, application(&format!("Gốm Một {n}"))).await }
        })
        .await;
        let (wins, other) = unexpected(&results, &[AppError::Conflict]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        assert_eq!(wins, 1, "one producer per member");
        let made = producer::Entity::find().filter(producer::Column::Email.eq("mot-co-so@test.vn")).count(&db).await.unwrap();
        assert_eq!(made, 1, "the losers left no producer behind");
        let member = user::Entity::find_by_id(user).one(&db).await.unwrap().unwrap();
        assert_eq!(member.producer_id, results.iter().find_map(|r| r.as_ref().ok().copied()));
    }
});

on_both_databases!(publishing_racing_moderation_never_republishes_a_taken_down_product, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let products: Vec<product::Model> = published_of(&db, 1).await.into_iter().take(8).collect();
        assert!(products.len() >= 4, "the demo producer has published products");
        let products = Arc::new(products);
        // Per product: the office takes it down while its producer publishes it three times.
        let results = race(4 * products.len(), |n| {
            let (db, products) = (db.clone(), products.clone());
            async move {
                let p = &products[n / 4];
                if n % 4 == 0 {
                    let target = ModerationTarget::Product(Slug::parse(&p.slug).unwrap());
                    office::moderate(&db, &target, "Ảnh không đúng sản phẩm").await.map(|()| "moderated")
                } else {
                    storefront::set_status(&db, 1, p.id, ProductStatus::Published).await.map(|()| "published")
                }
            }
        })
        .await;
        let (_, other) = unexpected(&results, &[AppError::Forbidden]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        for (n, p) in products.iter().enumerate() {
            assert_eq!(results[4 * n], Ok("moderated"));
            let row = product::Entity::find_by_id(p.id).one(&db).await.unwrap().unwrap();
            assert_eq!(
                (row.status, row.moderation_note.as_deref()),
                (ProductStatus::Draft, Some("Ảnh không đúng sản phẩm")),
                "a publish that raced the moderation did not put the product back"
            );
        }
    }
});

on_both_databases!(concurrent_uploads_keep_the_photo_limit_and_distinct_positions, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let id = storefront::create_product(&db, 1, product_form("Bình hút lộc", &category)).await.unwrap();
        let results = race(20, |n| {
            let db = db.clone();
            async move { storefront::add_photo(&db, 1, id, format!("/uploads/p/{n}.jpg"), format!("/uploads/p/{n}-t.jpg")).await }
        })
        .await;
        let full = AppError::invalid("photo", Problem::OutOfRange);
        let (wins, other) = unexpected(&results, &[full.clone()]);
        assert_eq!(other, vec![], "{NO_BUSY}");
        assert_eq!((wins, count_of(&results, &full)), (storefront::MAX_PHOTOS as usize, 20 - storefront::MAX_PHOTOS as usize));
        let mut positions: Vec<i32> = product_image::Entity::find()
            .filter(product_image::Column::ProductId.eq(id))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.position)
            .collect();
        positions.sort_unstable();
        assert_eq!(positions, (0..storefront::MAX_PHOTOS as i32).collect::<Vec<_>>(), "one photo per position");
    }
});

on_both_databases!(concurrent_renames_and_certificate_reviews_leave_the_listing_current, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let id = storefront::create_product(&db, 1, product_form("Bình cũ", &category)).await.unwrap();
        let form = CertificateForm {
            stars: "4".into(),
            level: "city".into(),
            decision_number: "2025/QĐ-UBND".into(),
            decision_date: (today() - chrono::Days::new(30)).format("%Y-%m-%d").to_string(),
        };
        let mut certs = Vec::new();
        for _ in 0..6 {
            certs.push(storefront::submit_certificate(&db, 1, id, form.validate(today()).unwrap(), None).await.unwrap());
        }
        let certs = Arc::new(certs);
        // Renames and certificate approvals each recompute the product's listing text.
        let category = Arc::new(category);
        let results = race(12, |n| {
            let (db, certs, category) = (db.clone(), certs.clone(), category.clone());
            async move {
                if n % 2 == 0 {
                    storefront::update_product(&db, 1, id, product_form(&format!("Bình men lam số {n}"), &category)).await
                } else {
                    office::review_certificate(&db, certs[n / 2], true, "", None).await
                }
            }
        })
        .await;
        let (wins, other) = unexpected(&results, &[]);
        assert_eq!((wins, other), (12, vec![]), "{NO_BUSY}");
        let row = product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        let folded = app::domain::text::fold(&row.name_vi);
        assert!(row.search_folded.contains(&folded), "the listing text is computed from the last name, {:?}: {}", row.name_vi, row.search_folded);
        assert_eq!(row.ocop_stars, Some(4));
    }
});

// ---------------------------------------------------------------- carts and own products

on_both_databases!(concurrent_adds_to_one_cart_line_add_up, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let user = account(&db, "khach-voi").await;
        let products: Vec<i32> = published_of(&db, 2).await.into_iter().filter(|p| p.retail_min_qty.unwrap_or(1) <= 1).map(|p| p.id).take(2).collect();
        let (a, b) = (products[0], products[1]);
        let results = race(24, |n| {
            let db = db.clone();
            async move { cart::add_for_user(&db, user, if n % 3 == 0 { b } else { a }, 1).await }
        })
        .await;
        let (wins, other) = unexpected(&results, &[]);
        assert_eq!((wins, other), (24, vec![]), "{NO_BUSY}");
        let mut lines = cart::user_lines(&db, user).await.unwrap();
        lines.sort_unstable();
        let mut expected = vec![(a, 16), (b, 8)];
        expected.sort_unstable();
        assert_eq!(lines, expected, "no add was lost");
    }
});

on_both_databases!(a_producer_member_neither_buys_nor_reviews_its_own_products, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let member = user_id(&db, "gom.battrang@cholang.test").await;
        let own_producer = user::Entity::find_by_id(member).one(&db).await.unwrap().unwrap().producer_id.expect("a producer member");
        let own = published_of(&db, own_producer).await.into_iter().find(|p| p.stock > 2 && p.retail_min_qty.unwrap_or(1) <= 1).unwrap();
        let other_producer = if own_producer == 2 { 3 } else { 2 };
        let other = published_of(&db, other_producer).await.into_iter().find(|p| p.stock > 2 && p.retail_min_qty.unwrap_or(1) <= 1).unwrap();

        // Not into the cart, by adding or by setting a quantity.
        assert_eq!(cart::add_for_user(&db, member, own.id, 1).await, Err(AppError::OwnProduct));
        assert_eq!(cart::set_user_quantity(&db, member, own.id, 2).await, Err(AppError::OwnProduct));
        assert_eq!(AppError::OwnProduct.status(), 403);
        assert!(cart::user_lines(&db, member).await.unwrap().is_empty());
        // A guest cart joining at login leaves the own product behind, keeps the rest.
        let mut guest = GuestCart::default();
        assert!(guest.set(own.id, 1) && guest.set(other.id, 2));
        cart::merge_guest(&db, member, &guest).await.unwrap();
        assert_eq!(cart::user_lines(&db, member).await.unwrap(), vec![(other.id, 2)]);

        // A line that got in anyway (before this rule) is refused at checkout: nothing written.
        cart_item::ActiveModel { user_id: Set(member), product_id: Set(own.id), quantity: Set(1), added_at: Set(Utc::now()) }.insert(&db).await.unwrap();
        let checkout = CheckoutForm {
            recipient_name: "Trần Thị Bình".into(),
            phone: "0987 654 321".into(),
            province: "Hà Nội".into(),
            ward: "Phường Cửa Nam".into(),
            street: "5 Hàng Bông".into(),
            note: String::new(),
            payment: "cod".into(),
            idempotency_key: "own-product-checkout-01".into(),
        }
        .validate()
        .unwrap();
        let orders_before = order::Entity::find().count(&db).await.unwrap();
        assert_eq!(orders::checkout(&db, member, checkout).await, Err(AppError::OwnProduct));
        assert_eq!(order::Entity::find().count(&db).await.unwrap(), orders_before);
        let stock = |id| {
            let db = db.clone();
            async move { product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().stock }
        };
        assert_eq!((stock(own.id).await, stock(other.id).await), (own.stock, other.stock), "no unit was taken");

        // Nor rated by its own producer's member.
        let review = ReviewForm { rating: "5".into(), body: "Tuyệt vời".into() }.validate().unwrap();
        assert_eq!(reviews::add_review(&db, member, own.id, review.clone()).await, Err(AppError::OwnProduct));
        // Someone else's product: the usual rule (a delivered order first).
        assert_eq!(reviews::add_review(&db, member, other.id, review).await, Err(AppError::Forbidden));
    }
});

// ---------------------------------------------------------------- trade

on_both_databases!(quotes_racing_an_acceptance_and_a_decline_leave_one_outcome, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let buyer = user_id(&db, "sieuthi@cholang.test").await;
        let maker = user_id(&db, "gom.battrang@cholang.test").await;
        let producer = user::Entity::find_by_id(maker).one(&db).await.unwrap().unwrap().producer_id.unwrap();
        let slug = producer::Entity::find_by_id(producer).one(&db).await.unwrap().unwrap().slug;
        let products: Vec<i32> = published_of(&db, producer).await.into_iter().map(|p| p.id).take(2).collect();
        let quote = |price: &str| {
            QuoteForm { price: price.into(), quantity: "500".into(), lead_time_days: "14".into(), valid_until: (today() + Duration::days(20)).format("%Y-%m-%d").to_string() }
                .validate(today())
                .unwrap()
        };
        let seller = Viewer::of(&db, &session(maker, vec![Role::ProducerMember], Some(producer))).await.unwrap();
        let purchaser = Viewer::of(&db, &session(buyer, vec![Role::Buyer], None)).await.unwrap();
        for round in 0..3 {
            let input = RequestForm {
                producer: slug.clone(),
                products: products.iter().map(i32::to_string).collect(),
                quantity: "500".into(),
                unit: "piece".into(),
                target_price: "90.000".into(),
                wanted_by: (today() + Duration::days(60)).format("%Y-%m-%d").to_string(),
                delivery_place: "Kho Long Biên".into(),
                message: format!("Lần {round}"),
            }
            .validate(today())
            .unwrap();
            let id = trade::send_request(&db, buyer, input, Utc::now()).await.unwrap();
            trade::quote(&db, &seller, id, quote("95.000"), Utc::now(), today()).await.unwrap();
            // Eight more quotes, the buyer's acceptance and the producer's decline, at once.
            let (db2, seller2, purchaser2) = (db.clone(), Arc::new(seller.clone()), Arc::new(purchaser.clone()));
            let results = race(10, move |n| {
                let (db, seller, purchaser, quote) = (db2.clone(), seller2.clone(), purchaser2.clone(), quote(&format!("{}.000", 90 + n)));
                async move {
                    match n {
                        0 => trade::accept(&db, &purchaser, id, Utc::now(), today()).await.map(|()| "accepted"),
                        1 => trade::decline(&db, &seller, id, Utc::now(), today()).await.map(|()| "declined"),
                        _ => trade::quote(&db, &seller, id, quote, Utc::now(), today()).await.map(|()| "quoted"),
                    }
                }
            })
            .await;
            let (_, other) = unexpected(&results, &[AppError::Conflict]);
            assert_eq!(other, vec![], "{NO_BUSY}");
            let (accepted, declined) = (results[0].is_ok(), results[1].is_ok());
            assert!(accepted != declined, "exactly one of accepting and declining wins: {results:?}");
            let r = trade_request::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
            assert_eq!(r.status, if accepted { TradeStatus::Accepted } else { TradeStatus::Declined });
            let quoted = results.iter().filter(|r| r == &&Ok("quoted")).count() as u64;
            let stored = trade_quote::Entity::find().filter(trade_quote::Column::RequestId.eq(id)).count(&db).await.unwrap();
            assert_eq!(stored, 1 + quoted, "a refused quote left nothing");
        }
    }
});

// ---------------------------------------------------------------- fairs

on_both_databases!(removing_a_booth_type_racing_applications_for_it_is_one_or_the_other, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let organizer = user_id(&db, "hoicho@cholang.test").await;
        let start = Utc::now() + Duration::days(30);
        let local = app::domain::fairs::to_local_input;
        let form = FairForm {
            name_vi: "Hội chợ Đua".into(),
            description_vi: "Hội chợ sản phẩm làng nghề.".into(),
            starts_at: local(start),
            ends_at: local(start + Duration::days(3)),
            deadline: local(start - Duration::days(2)),
            venue_name: "Trung tâm Triển lãm Giảng Võ".into(),
            venue_address: "148 Giảng Võ".into(),
            district: "ba-dinh".into(),
            contact_name: "Đỗ Thu Hà".into(),
            contact_phone: "0243 846 0000".into(),
            category_1: "thu-cong".into(),
            ..Default::default()
        };
        let fair_id = fairs::create_fair(&db, organizer, form.validate().unwrap()).await.unwrap();
        let booth = |name: &str| BoothTypeForm { name: name.into(), size: "3×3 m".into(), count: "50".into(), price: "2.000.000".into() }.validate().unwrap();
        fairs::add_booth_type(&db, organizer, fair_id, booth("Gian tiêu chuẩn")).await.unwrap();
        fairs::add_booth_type(&db, organizer, fair_id, booth("Gian góc")).await.unwrap();
        fairs::set_status(&db, organizer, fair_id, FairStatus::Published).await.unwrap();
        let corner = booth_type::Entity::find().filter(booth_type::Column::FairId.eq(fair_id)).filter(booth_type::Column::Name.eq("Gian góc")).one(&db).await.unwrap().unwrap().id;
        let mut makers = Vec::new();
        for p in producer::Entity::find().filter(producer::Column::Verification.eq(VerificationStatus::Verified)).order_by_asc(producer::Column::Id).all(&db).await.unwrap() {
            if let Some(shown) = published_of(&db, p.id).await.first() {
                makers.push((p.id, shown.id));
            }
            if makers.len() == 8 {
                break;
            }
        }
        let makers = Arc::new(makers);
        let n = makers.len() + 1;
        let results = race(n, |i| {
            let (db, makers) = (db.clone(), makers.clone());
            async move {
                if i == 0 {
                    return fairs::remove_booth_type(&db, organizer, corner).await.map(|()| 0);
                }
                let (producer, product) = makers[i - 1];
                let exhibit = ExhibitForm { booth_type: corner.to_string(), products: vec![product.to_string()], note: "Gốm men lam".into() }.validate().unwrap();
                fairs::apply(&db, producer, fair_id, exhibit, Utc::now()).await
            }
        })
        .await;
        let unknown = AppError::invalid("booth_type", Problem::Unknown);
        let (_, other) = unexpected(&results, &[AppError::Conflict, unknown.clone()]);
        assert_eq!(other, vec![], "{NO_BUSY} (no foreign-key violation)");
        let applied = results[1..].iter().filter(|r| r.is_ok()).count();
        let stored = fair_application::Entity::find().filter(fair_application::Column::BoothTypeId.eq(corner)).count(&db).await.unwrap();
        assert_eq!(stored, applied as u64);
        let still_there = booth_type::Entity::find_by_id(corner).one(&db).await.unwrap().is_some();
        if results[0].is_ok() {
            assert_eq!((applied, still_there), (0, false), "removed: every application for it came later and was refused");
            assert_eq!(count_of(&results[1..], &unknown), n - 1);
        } else {
            assert_eq!(results[0], Err(AppError::Conflict));
            assert!(applied > 0 && still_there, "kept because an application came first");
        }
    }
});

// ---------------------------------------------------------------- accounts

on_both_databases!(concurrent_password_changes_from_one_password_let_one_through, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let old = "men lam Bát Tràng 1958";
        let user = accounts::register(&db, "doi.mat.khau@test.vn", old, "Nguyễn Thị Hoa").await.unwrap();
        let results = race(3, |n| {
            let db = db.clone();
            async move { accounts::change_password(&db, user, old, &format!("gốm men rạn số {n} mới"), None).await.map(|()| n) }
        })
        .await;
        let wrong = AppError::invalid("current_password", Problem::WrongPassword);
        let (wins, other) = unexpected(&results, &[wrong]);
        assert_eq!((wins, other), (1, vec![]), "the second change finds the password it was given no longer current");
        let winner = results.iter().find_map(|r| r.as_ref().ok().copied()).unwrap();
        let ip = "203.0.113.9";
        assert!(accounts::authenticate(&db, "doi.mat.khau@test.vn", &format!("gốm men rạn số {winner} mới"), ip).await.is_ok());
    }
});
