//! Offline channels and kinds of events, on SQLite and PostgreSQL: who manages which point
//! of sale, stocking lists (one product, by producer, by category), nearest-first ordering,
//! the fields each kind of event needs, and workshop registration under racing sign-ups.

mod support;

use std::sync::Arc;

use app::backend::entities::*;
use app::backend::points_of_sale::{self as pos, Manager};
use app::backend::{calendar, fairs, seed};
use app::domain::fairs::{FairForm, FairsQuery};
use app::domain::points_of_sale::{PosForm, StockChange};
use app::domain::{EventKind, FairStatus, PosKind, RegistrantRole, Role, Slug, VerificationStatus};
use app::error::{AppError, Problem};
use app::i18n::Lang;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use support::{session, user_id, TestDb};

fn shop(name: &str, kind: &str, district: &str, coordinates: Option<(f64, f64)>) -> app::domain::points_of_sale::PosInput {
    PosForm {
        name: name.into(),
        kind: kind.into(),
        address: "12 Phố Huế".into(),
        district: district.into(),
        latitude: coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
        longitude: coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}



on_both_databases!(points_of_sale_belong_to_their_managers_and_sort_nearest_first, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let buyer = Manager::Buyer(user_id(&db, "sieuthi@cholang.test").await);
        let producer = Manager::Producer(1);
        let other_producer = Manager::Producer(2);

        // Each manager runs its own kinds of places.
        let office_shop = pos::create(&db, Manager::Office, shop("Cửa hàng OCOP Thử", "ocop_shop", "ba-vi", None)).await.unwrap();
        let outlet = pos::create(&db, buyer, shop("Siêu thị Thử Hoàn Kiếm", "supermarket", "hoan-kiem", Some((21.03, 105.85)))).await.unwrap();
        assert_eq!(pos::create(&db, buyer, shop("Showroom giả", "village_showroom", "gia-lam", None)).await, Err(AppError::invalid("kind", Problem::OutOfRange)));
        let showroom = pos::create(&db, producer, shop("Showroom Thử", "village_showroom", "gia-lam", None)).await.unwrap();
        assert_eq!(pos::create(&db, producer, shop("Siêu thị giả", "supermarket", "gia-lam", None)).await, Err(AppError::invalid("kind", Problem::OutOfRange)));
        assert_eq!(pos::create(&db, Manager::Office, shop("Ở đâu", "ocop_shop", "khong-co", None)).await, Err(AppError::invalid("district", Problem::Unknown)));

        // Nobody touches another's place; the office touches all.
        assert_eq!(pos::update(&db, buyer, showroom, shop("Đổi", "supermarket", "gia-lam", None)).await, Err(AppError::Forbidden));
        assert_eq!(pos::delete(&db, other_producer, showroom).await, Err(AppError::Forbidden));
        assert_eq!(pos::change_stock(&db, producer, outlet, StockChange::Remove(1)).await, Err(AppError::Forbidden));
        assert_eq!(pos::managed_detail(&db, buyer, office_shop, Lang::Vi).await.map(|_| ()), Err(AppError::Forbidden));
        pos::update(&db, Manager::Office, outlet, shop("Siêu thị Thử Hoàn Kiếm", "supermarket", "hoan-kiem", Some((21.03, 105.85)))).await.unwrap();
        assert_eq!(pos::managed_list(&db, buyer).await.unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), vec![outlet]);

        // Stocking: the producer's showroom takes only its own products.
        let theirs = producer::Entity::find_by_id(2).one(&db).await.unwrap().unwrap().slug;
        let mine = producer::Entity::find_by_id(1).one(&db).await.unwrap().unwrap().slug;
        assert_eq!(pos::change_stock(&db, producer, showroom, StockChange::AddProducer(Slug::parse(&theirs).unwrap())).await, Err(AppError::invalid("value", Problem::Unknown)));
        let added = pos::change_stock(&db, producer, showroom, StockChange::AddProducer(Slug::parse(&mine).unwrap())).await.unwrap();
        assert!(added > 0);
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).order_by_asc(product::Column::Id).one(&db).await.unwrap().unwrap();
        // The office stocks the same product far away; the buyer in Hoàn Kiếm; by category too.
        pos::change_stock(&db, Manager::Office, office_shop, StockChange::AddProduct(Slug::parse(&target.slug).unwrap())).await.unwrap();
        pos::change_stock(&db, buyer, outlet, StockChange::AddProduct(Slug::parse(&target.slug).unwrap())).await.unwrap();
        let by_category = pos::change_stock(&db, buyer, outlet, StockChange::AddCategory(Slug::parse("thu-cong").unwrap())).await.unwrap();
        assert!(by_category > 1, "a top-level category adds the products of its leaves");
        assert_eq!(pos::change_stock(&db, buyer, outlet, StockChange::AddProduct(Slug::parse("khong-co").unwrap())).await, Err(AppError::invalid("value", Problem::Unknown)));

        // Nearest first from the district a visitor picks.
        let from_gia_lam = pos::sold_at(&db, Some(target.id), None, Some("gia-lam")).await.unwrap();
        let ours: Vec<i32> = from_gia_lam.points.iter().map(|p| p.id).filter(|id| [office_shop, outlet, showroom].contains(id)).collect();
        assert_eq!(ours, vec![showroom, outlet, office_shop], "Gia Lâm, then Hoàn Kiếm, then Ba Vì");
        let distances: Vec<u32> = from_gia_lam.points.iter().filter_map(|p| p.distance_tenths_km).collect();
        assert!(distances.windows(2).all(|w| w[0] <= w[1]), "sorted by distance: {distances:?}");
        let from_ba_vi = pos::sold_at(&db, Some(target.id), None, Some("ba-vi")).await.unwrap();
        assert_eq!(from_ba_vi.points.iter().map(|p| p.id).find(|id| [office_shop, outlet, showroom].contains(id)), Some(office_shop));
        assert!(pos::sold_at(&db, None, Some(1), None).await.unwrap().points.iter().any(|p| p.id == showroom), "a storefront's products too");

        // The public list filters by district and kind; a place's page shows its products.
        let in_gia_lam = pos::list(&db, Some("gia-lam"), Some(PosKind::VillageShowroom), None).await.unwrap();
        assert!(in_gia_lam.points.iter().all(|p| p.kind == PosKind::VillageShowroom && p.district.slug.as_str() == "gia-lam"));
        assert!(in_gia_lam.points.iter().any(|p| p.id == showroom));
        let page = pos::detail(&db, &Slug::parse("showroom-thu").unwrap(), Lang::Vi).await.unwrap().unwrap();
        assert_eq!(page.products.len() as u64, added.min(200));
        // Removing takes it off the list.
        pos::change_stock(&db, Manager::Office, office_shop, StockChange::Remove(target.id)).await.unwrap();
        assert!(!pos::sold_at(&db, Some(target.id), None, None).await.unwrap().points.iter().any(|p| p.id == office_shop));
    }
});

fn event(kind: &str, days: i64) -> FairForm {
    let start = Utc::now() + Duration::days(days);
    let local = app::domain::fairs::to_local_input;
    FairForm {
        kind: kind.into(),
        name_vi: format!("Sự kiện {kind}"),
        description_vi: "Kết nối giao thương.".into(),
        starts_at: local(start),
        ends_at: local(start + Duration::hours(4)),
        deadline: local(start - Duration::days(1)),
        venue_name: "Hội trường".into(),
        venue_address: "1 Tràng Tiền".into(),
        district: "hoan-kiem".into(),
        contact_name: "Trịnh Văn Bình".into(),
        contact_phone: "0912000222".into(),
        ..Default::default()
    }
}

on_both_databases!(each_kind_of_event_needs_its_fields_and_workshops_never_overfill, |t: &TestDb| {
    let db = t.db.clone();
    async move {
        seed::seed_demo(&db).await.unwrap();
        let organizer = user_id(&db, "hoicho@cholang.test").await;

        // The fields each kind needs.
        let online = FairForm { venue_name: String::new(), venue_address: String::new(), ..event("livestream", 10) };
        assert_eq!(online.validate().unwrap_err().field_problem("online_url"), Some(Problem::Required));
        let online = FairForm { online_url: "https://live.cholang.test/dem-gom".into(), ..online };
        let live = fairs::create_fair(&db, organizer, online.validate().unwrap()).await.unwrap();
        fairs::set_status(&db, organizer, live, FairStatus::Published).await.expect("an online event needs no booths");
        assert_eq!(FairForm { online_url: "javascript:alert(1)".into(), ..event("livestream", 10) }.validate().unwrap_err().field_problem("online_url"), Some(Problem::Malformed));
        let no_agenda = event("workshop", 20).validate().unwrap_err();
        assert_eq!((no_agenda.field_problem("agenda"), no_agenda.field_problem("capacity")), (Some(Problem::Required), Some(Problem::Required)));
        assert_eq!(event("market_day", 20).validate().unwrap_err().field_problem("village"), Some(Problem::Required));
        let market = FairForm { village: "bat-trang".into(), ..event("market_day", 20) };
        let market_id = fairs::create_fair(&db, organizer, market.validate().unwrap()).await.unwrap();
        assert_eq!(fairs::set_status(&db, organizer, market_id, FairStatus::Published).await, Err(AppError::invalid("booth_types", Problem::Required)), "a market day has stalls");

        // A workshop with three places, ten buyers racing for them.
        let workshop = FairForm { agenda: "9:00 Giới thiệu · 10:00 Gặp gỡ".into(), capacity: "3".into(), ..event("workshop", 20) };
        let id = fairs::create_fair(&db, organizer, workshop.validate().unwrap()).await.unwrap();
        fairs::set_status(&db, organizer, id, FairStatus::Published).await.unwrap();
        let mut buyers = Vec::new();
        for n in 0..10 {
            let u = user::ActiveModel {
                email: Set(format!("muahang{n}@test.vn")),
                password_hash: Set("x".into()),
                display_name: Set(format!("Người mua {n}")),
                producer_id: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            // Buyers register once the office has verified their business.
            let unverified = session(u.id, vec![Role::Buyer], None);
            if n == 0 {
                assert_eq!(fairs::register(&db, &unverified, id, RegistrantRole::Buyer, Utc::now()).await, Err(AppError::Forbidden));
            }
            buyer_business::ActiveModel {
                user_id: Set(u.id),
                name: Set(format!("Cửa hàng {n}")),
                kind: Set(app::domain::BuyerKind::ShopChain),
                tax_code: Set(format!("010000000{n}")),
                address: Set("1 Phố Huế".into()),
                district_id: Set(1),
                contact_person: Set(format!("Người mua {n}")),
                phone: Set("0912345678".into()),
                verification: Set(VerificationStatus::Verified),
                review_note: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap();
            buyers.push(unverified);
        }
        let shared = Arc::new(db.clone());
        let handles: Vec<_> = buyers.iter().cloned().map(|b| {
            let db = shared.clone();
            tokio::spawn(async move { fairs::register(&db, &b, id, RegistrantRole::Buyer, Utc::now()).await })
        }).collect();
        let (mut ok, mut full) = (0, 0);
        for h in handles {
            match h.await.unwrap() {
                Ok(()) => ok += 1,
                Err(AppError::Validation { fields }) if fields[0].problem == Problem::NoneLeft => full += 1,
                Err(other) => panic!("a registration failed with {other:?}"),
            }
        }
        assert_eq!((ok, full), (3, 7));
        assert_eq!(fair::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().registered, 3);

        // A registered buyer frees a place; the Bát Tràng producer takes it; they see each other.
        let registered: Vec<i32> = event_registration::Entity::find().filter(event_registration::Column::FairId.eq(id)).all(&db).await.unwrap().iter().map(|r| r.user_id).collect();
        let buyer = buyers.iter().find(|b| registered.contains(&b.id)).unwrap().clone();
        let maker = session(user_id(&db, "gom.battrang@cholang.test").await, vec![Role::ProducerMember], Some(1));
        assert_eq!(fairs::register(&db, &maker, id, RegistrantRole::Buyer, Utc::now()).await, Err(AppError::Forbidden), "a producer is not a buyer");
        let stranger = buyers.iter().find(|b| !registered.contains(&b.id)).unwrap().clone();
        assert!(fairs::participation(&db, &stranger, id).await.unwrap().participants.is_empty(), "only participants see the list");
        let leaving = buyers.iter().filter(|b| registered.contains(&b.id)).nth(1).unwrap().clone();
        fairs::unregister(&db, leaving.id, id).await.unwrap();
        fairs::register(&db, &maker, id, RegistrantRole::Producer, Utc::now()).await.unwrap();
        assert_eq!(fairs::register(&db, &maker, id, RegistrantRole::Producer, Utc::now()).await, Err(AppError::Conflict), "once");
        let seen_by_buyer = fairs::participation(&db, &buyer, id).await.unwrap();
        assert_eq!(seen_by_buyer.registered_as, Some(RegistrantRole::Buyer));
        assert!(seen_by_buyer.participants.iter().any(|p| p.role == RegistrantRole::Producer && p.producer.is_some()));
        let seen_by_maker = fairs::participation(&db, &maker, id).await.unwrap();
        assert!(seen_by_maker.participants.iter().any(|p| p.role == RegistrantRole::Buyer && p.name.starts_with("Người mua")), "the buyers by their names");
        // After it starts, no one registers.
        fairs::unregister(&db, buyer.id, id).await.unwrap();
        assert_eq!(fairs::register(&db, &buyer, id, RegistrantRole::Buyer, Utc::now() + Duration::days(30)).await, Err(AppError::Conflict));

        // `/fairs` filters by kind; the calendar carries it.
        let workshops = fairs::list(&db, &FairsQuery { kind: "workshop".into(), ..Default::default() }, Lang::Vi, Utc::now()).await.unwrap();
        assert!(workshops.upcoming.iter().all(|f| f.kind == EventKind::Workshop) && workshops.upcoming.iter().any(|f| f.id == id));
        let text = calendar::calendar("x", &fairs::calendar_fairs(&db, None, None).await.unwrap(), "https://cholang.vn");
        assert!(text.contains("CATEGORIES:workshop") && text.contains("CATEGORIES:livestream"));
        assert!(text.contains("live.cholang.test/dem-gom"), "an online event's location is its link");
        let detail = fairs::detail(&db, &Slug::parse(&fair::Entity::find_by_id(live).one(&db).await.unwrap().unwrap().slug).unwrap(), Lang::Vi, Utc::now()).await.unwrap().unwrap();
        assert_eq!((detail.kind, detail.online_url.as_deref(), detail.applications_open), (EventKind::Livestream, Some("https://live.cholang.test/dem-gom"), false));
    }
});
