//! Fairs over HTTP: the authorization matrix of every fair server function (anonymous,
//! consumer, producer, buyer, office, another organizer, and the owner), the application
//! form's indexed product checkboxes, and the calendar feeds.

use axum::{body::Body, http::{header, StatusCode}};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{send, serially, test_app};
use app::backend::entities::{application_product, booth_type, fair, fair_application, product};
use app::domain::{FairStatus, ProductStatus, Role};

fn fair_fields(name: &str) -> Vec<(&'static str, String)> {
    let start = chrono::Utc::now() + chrono::Duration::days(40);
    let local = |at| app::domain::fairs::to_local_input(at);
    vec![
        ("fair[name_vi]", name.into()),
        ("fair[description_vi]", "Hội chợ thử.".into()),
        ("fair[starts_at]", local(start)),
        ("fair[ends_at]", local(start + chrono::Duration::days(2))),
        ("fair[deadline]", local(start - chrono::Duration::days(5))),
        ("fair[venue_name]", "Nhà Văn hoá".into()),
        ("fair[venue_address]", "1 Lê Lợi".into()),
        ("fair[district]", "ha-dong".into()),
        ("fair[contact_name]", "Vũ Văn Nam".into()),
        ("fair[contact_phone]", "0912000111".into()),
    ]
}

#[test]
fn every_fair_function_is_allowed_to_exactly_its_parties() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let consumer = login(&router, "khach@cholang.test").await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let other_producer = login(&router, "htx.vanphuc@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;
        // A second organizer, who must not touch the first one's fairs.
        let rival = app::backend::accounts::register(&db, "doithu@cholang.test", "ban to chuc khac 2026", "Ban Tổ Chức Khác").await.unwrap();
        app::backend::accounts::grant(&db, rival, Role::Organizer).await.unwrap();
        let rival = crate::account_tests::login_with(&router, "doithu@cholang.test", "ban to chuc khac 2026").await;

        // The organizer creates a fair, adds a booth type and publishes it.
        let (status, text) = call(&router, Some(&organizer), "/api/create_fair", form(&fair_fields("Hội chợ Ma Trận"))).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {text}");
        let made = fair::Entity::find().filter(fair::Column::Slug.eq("hoi-cho-ma-tran")).one(&db).await.unwrap().expect("the fair");
        let id = made.id.to_string();
        let booth = form(&[("fair_id", id.clone()), ("booth[name]", "Gian".into()), ("booth[count]", "2".into()), ("booth[price]", "0".into())]);
        assert_eq!(call(&router, Some(&organizer), "/api/add_booth_type", booth.clone()).await.0, StatusCode::OK);
        let booth_id = booth_type::Entity::find().filter(booth_type::Column::FairId.eq(made.id)).one(&db).await.unwrap().unwrap().id;
        let publish = form(&[("id", id.clone()), ("status", "published".into())]);
        assert_eq!(call(&router, Some(&organizer), "/api/set_fair_status", publish.clone()).await.0, StatusCode::OK);

        let organizer_calls: Vec<(&str, String)> = vec![
            ("/api/fair_choices", form(&[("lang", "vi".into())])),
            ("/api/my_fairs", form(&[("lang", "vi".into())])),
            ("/api/create_fair", form(&fair_fields("Hội chợ Lạ"))),
            ("/api/organizer_fair", form(&[("id", id.clone())])),
            ("/api/update_fair", { let mut f = fair_fields("Đổi Tên"); f.push(("id", id.clone())); form(&f) }),
            ("/api/add_booth_type", booth.clone()),
            ("/api/remove_booth_type", form(&[("id", booth_id.to_string())])),
            ("/api/set_fair_status", form(&[("id", id.clone()), ("status", "cancelled".into())])),
            ("/api/fair_applications", form(&[("fair_id", id.clone()), ("lang", "vi".into())])),
            ("/api/decide_application", form(&[("id", "1".into()), ("decision", "approve".into()), ("booth_number", "Z-1".into())])),
        ];
        for (who, cookie, expected) in [
            ("anonymous", None, StatusCode::UNAUTHORIZED),
            ("consumer", Some(&consumer), StatusCode::FORBIDDEN),
            ("producer", Some(&producer), StatusCode::FORBIDDEN),
            ("buyer", Some(&buyer), StatusCode::FORBIDDEN),
            ("office", Some(&office), StatusCode::FORBIDDEN),
        ] {
            for (path, body) in &organizer_calls {
                let (status, text) = call(&router, cookie.map(String::as_str), path, body.clone()).await;
                assert_eq!(status, expected, "{who} calling {path}: {text}");
            }
        }
        // Another organizer reaches none of this fair (its own list and choices are fine).
        for (path, body) in organizer_calls.iter().filter(|(p, _)| !matches!(*p, "/api/fair_choices" | "/api/my_fairs" | "/api/create_fair" | "/api/decide_application")) {
            let (status, text) = call(&router, Some(&rival), path, body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "another organizer calling {path}: {text}");
        }
        let unchanged = fair::Entity::find_by_id(made.id).one(&db).await.unwrap().unwrap();
        assert_eq!((unchanged.status, unchanged.name_vi.as_str()), (FairStatus::Published, "Hội chợ Ma Trận"), "refused calls changed nothing");
        assert_eq!(fair::Entity::find().filter(fair::Column::Slug.eq("hoi-cho-la")).count(&db).await.unwrap(), 0);

        // The producer applies with two products, sent as indexed checkboxes.
        let products: Vec<i32> = product::Entity::find()
            .filter(product::Column::ProducerId.eq(1))
            .filter(product::Column::Status.eq(ProductStatus::Published))
            .order_by_asc(product::Column::Id)
            .all(&db).await.unwrap().into_iter().take(2).map(|p| p.id).collect();
        let apply = form(&[
            ("fair_id", id.clone()),
            ("application[booth_type]", booth_id.to_string()),
            ("application[products][0]", products[0].to_string()),
            ("application[products][3]", products[1].to_string()),
            ("application[note]", "Gốm men lam".into()),
        ]);
        for (who, cookie, expected) in [("anonymous", None, StatusCode::UNAUTHORIZED), ("consumer", Some(&consumer), StatusCode::FORBIDDEN), ("organizer", Some(&organizer), StatusCode::FORBIDDEN)] {
            assert_eq!(call(&router, cookie.map(String::as_str), "/api/apply_to_fair", apply.clone()).await.0, expected, "{who} applying");
            assert_eq!(call(&router, cookie.map(String::as_str), "/api/my_fair_applications", form(&[("lang", "vi".into())])).await.0, expected, "{who} listing applications");
        }
        let (status, text) = call(&router, Some(&producer), "/api/apply_to_fair", apply).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let application = fair_application::Entity::find().filter(fair_application::Column::FairId.eq(made.id)).one(&db).await.unwrap().unwrap();
        assert_eq!(application_product::Entity::find().filter(application_product::Column::ApplicationId.eq(application.id)).count(&db).await.unwrap(), 2);

        // Only its producer withdraws it; only its organizer decides it.
        let withdraw = form(&[("id", application.id.to_string())]);
        assert_eq!(call(&router, Some(&other_producer), "/api/withdraw_application", withdraw.clone()).await.0, StatusCode::FORBIDDEN);
        let decide = form(&[("id", application.id.to_string()), ("decision", "approve".into()), ("booth_number", "A-12".into())]);
        assert_eq!(call(&router, Some(&rival), "/api/decide_application", decide.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&organizer), "/api/decide_application", decide).await.0, StatusCode::OK);
        assert_eq!(call(&router, Some(&producer), "/api/withdraw_application", withdraw).await.0, StatusCode::CONFLICT, "approved: too late to withdraw");

        // Only the fair's organizer sets its cover.
        let cover = format!("/organizer/fairs/{id}/cover");
        for (who, cookie, expected) in [("anonymous", None, StatusCode::UNAUTHORIZED), ("consumer", Some(&consumer), StatusCode::FORBIDDEN), ("another organizer", Some(&rival), StatusCode::FORBIDDEN)] {
            let (status, text) = crate::account_tests::upload_to(&router, cookie.map(String::as_str), &cover, &crate::account_tests::png(), "photo").await;
            assert_eq!(status, expected, "{who} uploading a cover: {text}");
        }
        assert!(fair::Entity::find_by_id(made.id).one(&db).await.unwrap().unwrap().cover_url.is_none());
        let (status, text) = crate::account_tests::upload_to(&router, Some(&organizer), &cover, &crate::account_tests::png(), "photo").await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        let with_cover = fair::Entity::find_by_id(made.id).one(&db).await.unwrap().unwrap();
        assert!(with_cover.cover_url.is_some() && with_cover.revision > made.revision);

        // Interest needs a signed-in visitor.
        let interest = form(&[("fair_id", id.clone()), ("on", "true".into())]);
        assert_eq!(call(&router, None, "/api/set_fair_interest", interest.clone()).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(call(&router, Some(&consumer), "/api/set_fair_interest", interest).await.0, StatusCode::OK);
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn calendar_feeds_are_served_as_icalendar() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let get = |uri: &str| axum::http::Request::builder().uri(uri).header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();
        let (status, headers, body) = send(&router, get("/fairs.ics")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/calendar"));
        let parsed: icalendar::Calendar = body.parse().expect("valid iCalendar");
        assert_eq!(parsed.events().count(), 3, "the three demo events");
        assert!(body.contains("URL:http://127.0.0.1:3000/fairs/hoi-cho-ocop-lang-nghe-ha-noi"));
        let (status, _, body) = send(&router, get("/fairs.ics?district=gia-lam")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.parse::<icalendar::Calendar>().unwrap().events().count(), 1);
        let (status, headers, _) = send(&router, get("/fairs/hoi-cho-ocop-lang-nghe-ha-noi/calendar.ics")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains("attachment"));
        assert_eq!(send(&router, get("/fairs/khong-co/calendar.ics")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(send(&router, get("/fairs/%3Cscript%3E/calendar.ics")).await.0, StatusCode::NOT_FOUND);
        // A draft is in no feed.
        let organizer = app::backend::entities::user::Entity::find().filter(app::backend::entities::user::Column::Email.eq("hoicho@cholang.test")).one(&db).await.unwrap().unwrap().id;
        let draft = app::domain::fairs::FairForm {
            name_vi: "Bản nháp".into(), description_vi: "x".into(),
            starts_at: "2030-01-10T08:00".into(), ends_at: "2030-01-11T08:00".into(), deadline: "2030-01-01T08:00".into(),
            venue_name: "X".into(), venue_address: "Y".into(), district: "gia-lam".into(),
            contact_name: "Lê Na".into(), contact_phone: "0912000111".into(), ..Default::default()
        };
        app::backend::fairs::create_fair(&db, organizer, draft.validate().unwrap()).await.unwrap();
        assert_eq!(send(&router, get("/fairs/ban-nhap/calendar.ics")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(send(&router, get("/fairs/ban-nhap")).await.0, StatusCode::NOT_FOUND);
        let _ = std::fs::remove_dir_all(dir);
    });
}
