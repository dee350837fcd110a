//! A short-lived cache of whole server-rendered pages for visitors who are not signed in and
//! have no cart (most of the traffic: shoppers arriving from search engines and shared links,
//! crawlers). Such a page depends only on its URL, its host, its language and the data, so
//! the same bytes can answer everyone asking for it in the next few seconds; rendering a
//! catalog page costs milliseconds, answering from here microseconds.
//!
//! - **Who gets cached pages, what is kept, what forgets it**: the rules are in [`policy`]
//!   (requests with no cookie but the language; HTML 200/404 answers setting no cookie; only a
//!   successful change of public data empties the cache; bounded keys). Entries are stored
//!   after compression, so a hit costs no compression.
//! - **How long**: fresh for the TTL (`PAGE_CACHE_SECONDS`, default 5 s; 0 turns the cache
//!   off). For one more TTL the page is *stale*: the next visitor still gets it at once, and
//!   one fresh render starts in the background to replace it (stale-while-revalidate), so a
//!   popular page never makes a crowd wait for its re-render. Past twice the TTL a page is
//!   gone and its next visitor waits for the render (one render per page however many ask).
//! - **Memory**: every kept byte counts against [`MAX_TOTAL_BYTES`] — the page, its headers
//!   and its key — and so do the keys remembered as not storable.
//! - **Changes**: a change answered by this server empties its cache, stale pages included,
//!   so a change is seen at once here, and within twice the TTL (plus one render) on the
//!   other servers sharing the database.
//! - A page rendered while a change was being made is not stored: each render notes the
//!   cache's generation when it starts and is kept only if no change was answered meanwhile.
//! - The CSP nonce of a stored page is shared by everyone who gets those bytes within the TTL.
//!   That is safe: a nonce guards against markup injected into a render, and a stored page
//!   is a finished render that nothing can inject into; any change of data renders anew, with
//!   a new nonce.

pub mod policy;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

use app::backend::single_flight::SingleFlight;

/// Pages larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// All kept pages together, with their headers and keys; past it, what is stale goes, then
/// the older half.
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// The keys remembered as not storable, together (each is bounded by `policy`); past it,
/// that memory starts again.
const MAX_UNCACHEABLE_BYTES: usize = 4 * 1024 * 1024;
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
    /// What `pages` weighs: every page's [`Page::weight`] under its key.
    bytes: usize,
    /// Keys whose last render could not be kept (a redirect, a cookie, an error, too large),
    /// with its generation and time: their requests render at once instead of queueing one
    /// behind another for a page that will not be stored.
    uncacheable: HashMap<String, (u64, Instant)>,
    /// The bytes of the keys in `uncacheable`.
    uncacheable_bytes: usize,
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
        if entries.uncacheable_bytes + key.len() > MAX_UNCACHEABLE_BYTES {
            entries.uncacheable.clear();
            entries.uncacheable_bytes = 0;
        }
        let added = key.len();
        if entries.uncacheable.insert(key, (generation, Instant::now())).is_none() {
            entries.uncacheable_bytes += added;
        }
    }

    fn store(&self, key: String, page: Page) {
        if page.generation != self.inner.generation.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut entries) = self.inner.entries.lock() else { return };
        let weight = page.weight(&key);
        if entries.bytes + weight > MAX_TOTAL_BYTES {
            let ttl = self.inner.ttl;
            entries.pages.retain(|_, p| p.stored.elapsed() < ttl && p.generation == page.generation);
            if entries.bytes_now() + weight > MAX_TOTAL_BYTES {
                let mut ages: Vec<Instant> = entries.pages.values().map(|p| p.stored).collect();
                ages.sort();
                let cut = ages.get(ages.len() / 2).copied();
                entries.pages.retain(|_, p| Some(p.stored) > cut);
            }
            entries.bytes = entries.bytes_now();
        }
        entries.bytes += weight;
        if let Some(old) = entries.pages.remove(&key) {
            entries.bytes -= old.weight(&key);
        }
        entries.pages.insert(key, page);
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
        self.pages.iter().map(|(key, p)| p.weight(key)).sum()
    }
}

impl Page {
    /// What keeping this page under `key` costs: its body, its headers and the key (the map's
    /// own overhead is a few words a page and left out).
    fn weight(&self, key: &str) -> usize {
        let headers: usize = self.headers.iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
        self.body.len() + headers + key.len()
    }

    /// The page as an answer; `state` (`hit`, `stale`, `miss`) goes in [`CACHE_HEADER`].
    fn response(&self, state: &'static str) -> Response {
        let mut res = Response::new(Body::from(self.body.clone()));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers.clone();
        res.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static(state));
        res
    }
}

/// The middleware: answers from the cache when it can, keeps what it may, forgets everything
/// when a change of public data has been answered, and marks personal answers private.
pub async fn serve(cache: PageCache, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let personal = app::backend::cookies::RequestCookies::parse(req.headers()).personal();
    let mut res = answer(&cache, req, next).await;
    policy::mark_personal(&path, personal, &mut res);
    res
}

async fn answer(cache: &PageCache, req: Request, next: Next) -> Response {
    if !cache.enabled() {
        return next.run(req).await;
    }
    let Some(key) = policy::key_of(&req) else {
        let change = policy::is_change(req.method());
        let path = req.uri().path().to_owned();
        let res = next.run(req).await;
        if change && policy::changed_public_data(&path, &res) {
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
    cache.inner.rendering.run(&key, cached, || render_and_keep(cache, key.clone(), next, req)).await
}

/// Renders the page and keeps it if it may be kept.
async fn render_and_keep(cache: &PageCache, key: String, next: Next, req: Request) -> Response {
    let generation = cache.inner.generation.load(Ordering::SeqCst);
    let mut res = next.run(req).await;
    if !policy::storable(&res) {
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
mod tests;
