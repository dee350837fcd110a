//! The cache in front of the real router, over a seeded SQLite database.

use super::*;
use axum::http::Method;
use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{send, serially, test_app};
use app::backend::entities::product;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn get(uri: &str, cookie: Option<&str>) -> axum::http::Request<Body> {
    let mut req = axum::http::Request::builder().uri(uri).header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::empty()).unwrap()
}

fn cache_state(headers: &HeaderMap) -> Option<&str> {
    headers.get(CACHE_HEADER).and_then(|v| v.to_str().ok())
}

#[test]
fn anonymous_pages_are_served_again_until_a_change_is_answered() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let p = product::Entity::find()
            .filter(product::Column::ProducerId.eq(1))
            .filter(product::Column::Status.eq("published"))
            .order_by_asc(product::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .expect("a published product of producer 1");
        let page = format!("/products/{}", p.slug);

        let (status, headers, first) = send(&router, get(&page, None)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(cache_state(&headers), Some("miss"));
        let (_, headers, again) = send(&router, get(&page, None)).await;
        assert_eq!(cache_state(&headers), Some("hit"));
        assert_eq!(first, again, "the same bytes");
        assert!(headers.get(header::CONTENT_SECURITY_POLICY).is_some(), "a hit keeps the page's headers");

        // The language is part of the key; an explicit choice sets a cookie and is not kept.
        let (_, headers, english) = send(&router, get(&page, Some("lang=en"))).await;
        assert_eq!(cache_state(&headers), Some("miss"));
        assert!(english.contains("<html lang=\"en\""));
        let (_, headers, _) = send(&router, get(&format!("{page}?lang=en"), None)).await;
        assert!(headers.get(header::SET_COOKIE).is_some());
        let (_, headers, _) = send(&router, get(&format!("{page}?lang=en"), None)).await;
        assert_eq!(cache_state(&headers), Some("miss"), "a page that sets a cookie is never stored");

        // Signed-in visitors and guests with a cart get their own render, never a kept one.
        let owner = login(&router, "gom.battrang@cholang.test").await;
        let (status, headers, _) = send(&router, get(&page, Some(&owner))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(cache_state(&headers), None);
        let (_, headers, _) = send(&router, get(&page, Some("lang=vi; cholang_cart=1-2"))).await;
        assert_eq!(cache_state(&headers), None);

        // Logging in changes nothing an anonymous page shows: the kept page stays.
        let (_, headers, _) = send(&router, get(&page, None)).await;
        assert_eq!(cache_state(&headers), Some("hit"));

        // The producer archives the product: anonymous visitors see it gone at once.
        let body = form(&[("id", p.id.to_string()), ("status", "archived".into())]);
        let (status, text) = call(&router, Some(&owner), "/api/set_product_status", body).await;
        assert!(status.is_success(), "{status} {text}");
        let (status, headers, _) = send(&router, get(&page, None)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the archived product is not served from the cache");
        assert_eq!(cache_state(&headers), Some("miss"));
        let (status, headers, _) = send(&router, get(&page, None)).await;
        assert_eq!((status, cache_state(&headers)), (StatusCode::NOT_FOUND, Some("hit")), "a 404 page is kept too");

        // Files and server functions pass by the cache.
        let (_, headers, _) = send(&router, get("/robots.txt", None)).await;
        assert_eq!(cache_state(&headers), None);
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn a_render_that_overlaps_a_change_is_not_kept_and_old_pages_expire() {
    let cache = PageCache::new(Duration::from_millis(200));
    let page = |generation| Page {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::from_static(b"<html></html>"),
        generation,
        stored: Instant::now(),
    };
    let started = cache.inner.generation.load(Ordering::SeqCst);
    cache.invalidate();
    cache.store("k".into(), page(started));
    assert!(cache.fresh("k").is_none(), "rendered before the change, stored after it: dropped");

    let now = cache.inner.generation.load(Ordering::SeqCst);
    cache.store("k".into(), page(now));
    assert!(cache.fresh("k").is_some());
    std::thread::sleep(Duration::from_millis(250));
    assert!(cache.fresh("k").is_none(), "older than the TTL");
}

/// The middleware around a handler that counts its renders, with a 300 ms TTL.
fn counting_router() -> (axum::Router, Arc<AtomicU64>) {
    counting_router_with(PageCache::new(Duration::from_millis(300)))
}

fn counting_router_with(cache: PageCache) -> (axum::Router, Arc<AtomicU64>) {
    let renders = Arc::new(AtomicU64::new(0));
    let counter = renders.clone();
    let page = move || {
        let counter = counter.clone();
        async move { axum::response::Html(format!("render {}", counter.fetch_add(1, Ordering::SeqCst) + 1)) }
    };
    let router = axum::Router::new()
        .route("/page", axum::routing::get(page).post(|| async { "changed" }))
        .layer(axum::middleware::from_fn(move |req: Request, next: Next| serve(cache.clone(), req, next)));
    (router, renders)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_page_is_served_once_more_while_it_renders_again() {
    let (router, renders) = counting_router();
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("miss"), "render 1"));
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("hit"), "render 1"));

    // Past the TTL: the old page at once, and one render in the background.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("stale"), "render 1"));
    for _ in 0..50 {
        if renders.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("hit"), "render 2"), "the refreshed page replaced it");
    assert_eq!(renders.load(Ordering::SeqCst), 2, "one background render");

    // Past twice the TTL the page is gone: its visitor waits for a new render.
    tokio::time::sleep(Duration::from_millis(650)).await;
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("miss"), "render 3"));

    // A change forgets stale pages too: after it, nobody gets the old page.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let post = axum::http::Request::builder().method(Method::POST).uri("/page").body(Body::empty()).unwrap();
    let (status, _, _) = send(&router, post).await;
    assert_eq!(status, StatusCode::OK);
    let (_, headers, body) = send(&router, get("/page", None)).await;
    assert_eq!((cache_state(&headers), body.as_str()), (Some("miss"), "render 4"));
}

#[test]
fn a_page_that_cannot_be_kept_is_remembered_until_the_next_change() {
    let cache = PageCache::new(Duration::from_secs(60));
    assert!(!cache.known_uncacheable("k"));
    let now = cache.inner.generation.load(Ordering::SeqCst);
    cache.mark_uncacheable("k".into(), now);
    assert!(cache.known_uncacheable("k"), "its next requests skip the queue");
    cache.invalidate();
    assert!(!cache.known_uncacheable("k"), "a change forgets it");
    cache.mark_uncacheable("k".into(), now);
    assert!(!cache.known_uncacheable("k"), "a render from before the change is not remembered");
}

#[test]
fn the_cache_stays_within_its_size() {
    let cache = PageCache::new(Duration::from_secs(60));
    let body = Bytes::from(vec![b'x'; MAX_PAGE_BYTES]);
    for i in 0..(MAX_TOTAL_BYTES / MAX_PAGE_BYTES) * 3 {
        let page = Page { status: StatusCode::OK, headers: HeaderMap::new(), body: body.clone(), generation: 0, stored: Instant::now() };
        cache.store(format!("page {i}"), page);
        let entries = cache.inner.entries.lock().unwrap();
        assert!(entries.bytes <= MAX_TOTAL_BYTES, "{} bytes kept", entries.bytes);
        assert_eq!(entries.bytes, entries.bytes_now());
    }
    assert!(cache.fresh(&format!("page {}", (MAX_TOTAL_BYTES / MAX_PAGE_BYTES) * 3 - 1)).is_some(), "the newest stays");
}

/// A request with several headers of one name.
fn get_with(uri: &str, headers: &[(&str, &str)]) -> axum::http::Request<Body> {
    let mut req = axum::http::Request::builder().uri(uri).header(header::HOST, "127.0.0.1:3000");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::empty()).unwrap()
}

#[test]
fn a_session_in_a_second_cookie_header_is_never_kept_for_strangers() {
    serially(async {
        let (router, dir, _) = test_app().await;
        let session = login(&router, "khach@cholang.test").await;
        let session = session.split(';').map(str::trim).find(|c| c.starts_with("cholang_session=")).unwrap().to_owned();
        // Her name, e-mail, cart and orders, each rendered for her with the session split off
        // into a second header, as HTTP/2 clients and proxies send cookies.
        for page in ["/", "/account", "/cart", "/orders", "/favourites"] {
            let split = get_with(page, &[("cookie", "lang=vi"), ("cookie", &session)]);
            let (status, headers, body) = send(&router, split).await;
            assert!(status.is_success(), "{page}: {status}");
            assert_eq!(cache_state(&headers), None, "{page}: a personal request never reaches the cache");
            assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "private, no-store", "{page}");
            assert!(body.contains("Nguyễn Thu Hà"), "{page} is rendered for her");
            for _ in 0..2 {
                let (_, _, anonymous) = send(&router, get_with(page, &[("cookie", "lang=vi")])).await;
                assert!(!anonymous.contains("Nguyễn Thu Hà") && !anonymous.contains("khach@cholang.test"), "{page} leaked");
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn refused_and_failed_posts_keep_the_cache() {
    serially(async {
        let (router, dir, _) = test_app().await;
        let (_, headers, _) = send(&router, get("/fairs", None)).await;
        assert_eq!(cache_state(&headers), Some("miss"));
        let post = |uri: &str, extra: &[(&str, &str)], body: &str| {
            let mut req = crate::http_layers::tests::api().uri(uri);
            for (name, value) in extra {
                req = req.header(*name, *value);
            }
            req.body(Body::from(body.to_owned())).unwrap()
        };
        let attempts = [
            ("cross-site", post("/api/set_product_status", &[("sec-fetch-site", "cross-site")], "id=1&status=archived")),
            ("foreign origin", post("/api/set_product_status", &[("origin", "http://evil.example")], "id=1&status=archived")),
            ("anonymous mutation", post("/api/set_product_status", &[], "id=1&status=archived")),
            ("invalid form", post("/api/set_product_status", &[], "id=oops")),
            ("no such function", post("/api/no_such_function", &[], "")),
            ("no such page", post("/khong-co", &[], "")),
            ("a read", post("/api/programme_figures", &[], "")),
        ];
        for (what, req) in attempts {
            let (status, _, _) = send(&router, req).await;
            let (_, headers, _) = send(&router, get("/fairs", None)).await;
            assert_eq!(cache_state(&headers), Some("hit"), "{what} ({status}) emptied the cache");
        }
        let options = axum::http::Request::builder().method(Method::OPTIONS).uri("/fairs").body(Body::empty()).unwrap();
        send(&router, options).await;
        let (_, headers, _) = send(&router, get("/fairs", None)).await;
        assert_eq!(cache_state(&headers), Some("hit"), "OPTIONS emptied the cache");
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crafted_urls_and_headers_stay_within_the_memory_limit() {
    let cache = PageCache::new(Duration::from_secs(60));
    let (router, _) = counting_router_with(cache.clone());
    // 1,500 distinct requests with the longest URL and Accept-Encoding that may still be
    // kept, and as many that are too long to be.
    let long_encoding = "x".repeat(policy::MAX_KEY_HEADER_BYTES);
    for i in 0..1_500 {
        let query = format!("/page?q={i}&pad={}", "p".repeat(policy::MAX_KEY_URL_BYTES - 40));
        send(&router, get_with(&query, &[("accept-encoding", &long_encoding)])).await;
        let too_long = format!("/page?q={i}&pad={}", "p".repeat(policy::MAX_KEY_URL_BYTES));
        let (_, headers, _) = send(&router, get_with(&too_long, &[])).await;
        assert_eq!(cache_state(&headers), None, "too long to be a key");
    }
    let entries = cache.inner.entries.lock().unwrap();
    assert_eq!(entries.pages.len(), 1_500);
    assert_eq!(entries.bytes, entries.bytes_now());
    assert!(entries.bytes > 1_500 * policy::MAX_KEY_URL_BYTES, "keys are counted: {}", entries.bytes);
    assert!(entries.bytes <= MAX_TOTAL_BYTES);
}
