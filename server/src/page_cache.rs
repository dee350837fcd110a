//! A short-lived cache of whole server-rendered pages for visitors who are not signed in and
//! have no cart (most of the traffic: shoppers arriving from search engines and shared links,
//! crawlers). Such a page depends only on its URL, its host, its language and the data, so
//! the same bytes can answer everyone asking for it in the next few seconds; rendering a
//! catalog page costs milliseconds, answering from here microseconds.
//!
//! - **Who gets cached pages**: `GET` requests for pages (not `/api/`, not files) without the
//!   session or guest-cart cookie. The key is host, path and query, language and
//!   `Accept-Encoding`; entries are stored after compression, so a hit costs no compression.
//! - **What is stored**: HTML answers with status 200 or 404 that set no cookie.
//! - **How long**: fresh for the TTL (`PAGE_CACHE_SECONDS`, default 5 s; 0 turns the cache
//!   off). For one more TTL the page is *stale*: the next visitor still gets it at once, and
//!   one fresh render starts in the background to replace it (stale-while-revalidate), so a
//!   popular page never makes a crowd wait for its re-render. Past twice the TTL a page is
//!   gone and its next visitor waits for the render (one render per page however many ask).
//! - **Changes**: every request that can change data (anything but `GET`/`HEAD`) empties
//!   the cache of the server that handled it when it is answered, stale pages included, so a
//!   change is seen at once on that server, and within twice the TTL (plus one render) on
//!   the other servers sharing the database.
//! - A page rendered while a change was being made is not stored: each render notes the
//!   cache's generation when it starts and is kept only if no change was answered meanwhile.
//! - The CSP nonce of a stored page is shared by everyone who gets those bytes within the TTL.
//!   That is safe: a nonce guards against markup injected into a render, and a stored page
//!   is a finished render that nothing can inject into; any change of data renders anew, with
//!   a new nonce.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};

use app::backend::single_flight::SingleFlight;

/// Pages larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// All kept pages together; past it, what is stale goes, then the older half.
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// Keys remembered as not storable; past it, that memory starts again.
const MAX_UNCACHEABLE_KEYS: usize = 10_000;
/// Tells tests and operators whether a page came from the cache.
pub const CACHE_HEADER: &str = "x-page-cache";

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    ttl: Duration,
    /// Bumped by every answered change; entries of an older generation are dead.
    generation: AtomicU64,
    entries: Mutex<Entries>,
    rendering: SingleFlight,
}

#[derive(Default)]
struct Entries {
    pages: HashMap<String, Page>,
    bytes: usize,
    /// Keys whose last render could not be kept (a redirect, a cookie, an error, too large),
    /// with its generation and time: their requests render at once instead of queueing one
    /// behind another for a page that will not be stored.
    uncacheable: HashMap<String, (u64, Instant)>,
    /// Keys whose stale page is being rendered again in the background.
    refreshing: HashSet<String>,
}

/// What the cache holds for a key.
enum Lookup {
    Fresh(Page),
    /// Past the TTL but within twice it, and no change answered since: serve it, refresh it.
    Stale(Page),
    Missing,
}

#[derive(Clone)]
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    generation: u64,
    stored: Instant,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                ttl,
                generation: AtomicU64::new(0),
                entries: Mutex::default(),
                rendering: SingleFlight::default(),
            }),
        }
    }

    fn enabled(&self) -> bool {
        !self.inner.ttl.is_zero()
    }

    /// Forgets every page (a change was answered).
    fn invalidate(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut entries) = self.inner.entries.lock() {
            *entries = Entries::default();
        }
    }

    fn lookup(&self, key: &str) -> Lookup {
        let Ok(entries) = self.inner.entries.lock() else { return Lookup::Missing };
        let Some(page) = entries.pages.get(key) else { return Lookup::Missing };
        if page.generation != self.inner.generation.load(Ordering::SeqCst) {
            return Lookup::Missing;
        }
        let age = page.stored.elapsed();
        if age < self.inner.ttl {
            Lookup::Fresh(page.clone())
        } else if age < self.inner.ttl * 2 {
            Lookup::Stale(page.clone())
        } else {
            Lookup::Missing
        }
    }

    fn fresh(&self, key: &str) -> Option<Page> {
        match self.lookup(key) {
            Lookup::Fresh(page) => Some(page),
            _ => None,
        }
    }

    /// Claims the background refresh of `key`: `None` when one is already running.
    fn claim_refresh(&self, key: &str) -> Option<RefreshClaim> {
        let mut entries = self.inner.entries.lock().ok()?;
        entries.refreshing.insert(key.to_owned()).then(|| RefreshClaim { cache: self.clone(), key: key.to_owned() })
    }

    fn known_uncacheable(&self, key: &str) -> bool {
        let Ok(entries) = self.inner.entries.lock() else { return false };
        let current = self.inner.generation.load(Ordering::SeqCst);
        entries.uncacheable.get(key).is_some_and(|(generation, at)| *generation == current && at.elapsed() < self.inner.ttl)
    }

    fn mark_uncacheable(&self, key: String, generation: u64) {
        if generation != self.inner.generation.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut entries) = self.inner.entries.lock() else { return };
        if entries.uncacheable.len() >= MAX_UNCACHEABLE_KEYS {
            entries.uncacheable.clear();
        }
        entries.uncacheable.insert(key, (generation, Instant::now()));
    }

    fn store(&self, key: String, page: Page) {
        if page.generation != self.inner.generation.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut entries) = self.inner.entries.lock() else { return };
        if entries.bytes + page.body.len() > MAX_TOTAL_BYTES {
            let ttl = self.inner.ttl;
            entries.pages.retain(|_, p| p.stored.elapsed() < ttl && p.generation == page.generation);
            if entries.bytes_now() + page.body.len() > MAX_TOTAL_BYTES {
                let mut ages: Vec<Instant> = entries.pages.values().map(|p| p.stored).collect();
                ages.sort();
                let cut = ages.get(ages.len() / 2).copied();
                entries.pages.retain(|_, p| Some(p.stored) > cut);
            }
            entries.bytes = entries.bytes_now();
        }
        entries.bytes += page.body.len();
        if let Some(old) = entries.pages.insert(key, page) {
            entries.bytes -= old.body.len();
        }
    }
}

/// A background refresh in progress; dropping it (when the refresh ends, however it ends)
/// lets the next visitor of a stale page start another.
struct RefreshClaim {
    cache: PageCache,
    key: String,
}

impl Drop for RefreshClaim {
    fn drop(&mut self) {
        if let Ok(mut entries) = self.cache.inner.entries.lock() {
            entries.refreshing.remove(&self.key);
        }
    }
}

impl Entries {
    fn bytes_now(&self) -> usize {
        self.pages.values().map(|p| p.body.len()).sum()
    }
}

impl Page {
    /// The page as an answer; `state` (`hit`, `stale`, `miss`) goes in [`CACHE_HEADER`].
    fn response(&self, state: &'static str) -> Response {
        let mut res = Response::new(Body::from(self.body.clone()));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers.clone();
        res.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static(state));
        res
    }
}

/// The cache key of a request whose page may come from the cache, or `None`.
fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET {
        return None;
    }
    let path = req.uri().path();
    if path.starts_with("/api/") || path == "/healthz" || crate::static_files::looks_like_file(path) {
        return None;
    }
    let headers = req.headers();
    let cookies = headers.get(header::COOKIE).map(|v| v.to_str().unwrap_or("\u{0}"));
    // The cookies a page's content depends on, besides the language.
    let personal = [app::backend::sessions::SESSION_COOKIE, app::domain::cart::GUEST_CART_COOKIE];
    if let Some(cookies) = cookies {
        let has = |name: &str| cookies.split(';').any(|c| c.trim().split_once('=').is_some_and(|(k, _)| k == name));
        if cookies.contains('\u{0}') || personal.iter().any(|name| has(name)) {
            return None;
        }
    }
    let (lang, _) = app::i18n::lang_from_request(req.uri().query(), cookies);
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    Some(format!(
        "{}\n{}\n{}\n{}",
        text(header::HOST),
        req.uri().path_and_query().map_or(path, |pq| pq.as_str()),
        lang.code(),
        text(header::ACCEPT_ENCODING)
    ))
}

/// An answer that may be kept: an HTML page, 200 or 404, setting no cookie.
fn storable(res: &Response) -> bool {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    html && matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND) && !res.headers().contains_key(header::SET_COOKIE)
}

/// The middleware: answers from the cache when it can, keeps what it may, and forgets
/// everything when a change has been answered.
pub async fn serve(cache: PageCache, req: Request, next: Next) -> Response {
    if !cache.enabled() {
        return next.run(req).await;
    }
    let Some(key) = key_of(&req) else {
        let changes = req.method() != Method::GET && req.method() != Method::HEAD;
        let res = next.run(req).await;
        if changes {
            cache.invalidate();
        }
        return res;
    };
    if cache.known_uncacheable(&key) {
        let mut res = next.run(req).await;
        res.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("miss"));
        return res;
    }
    match cache.lookup(&key) {
        Lookup::Fresh(page) => return page.response("hit"),
        Lookup::Stale(page) => {
            if let Some(claim) = cache.claim_refresh(&key) {
                let cache = cache.clone();
                tokio::spawn(async move {
                    let _claim = claim;
                    render_and_keep(&cache, key, next, req).await;
                });
            }
            return page.response("stale");
        }
        Lookup::Missing => {}
    }
    let cached = || cache.fresh(&key).map(|page| page.response("hit"));
    cache.inner.rendering.run(&key, cached, || render_and_keep(&cache, key.clone(), next, req)).await
}

/// Renders the page and keeps it if it may be kept.
async fn render_and_keep(cache: &PageCache, key: String, next: Next, req: Request) -> Response {
    let generation = cache.inner.generation.load(Ordering::SeqCst);
    let mut res = next.run(req).await;
    if !storable(&res) {
        cache.mark_uncacheable(key, generation);
        res.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("miss"));
        return res;
    }
    let (parts, body) = res.into_parts();
    // Pages are rendered whole before they are sent (`SsrMode::Async`), so reading the
    // body here delays nothing.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => return render_failed(),
    };
    let page = Page { status: parts.status, headers: parts.headers, body, generation, stored: Instant::now() };
    if page.body.len() <= MAX_PAGE_BYTES {
        cache.store(key, page.clone());
    } else {
        cache.mark_uncacheable(key, generation);
    }
    page.response("miss")
}

/// The render broke off half-way (what was read cannot be sent again): the visitor reloads.
fn render_failed() -> Response {
    let mut res = Response::new(Body::from("Service temporarily unavailable; please reload."));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

#[cfg(test)]
mod tests {
    //! The cache in front of the real router, over a seeded SQLite database.

    use super::*;
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

            // The login above was a change: the kept page is gone.
            let (_, headers, _) = send(&router, get(&page, None)).await;
            assert_eq!(cache_state(&headers), Some("miss"));
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
        let renders = Arc::new(AtomicU64::new(0));
        let cache = PageCache::new(Duration::from_millis(300));
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
}
