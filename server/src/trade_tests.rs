//! Trade connection and the office console over HTTP: the authorization matrix of every new
//! server function and of the CSV exports (anonymous, consumer, pending buyer, verified
//! buyer, producer, another producer, organizer, office), wholesale prices never in a
//! response to anyone but a verified buyer, and each side reaching only its own requests.

use axum::{body::Body, http::{header, Request, StatusCode}};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{send, serially, test_app};
use app::backend::entities::{buyer_business, fair, product, trade_request};

fn wanted_by() -> String {
    (app::domain::time::today_in_vietnam() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string()
}

fn request_fields(producer: &str) -> Vec<(&'static str, String)> {
    vec![
        ("request[producer]", producer.into()),
        ("request[quantity]", "200".into()),
        ("request[unit]", "piece".into()),
        ("request[wanted_by]", wanted_by()),
        ("request[delivery_place]", "Kho Long Biên".into()),
    ]
}

fn audience(mut fields: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    fields.extend([("audience[category]", "gom-su".into()), ("audience[district]", "gia-lam".into()), ("audience[stars]", "4".into())]);
    fields
}

fn quote_fields(id: i32) -> String {
    form(&[
        ("id", id.to_string()),
        ("quote[price]", "95.000".into()),
        ("quote[quantity]", "200".into()),
        ("quote[lead_time_days]", "10".into()),
        ("quote[valid_until]", wanted_by()),
    ])
}

fn ok(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

#[test]
fn only_verified_buyers_trade_and_each_side_sees_only_its_own_requests() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let consumer = login(&router, "khach@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let other_producer = login(&router, "htx.vanphuc@cholang.test").await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;
        let bat_trang = "cong-ty-tnhh-gom-su-hung-thinh-bat-trang";
        let with_terms = product::Entity::find()
            .filter(product::Column::ProducerId.eq(1))
            .filter(product::Column::WholesalePriceVnd.is_not_null())
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let wholesale = with_terms.wholesale_price_vnd.unwrap().to_string();

        // The consumer registers a business: a buyer now, but pending.
        let business = form(&[
            ("business[name]", "Cửa hàng Khách Thử".into()),
            ("business[kind]", "shop_chain".into()),
            ("business[tax_code]", "0107654321".into()),
            ("business[address]", "5 Hàng Gai".into()),
            ("business[district]", "hoan-kiem".into()),
            ("business[contact_person]", "Nguyễn Thu Hà".into()),
            ("business[phone]", "0987654321".into()),
        ]);
        assert_eq!(call(&router, None, "/api/register_business", business.clone()).await.0, StatusCode::UNAUTHORIZED);
        let (status, text) = call(&router, Some(&consumer), "/api/register_business", business).await;
        assert!(ok(status), "{status} {text}");
        let pending = consumer;

        // Only verified buyers: wholesale terms, requests, broadcasts, meetings.
        let fair_id = fair::Entity::find().filter(fair::Column::Slug.eq("hoi-cho-ocop-lang-nghe-ha-noi")).one(&db).await.unwrap().unwrap().id;
        let buyer_only: Vec<(&str, String)> = vec![
            ("/api/wholesale_terms", form(&[("product_id", with_terms.id.to_string()), ("lang", "vi".into())])),
            ("/api/wholesale_list", form(&[("producer", bat_trang.into()), ("lang", "vi".into())])),
            ("/api/send_trade_request", form(&request_fields(bat_trang))),
            ("/api/broadcast_reach", form(&audience(vec![("lang", "vi".into())]))),
            ("/api/broadcast_trade_request", form(&audience(request_fields("")))),
            ("/api/meeting_choices", form(&[("fair_id", fair_id.to_string()), ("lang", "vi".into())])),
            ("/api/request_meeting", form(&[("fair_id", fair_id.to_string()), ("meeting[exhibitor]", "2".into()), ("meeting[slot]", "2030-01-01T09:00".into())])),
            ("/api/accept_trade_quote", form(&[("id", "1".into())])),
        ];
        for (path, body) in &buyer_only {
            assert_eq!(call(&router, None, path, body.clone()).await.0, StatusCode::UNAUTHORIZED, "anonymous calling {path}");
            for (who, cookie) in [("pending buyer", &pending), ("producer", &producer), ("organizer", &organizer), ("office", &office)] {
                let (status, text) = call(&router, Some(cookie), path, body.clone()).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} calling {path}: {text}");
                assert!(!text.contains(&wholesale), "{who} saw a wholesale price from {path}");
            }
        }
        assert_eq!(trade_request::Entity::find().all(&db).await.unwrap().len(), 0, "refused calls wrote nothing");
        // Workshops and outlets are for verified buyers too.
        let workshop = fair::Entity::find().filter(fair::Column::Slug.eq("hoi-thao-ket-noi-cung-cau-ocop")).one(&db).await.unwrap().unwrap();
        let as_buyer = form(&[("fair_id", workshop.id.to_string()), ("role", "buyer".into())]);
        assert_eq!(call(&router, Some(&pending), "/api/register_for_event", as_buyer.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&pending), "/api/my_points_of_sale", String::new()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&buyer), "/api/my_points_of_sale", String::new()).await.0, StatusCode::OK);
        let (status, text) = call(&router, Some(&buyer), "/api/wholesale_terms", buyer_only[0].1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.contains(&wholesale), "the verified buyer sees the wholesale price: {text}");
        // The public product answer carries no wholesale terms, whoever asks.
        for cookie in [None, Some(&buyer)] {
            let (_, page) = call(&router, cookie.map(String::as_str), "/api/product_detail", form(&[("slug", with_terms.slug.clone()), ("lang", "vi".into())])).await;
            assert!(!page.contains("wholesale") && !page.contains(&format!("\"{wholesale}\"")), "{page}");
        }
        let (_, yes) = call(&router, Some(&buyer), "/api/am_verified_buyer", String::new()).await;
        let (_, no) = call(&router, Some(&pending), "/api/am_verified_buyer", String::new()).await;
        assert_eq!((yes.as_str(), no.as_str()), ("true", "false"));

        // The verified buyer's request; the two sides and nobody else.
        let (status, text) = call(&router, Some(&buyer), "/api/broadcast_reach", buyer_only[3].1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let (status, text) = call(&router, Some(&buyer), "/api/send_trade_request", buyer_only[2].1.clone()).await;
        assert!(ok(status), "{status} {text}");
        let id = trade_request::Entity::find().one(&db).await.unwrap().unwrap().id;
        let read = form(&[("id", id.to_string()), ("lang", "vi".into())]);
        for (who, cookie) in [("buyer", &buyer), ("producer", &producer)] {
            assert_eq!(call(&router, Some(cookie), "/api/trade_request", read.clone()).await.0, StatusCode::OK, "{who}");
        }
        assert_eq!(call(&router, None, "/api/trade_request", read.clone()).await.0, StatusCode::UNAUTHORIZED);
        for (who, cookie) in [("another producer", &other_producer), ("another buyer", &pending), ("organizer", &organizer), ("office", &office)] {
            for (path, body) in [
                ("/api/trade_request", read.clone()),
                ("/api/post_trade_message", form(&[("id", id.to_string()), ("body", "xin chào".into())])),
                ("/api/decline_trade_request", form(&[("id", id.to_string())])),
            ] {
                assert_eq!(call(&router, Some(cookie), path, body).await.0, StatusCode::NOT_FOUND, "{who} calling {path}");
            }
        }
        assert_eq!(call(&router, Some(&other_producer), "/api/quote_trade_request", quote_fields(id)).await.0, StatusCode::NOT_FOUND);
        for (who, cookie) in [("buyer", &buyer), ("office", &office)] {
            assert_eq!(call(&router, Some(cookie), "/api/quote_trade_request", quote_fields(id)).await.0, StatusCode::FORBIDDEN, "{who} quoting");
            assert_eq!(call(&router, Some(cookie), "/api/producer_desk", form(&[("lang", "vi".into())])).await.0, StatusCode::FORBIDDEN, "{who}");
            assert_eq!(call(&router, Some(cookie), "/api/answer_meeting", form(&[("id", "1".into()), ("decision", "accept".into())])).await.0, StatusCode::FORBIDDEN, "{who}");
        }
        let (_, others) = call(&router, Some(&other_producer), "/api/producer_desk", form(&[("lang", "vi".into())])).await;
        assert!(others.contains("\"requests\":[]"), "another producer's desk lists nothing: {others}");
        let (status, text) = call(&router, Some(&producer), "/api/quote_trade_request", quote_fields(id)).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let (status, text) = call(&router, Some(&buyer), "/api/accept_trade_quote", form(&[("id", id.to_string())])).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(trade_request::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().status, app::domain::TradeStatus::Accepted);
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn the_office_console_and_exports_are_the_offices_alone() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let consumer = login(&router, "khach@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;
        let business = buyer_business::Entity::find().one(&db).await.unwrap().unwrap();
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).one(&db).await.unwrap().unwrap();
        let office_only: Vec<(&str, String)> = vec![
            ("/api/pending_buyers", form(&[("lang", "vi".into())])),
            ("/api/review_buyer", form(&[("business_id", business.id.to_string()), ("decision", "reject".into()), ("note", "x".into())])),
            ("/api/expiring_certificates", form(&[("lang", "vi".into())])),
            ("/api/correct_certificate", form(&[("certificate_id", "1".into()), ("stars", "3".into())])),
            ("/api/moderate", form(&[("kind", "product".into()), ("slug", target.slug.clone()), ("reason", "thử".into())])),
            ("/api/lift_moderation", form(&[("kind", "product".into()), ("slug", target.slug.clone())])),
            ("/api/moderated", String::new()),
            ("/api/office_stats", form(&[("lang", "vi".into())])),
        ];
        for (path, body) in &office_only {
            assert_eq!(call(&router, None, path, body.clone()).await.0, StatusCode::UNAUTHORIZED, "anonymous calling {path}");
            for (who, cookie) in [("consumer", &consumer), ("buyer", &buyer), ("producer", &producer), ("organizer", &organizer)] {
                let (status, text) = call(&router, Some(cookie), path, body.clone()).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} calling {path}: {text}");
            }
        }
        assert_eq!(product::Entity::find_by_id(target.id).one(&db).await.unwrap().unwrap().moderation_note, None, "refused calls changed nothing");
        let (status, text) = call(&router, Some(&office), "/api/office_stats", office_only[7].1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.contains("\"villages\":313"), "{}", &text[..text.len().min(400)]);
        let (status, text) = call(&router, Some(&office), "/api/moderate", office_only[4].1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(product::Entity::find_by_id(target.id).one(&db).await.unwrap().unwrap().moderation_note.is_some());

        // The exports: 401 / 403 with no data, then the file with its BOM.
        let get = |cookie: Option<&str>, file: &str| {
            let mut req = Request::builder().uri(format!("/office/export/{file}")).header(header::HOST, "127.0.0.1:3000");
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            req.body(Body::empty()).unwrap()
        };
        assert_eq!(send(&router, get(None, "products.csv")).await.0, StatusCode::UNAUTHORIZED);
        for cookie in [&consumer, &buyer, &producer, &organizer] {
            let (status, _, body) = send(&router, get(Some(cookie), "products.csv")).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert!(!body.contains(&target.slug));
        }
        assert_eq!(send(&router, get(Some(&office), "secrets.csv")).await.0, StatusCode::NOT_FOUND);
        let (status, headers, body) = send(&router, get(Some(&office), "products.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "text/csv; charset=utf-8");
        assert!(body.starts_with('\u{feff}'), "UTF-8 with a byte-order mark");
        assert!(body.contains(&target.slug));
        let rows = product::Entity::find().all(&db).await.unwrap().len();
        assert_eq!(body.lines().count(), rows + 1, "a header and every product, across pages");
        // Compressed on the way out, the stream still ends cleanly.
        let mut compressed = get(Some(&office), "villages.csv");
        compressed.headers_mut().insert(header::ACCEPT_ENCODING, header::HeaderValue::from_static("br"));
        let (status, headers, body) = send(&router, compressed).await;
        assert_eq!((status, headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned())), (StatusCode::OK, Some("br".to_owned())));
        assert!(!body.is_empty());
        for file in ["producers.csv", "villages.csv", "certificates.csv", "trade-requests.csv"] {
            let (status, _, body) = send(&router, get(Some(&office), file)).await;
            assert_eq!(status, StatusCode::OK, "{file}");
            assert!(body.starts_with('\u{feff}'), "{file}");
        }
        let _ = std::fs::remove_dir_all(dir);
    });
}
