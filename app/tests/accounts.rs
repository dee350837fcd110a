//! Accounts, sessions, login throttling, producer onboarding, the storefront editor and the
//! office's review, on SQLite and PostgreSQL. Every rule is checked by what the database
//! holds afterwards, not only by what a function returns.

mod support;

use app::backend::{accounts, catalog, entities::*, office, seed, sessions, storefront, throttle};
use app::domain::catalog::CatalogQuery;
use app::domain::storefront::{ApplicationForm, PhotoMove, ProductForm, ProfileForm};
use app::domain::{ProducerKind, ProductStatus, Role, VerificationStatus};
use app::error::{AppError, Problem};
use app::i18n::Lang;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use support::TestDb;

const GOOD_PASSWORD: &str = "men lam Bát Tràng 1958";

async fn new_user(db: &DatabaseConnection, email: &str) -> i32 {
    accounts::register(db, email, GOOD_PASSWORD, "Nguyễn Thị Hoa").await.expect("register")
}

fn application(name: &str) -> ApplicationForm {
    ApplicationForm {
        kind: "household".into(),
        name: name.into(),
        village: "bat-trang".into(),
        commune: String::new(),
        address_line: "Xóm 3".into(),
        phone: "0912 345 678".into(),
        story_vi: "Ba đời làm gốm men rạn.".into(),
    }
}

fn product_form(name: &str) -> ProductForm {
    ProductForm {
        name_vi: name.into(),
        description_vi: "Gốm vẽ tay, nung củi.".into(),
        category: "gom-su".into(),
        price: "450.000".into(),
        unit: "piece".into(),
        stock: "7".into(),
        ..Default::default()
    }
}

/// A verified-or-not producer with its member's user id.
async fn producer_with_member(db: &DatabaseConnection, email: &str, name: &str) -> (i32, i32) {
    let user_id = new_user(db, email).await;
    let producer_id = storefront::apply(db, user_id, application(name).validate().unwrap()).await.expect("apply");
    (user_id, producer_id)
}

/// A leaf category slug from the seed, since the tests' products need one.
async fn leaf_category(db: &DatabaseConnection) -> String {
    category::Entity::find().filter(category::Column::ParentId.is_not_null()).one(db).await.unwrap().unwrap().slug
}

on_both_databases!(registration_checks_every_field_and_refuses_a_taken_email, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let id = new_user(&db, "  Hoa@Example.VN ").await;
        let u = accounts::session_user(&db, id).await.unwrap().unwrap();
        assert_eq!(u.email, "hoa@example.vn");
        assert_eq!(u.roles, vec![Role::Consumer]);
        let stored = user::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert!(stored.password_hash.starts_with("$argon2id$"), "only a hash is stored");

        let err = accounts::register(&db, "hoa@example.vn", GOOD_PASSWORD, "Hoa").await.unwrap_err();
        assert_eq!(err.field_problem("email"), Some(Problem::Taken));
        let err = accounts::register(&db, "x", "ngan", "").await.unwrap_err();
        assert_eq!(err.field_problem("email"), Some(Problem::Malformed));
        assert_eq!(err.field_problem("password"), Some(Problem::TooShort));
        assert_eq!(err.field_problem("display_name"), Some(Problem::Required));
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 1, "nothing written for refused registrations");
    }
});

on_both_databases!(login_accepts_the_right_password_only_and_is_throttled, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let id = new_user(&db, "hoa@example.vn").await;
        new_user(&db, "lan@example.vn").await;
        assert_eq!(accounts::authenticate(&db, "HOA@example.vn", GOOD_PASSWORD, "10.0.0.1").await, Ok(id));
        assert_eq!(accounts::authenticate(&db, "hoa@example.vn", "sai mật khẩu rồi", "10.0.0.1").await, Err(AppError::BadCredentials));
        assert_eq!(accounts::authenticate(&db, "khong-co@example.vn", GOOD_PASSWORD, "10.0.0.1").await, Err(AppError::BadCredentials));

        // Five failures for one account: even the right password is refused for a while.
        for _ in 0..throttle::ACCOUNT_LIMIT - 1 {
            let _ = accounts::authenticate(&db, "hoa@example.vn", "wrong password!", "10.0.0.2").await;
        }
        assert_eq!(accounts::authenticate(&db, "hoa@example.vn", GOOD_PASSWORD, "10.0.0.3").await, Err(AppError::RateLimited));
        assert_eq!(AppError::RateLimited.status(), 429);
        // Another account from another address is not affected.
        assert!(accounts::authenticate(&db, "lan@example.vn", GOOD_PASSWORD, "10.0.0.4").await.is_ok());

        // One address trying many accounts is stopped too.
        for n in 0..throttle::IP_LIMIT {
            let _ = accounts::authenticate(&db, &format!("guess{n}@example.vn"), "wrong password!", "10.9.9.9").await;
        }
        assert_eq!(accounts::authenticate(&db, "lan@example.vn", GOOD_PASSWORD, "10.9.9.9").await, Err(AppError::RateLimited));
    }
});

on_both_databases!(concurrent_wrong_passwords_are_counted_before_they_are_checked, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        new_user(&db, "hoa@example.vn").await;
        // 50 guesses at once, each from its own address: the account's limit is what binds.
        let guesses: Vec<_> = (0..50u32)
            .map(|n| {
                let db = db.clone();
                tokio::spawn(async move {
                    let ip = format!("10.7.{}.{}", n / 200, n % 200);
                    accounts::authenticate(&db, "hoa@example.vn", &format!("wrong guess {n}"), &ip).await
                })
            })
            .collect();
        let (mut refused, mut limited) = (0, 0);
        for guess in guesses {
            match guess.await.unwrap() {
                Err(AppError::BadCredentials) => refused += 1,
                Err(AppError::RateLimited) => limited += 1,
                other => panic!("unexpected answer to a wrong guess: {other:?}"),
            }
        }
        assert_eq!(refused, throttle::ACCOUNT_LIMIT, "only the reserved attempts were checked");
        assert_eq!(limited, 50 - throttle::ACCOUNT_LIMIT);
        // The right password is refused while the account is blocked, from any address.
        assert_eq!(accounts::authenticate(&db, "hoa@example.vn", GOOD_PASSWORD, "10.8.0.1").await, Err(AppError::RateLimited));
        // Refused attempts gave their address reservations back: only checked ones count.
        let mut counted = 0;
        for n in 0..50u32 {
            counted += throttle::failures(&db, &throttle::ip_key(&format!("10.7.{}.{}", n / 200, n % 200))).await.unwrap();
        }
        assert_eq!(counted, throttle::ACCOUNT_LIMIT);
        assert_eq!(throttle::failures(&db, &throttle::ip_key("10.8.0.1")).await.unwrap(), 0);
    }
});

on_both_databases!(throttling_reserves_the_address_first_and_a_success_clears_the_account, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let id = new_user(&db, "hoa@example.vn").await;
        new_user(&db, "lan@example.vn").await;
        let account = throttle::account_key("hoa@example.vn");
        for _ in 0..2 {
            assert_eq!(accounts::authenticate(&db, "hoa@example.vn", "wrong password!", "10.0.0.1").await, Err(AppError::BadCredentials));
        }
        assert_eq!(throttle::failures(&db, &account).await.unwrap(), 2);
        // A success clears the account and gives its own address reservation back.
        assert_eq!(accounts::authenticate(&db, "hoa@example.vn", GOOD_PASSWORD, "10.0.0.1").await, Ok(id));
        assert_eq!(throttle::failures(&db, &account).await.unwrap(), 0);
        assert_eq!(throttle::failures(&db, &throttle::ip_key("10.0.0.1")).await.unwrap(), 2, "the failures still count");

        // A blocked address reserves nothing on the accounts it tries.
        for n in 0..throttle::IP_LIMIT {
            let _ = accounts::authenticate(&db, &format!("guess{n}@example.vn"), "wrong password!", "10.9.9.9").await;
        }
        assert_eq!(accounts::authenticate(&db, "lan@example.vn", "wrong password!", "10.9.9.9").await, Err(AppError::RateLimited));
        assert_eq!(throttle::failures(&db, &throttle::account_key("lan@example.vn")).await.unwrap(), 0);

        // Rows whose window is over are purged; current ones stay.
        let rows = || async {
            use sea_orm::{ConnectionTrait, Statement};
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM login_throttle"))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        };
        let before = rows().await;
        assert!(before > 0);
        assert_eq!(throttle::purge_expired(&db).await.unwrap(), 0, "nothing has expired yet");
        let later = chrono::Utc::now() + chrono::Duration::minutes(throttle::WINDOW_MINUTES + 1);
        assert_eq!(throttle::purge_expired_at(&db, later).await.unwrap(), before as u64);
        assert_eq!(rows().await, 0);
    }
});

on_both_databases!(sessions_live_in_the_database_and_a_password_change_ends_the_others, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        let id = new_user(&db, "hoa@example.vn").await;
        let phone = sessions::start(&db, id).await.unwrap();
        let laptop = sessions::start(&db, id).await.unwrap();
        assert_ne!(phone, laptop);
        assert_eq!(sessions::user_of(&db, &phone).await.unwrap(), Some(id));
        assert!(session::Entity::find_by_id(phone.clone()).one(&db).await.unwrap().is_none(), "the token itself is not stored");
        assert_eq!(sessions::user_of(&db, "not-a-token").await.unwrap(), None);

        let err = accounts::change_password(&db, id, "wrong current one", "một mật khẩu mới dài", Some(&laptop)).await.unwrap_err();
        assert_eq!(err.field_problem("current_password"), Some(Problem::WrongPassword));
        assert_eq!(sessions::user_of(&db, &phone).await.unwrap(), Some(id), "a refused change ends nothing");
        accounts::change_password(&db, id, GOOD_PASSWORD, "một mật khẩu mới dài", Some(&laptop)).await.unwrap();
        assert_eq!(sessions::user_of(&db, &phone).await.unwrap(), None, "the other session ended");
        assert_eq!(sessions::user_of(&db, &laptop).await.unwrap(), Some(id), "the changing session stays");
        assert!(accounts::authenticate(&db, "hoa@example.vn", "một mật khẩu mới dài", "1.1.1.1").await.is_ok());

        sessions::end(&db, &laptop).await.unwrap();
        assert_eq!(sessions::user_of(&db, &laptop).await.unwrap(), None);
    }
});

on_both_databases!(an_application_makes_a_pending_producer_that_only_the_office_makes_public, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let (user_id, producer_id) = producer_with_member(&db, "hoa@example.vn", "Gốm Hoa Nguyễn").await;
        let me = accounts::session_user(&db, user_id).await.unwrap().unwrap();
        assert!(me.has(Role::ProducerMember));
        assert_eq!(me.producer.as_ref().map(|p| p.verification), Some(VerificationStatus::Pending));
        assert_eq!(me.producer.as_ref().map(|p| p.kind), Some(ProducerKind::Household));
        let again = storefront::apply(&db, user_id, application("Lần hai").validate().unwrap()).await;
        assert_eq!(again, Err(AppError::Conflict), "one producer per member");

        let pid = storefront::create_product(&db, producer_id, ProductForm { category: category.clone(), ..product_form("Bình hút lộc men rạn") }.validate().unwrap())
            .await
            .unwrap();
        let created = product::Entity::find_by_id(pid).one(&db).await.unwrap().unwrap();
        assert_eq!(created.status, ProductStatus::Draft);
        assert!(created.search_folded.contains("binh hut loc"), "the listing text follows the write");

        // Publishing needs a photo.
        assert_eq!(
            storefront::set_status(&db, producer_id, pid, ProductStatus::Published).await.unwrap_err().field_problem("photos"),
            Some(Problem::Required)
        );
        storefront::add_photo(&db, producer_id, pid, "/uploads/products/a.jpg".into(), "/uploads/products/a-thumb.jpg".into()).await.unwrap();
        storefront::set_status(&db, producer_id, pid, ProductStatus::Published).await.unwrap();

        let search = CatalogQuery { q: "binh hut loc men ran".into(), ..Default::default() };
        let before = catalog::list_products(&db, &search, Lang::Vi).await.unwrap();
        assert!(before.items.iter().all(|c| c.name != "Bình hút lộc men rạn"), "a pending producer's products are not public");

        assert_eq!(
            office::review_producer(&db, producer_id, false, "  ").await.unwrap_err().field_problem("note"),
            Some(Problem::Required),
            "a rejection needs a reason"
        );
        office::review_producer(&db, producer_id, true, "").await.unwrap();
        assert_eq!(office::review_producer(&db, producer_id, true, "").await, Err(AppError::Conflict));
        let after = catalog::list_products(&db, &search, Lang::Vi).await.unwrap();
        assert_eq!(after.items.first().map(|c| c.name.as_str()), Some("Bình hút lộc men rạn"), "found without accents once verified");
        assert!(office::pending_producers(&db).await.unwrap().iter().all(|p| p.id != producer_id));
    }
});

on_both_databases!(a_producer_touches_only_its_own_rows, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let (_, mine) = producer_with_member(&db, "hoa@example.vn", "Gốm Hoa").await;
        let (_, theirs) = producer_with_member(&db, "lan@example.vn", "Lụa Lan").await;
        let form = ProductForm { category: category.clone(), ..product_form("Đĩa men lam") };
        let their_product = storefront::create_product(&db, theirs, form.validate().unwrap()).await.unwrap();
        let photo = storefront::add_photo(&db, theirs, their_product, "/uploads/p/x.jpg".into(), "/uploads/p/x-t.jpg".into()).await.unwrap();
        let before = product::Entity::find_by_id(their_product).one(&db).await.unwrap().unwrap();

        let changed = ProductForm { name_vi: "Đã bị sửa".into(), ..form.clone() }.validate().unwrap();
        assert_eq!(storefront::update_product(&db, mine, their_product, changed).await, Err(AppError::Forbidden));
        assert_eq!(storefront::set_stock(&db, mine, their_product, 0).await, Err(AppError::Forbidden));
        assert_eq!(storefront::set_status(&db, mine, their_product, ProductStatus::Archived).await, Err(AppError::Forbidden));
        assert_eq!(storefront::duplicate_product(&db, mine, their_product, Lang::Vi).await, Err(AppError::Forbidden));
        assert_eq!(storefront::product_draft(&db, mine, their_product).await.map(|_| ()), Err(AppError::Forbidden));
        assert_eq!(storefront::add_photo(&db, mine, their_product, "/u/y.jpg".into(), "/u/y-t.jpg".into()).await, Err(AppError::Forbidden));
        assert_eq!(storefront::move_photo(&db, mine, photo, PhotoMove::Cover).await, Err(AppError::Forbidden));
        assert_eq!(storefront::remove_photo(&db, mine, photo).await, Err(AppError::Forbidden));
        assert_eq!(storefront::set_stock(&db, mine, 999_999, 1).await, Err(AppError::NotFound));

        let after = product::Entity::find_by_id(their_product).one(&db).await.unwrap().unwrap();
        assert_eq!(before, after, "nothing changed");
        assert_eq!(product_image::Entity::find().filter(product_image::Column::ProductId.eq(their_product)).count(&db).await.unwrap(), 1);
        assert!(storefront::my_products(&db, mine, "", None, Lang::Vi).await.unwrap().is_empty(), "their products are not in my list");
    }
});

on_both_databases!(the_editor_saves_duplicates_orders_photos_and_edits_stock, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let (_, me) = producer_with_member(&db, "hoa@example.vn", "Gốm Hoa").await;
        let form = ProductForm { category: category.clone(), wholesale_price: "400.000".into(), min_order_qty: "10".into(), ..product_form("Lọ hoa men ngọc") };
        let id = storefront::create_product(&db, me, form.validate().unwrap()).await.unwrap();
        let draft = storefront::product_draft(&db, me, id).await.unwrap();
        assert_eq!(draft.form.price, "450000");
        assert_eq!(draft.form.wholesale_price, "400000");
        assert_eq!(draft.form.min_order_qty, "10");

        // A parent category is refused: products sit in a leaf.
        let top = category::Entity::find().filter(category::Column::ParentId.is_null()).one(&db).await.unwrap().unwrap().slug;
        let err = storefront::update_product(&db, me, id, ProductForm { category: top, ..form.clone() }.validate().unwrap()).await.unwrap_err();
        assert_eq!(err.field_problem("category"), Some(Problem::Unknown));

        let a = storefront::add_photo(&db, me, id, "/uploads/p/a.jpg".into(), "/uploads/p/a-t.jpg".into()).await.unwrap();
        let b = storefront::add_photo(&db, me, id, "/uploads/p/b.jpg".into(), "/uploads/p/b-t.jpg".into()).await.unwrap();
        storefront::move_photo(&db, me, b, PhotoMove::Cover).await.unwrap();
        let order: Vec<i32> = storefront::photos(&db, id).await.unwrap().into_iter().map(|p| p.id).collect();
        assert_eq!(order, vec![b, a]);

        let copy = storefront::duplicate_product(&db, me, id, Lang::Vi).await.unwrap();
        let copied = storefront::product_draft(&db, me, copy).await.unwrap();
        assert_ne!(copied.slug, draft.slug);
        assert_eq!(copied.status, ProductStatus::Draft);
        assert_eq!(copied.photos.len(), 2);
        // A file shared by the copy is not deleted with the original's photo.
        assert!(storefront::remove_photo(&db, me, a).await.unwrap().is_empty());

        storefront::set_stock(&db, me, id, 0).await.unwrap();
        assert_eq!(product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().stock, 0);
        let listed = storefront::my_products(&db, me, "lo hoa", None, Lang::Vi).await.unwrap();
        assert_eq!(listed.len(), 2, "search without accents in my products");
        let drafts = storefront::my_products(&db, me, "", Some(ProductStatus::Published), Lang::Vi).await.unwrap();
        assert!(drafts.is_empty());

        let profile = ProfileForm { name: "Gốm Hoa Bát Tràng".into(), story_vi: "Đoạn một.\n\nĐoạn hai.".into(), address_line: "Xóm 3".into(), phone: "+84 912 345 678".into(), ..Default::default() };
        storefront::update_profile(&db, me, profile.validate().unwrap()).await.unwrap();
        let s = storefront::storefront(&db, me).await.unwrap();
        assert_eq!(s.profile.phone, "0912345678");
        assert_eq!(s.profile.story_vi, "Đoạn một.\n\nĐoạn hai.");
        let p = product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert!(p.search_folded.contains("gom hoa bat trang"), "a renamed producer is found through its products");
    }
});

on_both_databases!(a_submitted_certificate_counts_only_once_the_office_verifies_it, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        use app::domain::storefront::CertificateForm;
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let (_, mine) = producer_with_member(&db, "hoa@example.vn", "Gốm Hoa").await;
        let (_, theirs) = producer_with_member(&db, "lan@example.vn", "Lụa Lan").await;
        let id = storefront::create_product(&db, mine, ProductForm { category, ..product_form("Chén men rạn") }.validate().unwrap()).await.unwrap();
        let today = app::domain::time::today_in_vietnam();
        let form = CertificateForm {
            stars: "4".into(), level: "city".into(), decision_number: "2025/QĐ-UBND".into(),
            decision_date: (today - chrono::Days::new(30)).format("%Y-%m-%d").to_string(),
        };
        let input = form.validate(today).unwrap();
        assert_eq!(storefront::submit_certificate(&db, theirs, id, input.clone(), None).await, Err(AppError::Forbidden));
        let cert = storefront::submit_certificate(&db, mine, id, input, Some("/uploads/certificates/a.pdf".into())).await.unwrap();
        let listed = product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert_eq!(listed.ocop_stars, None, "a pending certificate gives no stars");
        let rows = storefront::product_certificates(&db, mine, id, Lang::Vi).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].status, VerificationStatus::Pending);
        assert!(office::pending_certificates(&db, Lang::Vi).await.unwrap().iter().any(|c| c.id == cert));

        assert_eq!(office::review_certificate(&db, cert, false, "", None).await.unwrap_err().field_problem("note"), Some(Problem::Required));
        office::review_certificate(&db, cert, true, "", None).await.unwrap();
        assert_eq!(office::review_certificate(&db, cert, true, "", None).await, Err(AppError::Conflict));
        let listed = product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert_eq!(listed.ocop_stars, Some(4), "verified: the product carries its stars");
        assert!(office::pending_certificates(&db, Lang::Vi).await.unwrap().iter().all(|c| c.id != cert));
    }
});

on_both_databases!(a_cooperative_adds_members_and_lists_products_for_them, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        use app::domain::storefront::MemberForm;
        seed::seed_demo(&db).await.unwrap();
        let category = leaf_category(&db).await;
        let user = new_user(&db, "htx@example.vn").await;
        let coop = storefront::apply(&db, user, ApplicationForm { kind: "cooperative".into(), ..application("HTX Gốm Mới") }.validate().unwrap()).await.unwrap();
        let (_, household) = producer_with_member(&db, "ho@example.vn", "Hộ Lẻ").await;
        let member = MemberForm { name: "Hộ bà Nguyễn Thị Mai".into(), address_line: "Xóm 5".into(), phone: String::new() }.validate().unwrap();
        assert_eq!(storefront::add_member(&db, household, member.clone()).await, Err(AppError::Forbidden), "only a cooperative has members");
        let mai = storefront::add_member(&db, coop, member).await.unwrap();
        let s = storefront::storefront(&db, coop).await.unwrap();
        assert_eq!(s.members, vec![(mai, "Hộ bà Nguyễn Thị Mai".to_owned())]);
        let added = producer::Entity::find_by_id(mai).one(&db).await.unwrap().unwrap();
        assert_eq!(added.kind, ProducerKind::Household);
        assert_eq!(added.verification, VerificationStatus::Pending);

        // A product for the member: only one of the cooperative's own members is accepted.
        let not_member = ProductForm { category: category.clone(), member: household.to_string(), ..product_form("Bát men lam") };
        assert_eq!(storefront::create_product(&db, coop, not_member.validate().unwrap()).await.unwrap_err().field_problem("member"), Some(Problem::Unknown));
        let for_mai = ProductForm { category, member: mai.to_string(), ..product_form("Bát men lam") };
        let id = storefront::create_product(&db, coop, for_mai.validate().unwrap()).await.unwrap();
        let listed = storefront::my_products(&db, coop, "", None, Lang::Vi).await.unwrap();
        assert_eq!(listed.iter().find(|p| p.id == id).and_then(|p| p.member_name.clone()).as_deref(), Some("Hộ bà Nguyễn Thị Mai"));

        // Public once the cooperative is verified and the product published, "from member household".
        storefront::add_photo(&db, coop, id, "/uploads/p/m.jpg".into(), "/uploads/p/m-t.jpg".into()).await.unwrap();
        storefront::set_status(&db, coop, id, ProductStatus::Published).await.unwrap();
        office::review_producer(&db, coop, true, "").await.unwrap();
        let slug = product::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().slug;
        let page = app::backend::detail::product_detail(&db, &app::domain::Slug::parse(&slug).unwrap(), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(page.member_household.as_deref(), Some("Hộ bà Nguyễn Thị Mai"));
    }
});
