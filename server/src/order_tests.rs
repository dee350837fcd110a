//! Cart and orders over HTTP: a guest's cart kept in its cookie and joined to the account at
//! login, a double-posted checkout placing its orders once, and the authorization matrix of
//! every new server function (anonymous, another consumer, another producer, organizer,
//! buyer, office, and the one allowed).

use axum::{body::Body, http::{header, StatusCode}, Router};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{api, send, serially, test_app};
use app::backend::entities::{order, product};
use app::domain::OrderStatus;

/// A published, in-stock product of demo producer 1 (Bát Tràng).
async fn product_of_producer_1(db: &sea_orm::DatabaseConnection) -> product::Model {
    product::Entity::find()
        .filter(product::Column::ProducerId.eq(1))
        .filter(product::Column::Stock.gt(5))
        .order_by_asc(product::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a demo product with stock")
}

fn checkout_form(key: &str) -> String {
    form(&[
        ("order[recipient_name]", "Lê Văn Cường".into()),
        ("order[phone]", "0912 345 678".into()),
        ("order[province]", "Hà Nội".into()),
        ("order[ward]", "Phường Hàng Gai".into()),
        ("order[street]", "9 Hàng Gai".into()),
        ("order[payment]", "cod".into()),
        ("order[idempotency_key]", key.into()),
    ])
}

/// The guest-cart cookie a response sets, as a `Cookie` header value.
fn cart_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cholang_cart="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// The status of a page read with a session.
async fn page(router: &Router, cookie: &str, path: &str) -> StatusCode {
    let req = axum::http::Request::builder().uri(path).header(header::HOST, "127.0.0.1:3000").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    send(router, req).await.0
}

async fn place(router: &Router, cookie: &str, key: &str) -> (StatusCode, String) {
    call(router, Some(cookie), "/api/place_order", checkout_form(key)).await
}

#[test]
fn a_guest_cart_follows_the_visitor_into_the_account_and_checkout_runs_once() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let p = product_of_producer_1(&db).await;
        let stock = p.stock;

        // A guest adds twice: the cookie carries the cart.
        let (status, headers, text) = send(&router, api().uri("/api/add_to_cart").body(Body::from(form(&[("product_id", p.id.to_string()), ("quantity", "1".into())]))).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let cookie = cart_cookie(&headers).expect("the guest's cart cookie");
        let (_, headers, _) = send(&router, api().uri("/api/add_to_cart").header(header::COOKIE, &cookie)
            .body(Body::from(form(&[("product_id", p.id.to_string()), ("quantity", "2".into())]))).unwrap()).await;
        let cookie = cart_cookie(&headers).expect("the cart cookie again");
        assert_eq!(cookie, format!("cholang_cart={}-3", p.id));
        let (_, _, units) = send(&router, api().uri("/api/cart_units").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
        assert_eq!(units, "3");
        // A forged cookie naming a product that does not exist shows nothing and breaks nothing.
        let (status, _, cart) = send(&router, api().uri("/api/cart").header(header::COOKIE, "cholang_cart=99999999-5.abc")
            .body(Body::from("lang=vi")).unwrap()).await;
        assert_eq!((status, cart.contains("\"groups\":[]")), (StatusCode::OK, true), "{cart}");

        // Logging in with that cookie moves the cart into the account and clears the cookie.
        let body = form(&[("email", "khach@cholang.test".into()), ("password", "cholang-demo".into()), ("next", "/cart".into())]);
        let (status, headers, _) = send(&router, api().uri("/api/login").header(header::COOKIE, &cookie).body(Body::from(body)).unwrap()).await;
        assert!(status.is_success() || status.is_redirection());
        assert_eq!(cart_cookie(&headers).as_deref(), Some("cholang_cart="), "the guest cookie is cleared");
        let session = headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("cholang_session=")).unwrap().split(';').next().unwrap().to_owned();
        let (_, _, units) = send(&router, api().uri("/api/cart_units").header(header::COOKIE, &session).body(Body::empty()).unwrap()).await;
        assert_eq!(units, "3", "the account's cart holds the guest's lines");

        // A double post of the same checkout places its order once.
        let (first, text) = place(&router, &session, "double-click-key-0001").await;
        assert_eq!(first, StatusCode::OK, "{text}");
        let (again, text_again) = place(&router, &session, "double-click-key-0001").await;
        assert_eq!((again, text_again.clone()), (StatusCode::OK, text.clone()), "the retry answers the same orders");
        assert_eq!(order::Entity::find().count(&db).await.unwrap(), 1);
        assert_eq!(product::Entity::find_by_id(p.id).one(&db).await.unwrap().unwrap().stock, stock - 3);
        // An empty cart cannot be checked out.
        let (status, _) = place(&router, &session, "second-checkout-key-01").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn every_order_function_is_allowed_to_exactly_its_parties() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let p = product_of_producer_1(&db).await;
        let consumer = login(&router, "khach@cholang.test").await;
        let owner = login(&router, "gom.battrang@cholang.test").await;
        let other_producer = login(&router, "htx.vanphuc@cholang.test").await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;

        // The consumer places an order with producer 1.
        let add = form(&[("product_id", p.id.to_string()), ("quantity", "2".into())]);
        assert_eq!(call(&router, Some(&consumer), "/api/add_to_cart", add.clone()).await.0, StatusCode::OK);
        let (status, text) = place(&router, &consumer, "matrix-checkout-key-01").await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let order_id: i32 = serde_json::from_str::<Vec<i32>>(&text).unwrap()[0];
        let id = order_id.to_string();

        // A member of producer 1 does not buy its own product: refused with its own error.
        let (status, text) = call(&router, Some(&owner), "/api/add_to_cart", add.clone()).await;
        assert_eq!((status, text.contains("\"error\":\"own_product\"")), (StatusCode::FORBIDDEN, true), "{text}");
        let (_, cart) = call(&router, Some(&owner), "/api/cart_units", String::new()).await;
        assert_eq!(cart, "0", "nothing was added");

        // Signed-in only: anonymous callers get 401 from each of these.
        let signed_in_only: Vec<(&str, String)> = vec![
            ("/api/begin_checkout", form(&[("lang", "vi".into())])),
            ("/api/place_order", checkout_form("anonymous-key-000001")),
            ("/api/my_orders", String::new()),
            ("/api/order", form(&[("id", id.clone()), ("lang", "vi".into())])),
            ("/api/cancel_order", form(&[("id", id.clone()), ("reason", String::new())])),
            ("/api/review_product", form(&[("product_id", p.id.to_string()), ("review[rating]", "5".into())])),
            ("/api/set_favourite", form(&[("kind", "product".into()), ("id", p.id.to_string()), ("on", "true".into())])),
            ("/api/my_favourites", form(&[("lang", "vi".into())])),
            ("/api/producer_orders", String::new()),
            ("/api/update_order", form(&[("id", id.clone()), ("step", "confirm".into())])),
            ("/api/shipping_settings", String::new()),
            ("/api/save_shipping", form(&[("shipping[flat_fee]", "0".into())])),
        ];
        for (path, body) in &signed_in_only {
            let (status, text) = call(&router, None, path, body.clone()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous calling {path}: {text}");
        }

        // Only the consumer who placed it, and members of its producer, see the order; to
        // anyone else it does not exist (404, as an unknown id: ids reveal nothing).
        let read = form(&[("id", id.clone()), ("lang", "vi".into())]);
        let unknown = form(&[("id", (order_id + 1000).to_string()), ("lang", "vi".into())]);
        for (who, cookie) in [("another producer", &other_producer), ("organizer", &organizer), ("buyer", &buyer), ("office", &office)] {
            let (status, text) = call(&router, Some(cookie), "/api/order", read.clone()).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} reading the order");
            let (unknown_status, unknown_text) = call(&router, Some(cookie), "/api/order", unknown.clone()).await;
            assert_eq!((status, text), (unknown_status, unknown_text), "{who}: someone else's order answers as an unknown one");
        }
        for (who, cookie) in [("another producer", &other_producer), ("organizer", &organizer), ("office", &office)] {
            assert_eq!(page(&router, cookie, &format!("/orders/{order_id}")).await, StatusCode::NOT_FOUND, "{who} opening the order page");
        }
        assert_eq!(call(&router, Some(&owner), "/api/order", read.clone()).await.0, StatusCode::OK);
        assert_eq!(call(&router, Some(&consumer), "/api/order", read).await.0, StatusCode::OK);

        // Only its producer moves it on; no one else cancels it for the consumer. Callers
        // without a producer are refused for their role (403, whatever the id); another
        // producer, and anyone cancelling someone else's order, get 404.
        let confirm = form(&[("id", id.clone()), ("step", "confirm".into())]);
        let cancel = form(&[("id", id.clone()), ("reason", "không cần nữa".into())]);
        for (who, cookie, expected) in [
            ("the consumer", &consumer, StatusCode::FORBIDDEN),
            ("another producer", &other_producer, StatusCode::NOT_FOUND),
            ("organizer", &organizer, StatusCode::FORBIDDEN),
            ("buyer", &buyer, StatusCode::FORBIDDEN),
            ("office", &office, StatusCode::FORBIDDEN),
        ] {
            assert_eq!(call(&router, Some(cookie), "/api/update_order", confirm.clone()).await.0, expected, "{who} confirming");
            if who != "the consumer" {
                assert_eq!(call(&router, Some(cookie), "/api/cancel_order", cancel.clone()).await.0, StatusCode::NOT_FOUND, "{who} cancelling");
            }
        }
        let untouched = order::Entity::find_by_id(order_id).one(&db).await.unwrap().unwrap();
        assert_eq!(untouched.status, OrderStatus::Placed, "refused calls changed nothing");

        // Producer-only functions refuse everyone without a producer.
        for (who, cookie) in [("consumer", &consumer), ("organizer", &organizer), ("buyer", &buyer), ("office", &office)] {
            assert_eq!(call(&router, Some(cookie), "/api/producer_orders", String::new()).await.0, StatusCode::FORBIDDEN, "{who} reading an inbox");
            assert_eq!(call(&router, Some(cookie), "/api/save_shipping", form(&[("shipping[flat_fee]", "1".into())])).await.0, StatusCode::FORBIDDEN, "{who} saving shipping");
        }
        // Each producer sees only its own orders.
        let (_, inbox) = call(&router, Some(&other_producer), "/api/producer_orders", String::new()).await;
        assert!(inbox.contains("\"orders\":[]"), "{inbox}");
        let (_, inbox) = call(&router, Some(&owner), "/api/producer_orders", String::new()).await;
        assert!(inbox.contains(&format!("\"id\":{order_id}")), "{inbox}");

        // Reviewing needs a delivered order: not yet.
        let review = form(&[("product_id", p.id.to_string()), ("review[rating]", "5".into()), ("review[body]", String::new())]);
        assert_eq!(call(&router, Some(&consumer), "/api/review_product", review.clone()).await.0, StatusCode::FORBIDDEN);

        // The allowed parties: the owner confirms, ships and delivers; the consumer reviews.
        assert_eq!(call(&router, Some(&owner), "/api/update_order", confirm).await.0, StatusCode::OK);
        let ship = form(&[("id", id.clone()), ("step", "ship".into()), ("carrier", "VNPost".into()), ("tracking_number", "EB123VN".into())]);
        assert_eq!(call(&router, Some(&owner), "/api/update_order", ship).await.0, StatusCode::OK);
        assert_eq!(call(&router, Some(&owner), "/api/update_order", form(&[("id", id.clone()), ("step", "deliver".into())])).await.0, StatusCode::OK);
        let (status, text) = call(&router, Some(&owner), "/api/review_product", review.clone()).await;
        assert_eq!((status, text.contains("\"error\":\"own_product\"")), (StatusCode::FORBIDDEN, true), "its producer does not review it: {text}");
        let (status, text) = call(&router, Some(&consumer), "/api/review_product", review.clone()).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(call(&router, Some(&consumer), "/api/review_product", review).await.0, StatusCode::CONFLICT, "once");
        let (status, text) = call(&router, Some(&consumer), "/api/cancel_order", cancel).await;
        assert_eq!(status, StatusCode::CONFLICT, "a delivered order is not cancelled: {text}");
        let _ = std::fs::remove_dir_all(dir);
    });
}
