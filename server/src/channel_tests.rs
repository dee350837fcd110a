//! Points of sale and workshop registration over HTTP: the authorization matrix of each new
//! server function (anonymous, consumer, organizer, buyer, producer, another producer,
//! office), and the public pages.

use axum::{body::Body, http::{header, StatusCode}};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{send, serially, test_app};
use app::backend::entities::{fair, point_of_sale};

fn pos_fields(name: &str, kind: &str) -> Vec<(&'static str, String)> {
    vec![("pos[name]", name.into()), ("pos[kind]", kind.into()), ("pos[address]", "3 Hàng Bè".into()), ("pos[district]", "hoan-kiem".into())]
}

#[test]
fn points_of_sale_are_managed_only_by_their_managers() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let consumer = login(&router, "khach@cholang.test").await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let other_producer = login(&router, "htx.vanphuc@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;

        // The office's demo shop, the producer's demo showroom.
        let office_shop = point_of_sale::Entity::find().filter(point_of_sale::Column::ManagerProducerId.is_null()).one(&db).await.unwrap().unwrap();
        let showroom = point_of_sale::Entity::find().filter(point_of_sale::Column::ManagerProducerId.eq(1)).one(&db).await.unwrap().unwrap();

        // Anonymous and consumers (and organizers) manage nothing.
        let manage: Vec<(&str, String)> = vec![
            ("/api/my_points_of_sale", String::new()),
            ("/api/create_point_of_sale", form(&pos_fields("Cửa hàng lạ", "ocop_shop"))),
            ("/api/managed_point_of_sale", form(&[("id", office_shop.id.to_string()), ("lang", "vi".into())])),
            ("/api/update_point_of_sale", { let mut f = pos_fields("Đổi tên", "ocop_shop"); f.push(("id", office_shop.id.to_string())); form(&f) }),
            ("/api/change_pos_stock", form(&[("id", office_shop.id.to_string()), ("how", "remove".into()), ("value", "1".into())])),
            ("/api/delete_point_of_sale", form(&[("id", office_shop.id.to_string())])),
        ];
        for (who, cookie, expected) in [("anonymous", None, StatusCode::UNAUTHORIZED), ("consumer", Some(&consumer), StatusCode::FORBIDDEN), ("organizer", Some(&organizer), StatusCode::FORBIDDEN)] {
            for (path, body) in &manage {
                let (status, text) = call(&router, cookie.map(String::as_str), path, body.clone()).await;
                assert_eq!(status, expected, "{who} calling {path}: {text}");
            }
        }
        // Buyers and producers reach only their own places.
        for (who, cookie) in [("buyer", &buyer), ("producer", &producer), ("another producer", &other_producer)] {
            for (path, body) in manage.iter().skip(2) {
                let (status, text) = call(&router, Some(cookie), path, body.clone()).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} calling {path} on the office's shop: {text}");
            }
        }
        let showroom_stock = form(&[("id", showroom.id.to_string()), ("how", "category".into()), ("value", "thu-cong".into())]);
        for (who, cookie) in [("buyer", &buyer), ("another producer", &other_producer)] {
            assert_eq!(call(&router, Some(cookie), "/api/change_pos_stock", showroom_stock.clone()).await.0, StatusCode::FORBIDDEN, "{who} stocking the showroom");
        }
        assert!(point_of_sale::Entity::find_by_id(office_shop.id).one(&db).await.unwrap().is_some(), "refused deletes deleted nothing");
        assert_eq!(point_of_sale::Entity::find_by_id(office_shop.id).one(&db).await.unwrap().unwrap().name, office_shop.name);

        // Each may do its own: the producer stocks its showroom, the buyer opens an outlet,
        // the office edits its shop.
        let (status, text) = call(&router, Some(&producer), "/api/change_pos_stock", showroom_stock).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let (status, text) = call(&router, Some(&buyer), "/api/create_point_of_sale", form(&pos_fields("Siêu thị Của Tôi", "supermarket"))).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {text}");
        let (status, _) = call(&router, Some(&buyer), "/api/create_point_of_sale", form(&pos_fields("Showroom Giả", "village_showroom"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a buyer runs no village showroom");
        let (status, text) = call(&router, Some(&office), "/api/update_point_of_sale", manage[3].1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");

        // Public pages.
        let get = |uri: &str| axum::http::Request::builder().uri(uri).header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();
        let (status, _, html) = send(&router, get("/points-of-sale?district=gia-lam&near=gia-lam")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&showroom.name), "the list is server-rendered");
        let (status, _, html) = send(&router, get(&format!("/points-of-sale/{}", showroom.slug))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("data-testid=\"pos-detail\""));
        assert_eq!(send(&router, get("/points-of-sale/khong-co")).await.0, StatusCode::NOT_FOUND);
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn workshop_registration_is_for_buyers_and_producers_only() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let workshop = fair::Entity::find().filter(fair::Column::Slug.eq("hoi-thao-ket-noi-cung-cau-ocop")).one(&db).await.unwrap().unwrap();
        let id = workshop.id.to_string();
        let consumer = login(&router, "khach@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let as_buyer = form(&[("fair_id", id.clone()), ("role", "buyer".into())]);
        let as_producer = form(&[("fair_id", id.clone()), ("role", "producer".into())]);
        assert_eq!(call(&router, None, "/api/register_for_event", as_buyer.clone()).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(call(&router, None, "/api/unregister_from_event", form(&[("fair_id", id.clone())])).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(call(&router, Some(&consumer), "/api/register_for_event", as_buyer.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&buyer), "/api/register_for_event", as_producer.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&producer), "/api/register_for_event", as_buyer.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, Some(&buyer), "/api/register_for_event", as_buyer).await.0, StatusCode::OK);
        assert_eq!(call(&router, Some(&producer), "/api/register_for_event", as_producer).await.0, StatusCode::OK);
        // The participants see each other; a consumer sees no list.
        let (_, seen) = call(&router, Some(&buyer), "/api/participation", form(&[("fair_id", id.clone())])).await;
        assert!(seen.contains("Hưng Thịnh"), "{seen}");
        let (_, unseen) = call(&router, Some(&consumer), "/api/participation", form(&[("fair_id", id.clone())])).await;
        assert!(unseen.contains("\"participants\":[]"), "{unseen}");
        assert_eq!(fair::Entity::find_by_id(workshop.id).one(&db).await.unwrap().unwrap().registered, 2);
        let _ = std::fs::remove_dir_all(dir);
    });
}
