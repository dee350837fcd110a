//! One identity per request: the session, user, roles and producer are read once, however
//! many server functions and components of the request ask.

use axum::http::{header, Request};
use sea_orm::EntityTrait;

use crate::account_tests::login;
use crate::http_layers::tests::{serially, test_app};
use app::backend::auth::{user_of_request, RequestIdentity};
use app::backend::entities::session;

fn parts_with(cookie: &str, identity: Option<RequestIdentity>) -> axum::http::request::Parts {
    let mut req = Request::builder().uri("/").header(header::COOKIE, cookie).body(()).unwrap();
    if let Some(identity) = identity {
        req.extensions_mut().insert(identity);
    }
    req.into_parts().0
}

#[test]
fn a_request_reads_its_identity_once_and_copies_of_its_parts_share_it() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let cookie = login(&router, "gom.battrang@cholang.test").await;
        let identity = RequestIdentity::default();
        let (first, second) = (parts_with(&cookie, Some(identity.clone())), parts_with(&cookie, Some(identity)));
        let user = user_of_request(&db, &first).await.unwrap().expect("signed in");
        assert!(user.producer.is_some(), "with its producer");

        // The session ends in the database; the request that already knows its user keeps
        // it (no second lookup), a new request does not.
        session::Entity::delete_many().exec(&db).await.unwrap();
        let again = user_of_request(&db, &second).await.unwrap().expect("read once, kept for the request");
        assert_eq!(again.id, user.id);
        assert!(user_of_request(&db, &parts_with(&cookie, Some(RequestIdentity::default()))).await.unwrap().is_none());
        assert!(user_of_request(&db, &parts_with(&cookie, None)).await.unwrap().is_none(), "without a cell: read each time");
        let _ = std::fs::remove_dir_all(dir);
    });
}
