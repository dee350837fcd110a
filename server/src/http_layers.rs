//! The HTTP surface: routes, and the layers every response passes through.
//!
//! - `/api/*` are the server functions. Mutations will use them, so a cross-site request is
//!   refused before any function runs (Leptos itself does no CSRF or Origin check), bodies are
//!   capped, and an `AppError` answer gets the HTTP status the error calls for.
//! - `/healthz` answers 200 when the database does; `/sitemap.xml` indexes the sitemap files
//!   under `/sitemaps/`, which list every public page.
//! - Everything else is a static file (precompressed when a `.br`/`.gz` sibling exists) or a
//!   server-rendered page; pages for visitors without a session come from `page_cache` when
//!   one was rendered in the last few seconds.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::{
        predicate::{And, DefaultPredicate, Predicate},
        CompressionLayer,
    },
    limit::RequestBodyLimitLayer,
    set_header::SetResponseHeaderLayer,
};

use app::{backend::AppState, error::AppError, shell, App};

use crate::config::Config;
use crate::observability;

/// Largest request body, except for uploads (which have their own routes and limit).
pub(crate) const BODY_LIMIT: usize = 256 * 1024;

/// Largest answer compressed per request. A bigger one is sent as it is, unless it has a
/// precompressed sibling (`server compress` writes them for the site): brotli over the 25 MB
/// debug wasm cost the server seconds of CPU for every page load, and no visitor should be
/// able to ask for that much work with one request.
const MAX_COMPRESSED_PER_REQUEST: u64 = 8 * 1024 * 1024;

/// Brotli or gzip for what the client accepts, for answers up to [`MAX_COMPRESSED_PER_REQUEST`].
fn compression() -> CompressionLayer<And<DefaultPredicate, NotTooLargeToCompress>> {
    CompressionLayer::new().br(true).gzip(true).compress_when(DefaultPredicate::new().and(NotTooLargeToCompress))
}

/// An answer whose size is known (body or `content-length`) and at most [`MAX_COMPRESSED_PER_REQUEST`].
/// Streams of unknown size are compressed: they are the server's own and bounded.
#[derive(Clone, Copy)]
struct NotTooLargeToCompress;

impl Predicate for NotTooLargeToCompress {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &Response<B>) -> bool {
        let declared = || {
            response.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.parse::<u64>().ok()
        };
        response.body().size_hint().exact().or_else(declared).is_none_or(|n| n <= MAX_COMPRESSED_PER_REQUEST)
    }
}

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let allowed_origin = config.public_url.clone();
    let sitemap_public_url = config.public_url.clone();
    let sitemap_file_public_url = config.public_url.clone();
    let robots_public_url = config.public_url.clone();
    let calendar_public_url = config.public_url.clone();
    let page_cache = crate::page_cache::PageCache::new(config.page_cache_ttl);

    // `leptos_routes_with_context` registers the page routes and one route per server
    // function (under `/api/`), so the checks below are layers over the whole router: each
    // one applies to exactly the requests it is about.
    let leptos_options = state.leptos_options.clone();
    let pages = Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/sitemap.xml",
            get(move |state: State<AppState>, headers: axum::http::HeaderMap| {
                crate::sitemap::sitemap_index(state, sitemap_public_url.clone(), headers)
            }),
        )
        .route(
            "/sitemaps/{file}",
            get(move |state: State<AppState>, file: axum::extract::Path<String>, headers: axum::http::HeaderMap| {
                crate::sitemap::sitemap_file(state, file, sitemap_file_public_url.clone(), headers)
            }),
        )
        .route(
            "/robots.txt",
            get(move |headers: axum::http::HeaderMap| crate::sitemap::robots(robots_public_url.clone(), headers)),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(leptos_options.clone()),
        )
        .fallback(crate::static_files::file_or_page)
        // A page whose client leaves still renders to its end (see `detached_render`).
        .layer(middleware::from_fn(crate::detached_render::complete))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    // Uploads may arrive slowly from a phone; everything else has the common time limit.
    let uploads = crate::uploads_http::routes().layer(observability::time_limit(observability::UPLOAD_TIMEOUT));
    let everything_else = Router::new()
        .merge(crate::calendar_http::routes(calendar_public_url))
        .merge(crate::csv_export::routes())
        .merge(pages)
        .layer(observability::time_limit(observability::REQUEST_TIMEOUT));
    Router::new()
        .merge(uploads)
        .merge(everything_else)
        // Who is calling is looked up once per request, however many server functions and
        // components ask (`auth::RequestIdentity`).
        .layer(middleware::from_fn(app::backend::auth::with_identity))
        .layer(middleware::from_fn(apply_error_status))
        .layer(middleware::from_fn(crate::form_outcome::mark_success))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let allowed = allowed_origin.clone();
            async move { reject_cross_site(allowed.as_deref(), req, next).await }
        }))
        .layer(compression())
        // Outside compression, so a page is kept compressed and a hit costs no compression.
        .layer(middleware::from_fn(move |req: Request, next: Next| crate::page_cache::serve(page_cache.clone(), req, next)))
        .layer(middleware::from_fn_with_state(crate::rate_limit::MutationBudget::new(config.mutation_limit), crate::rate_limit::enforce))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        // Outermost: every answer, cached or not, is logged under its request id and names it.
        .layer(observability::propagate_request_id())
        .layer(observability::trace())
        .layer(observability::set_request_id())
        .layer(middleware::from_fn(observability::drop_unfit_request_id))
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> Response {
    match app::backend::db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Refuses requests a browser marks as coming from another site, and requests whose Origin
/// is neither this host nor the configured public URL. Requests without these headers (curl,
/// other servers) carry no ambient cookies from a victim's browser and pass.
async fn reject_cross_site(public_url: Option<&str>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let headers = req.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let cross_site = matches!(fetch_site, Some("cross-site"));
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
                let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
                authority == host || public_url.is_some_and(|p| p.trim_end_matches('/') == origin)
            }
        };
        if cross_site || !origin_ok {
            return error_response(AppError::Forbidden);
        }
    }
    next.run(req).await
}

fn error_response(err: AppError) -> Response {
    let body = serde_json::to_vec(&err).unwrap_or_default();
    (err.status(), [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Server functions answer every error with 500; give the client the status its error means
/// (422 for invalid input, 404, 403, …). Only error answers are read, and at most 64 KiB.
async fn apply_error_status(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return error_response(AppError::Internal),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = err.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
pub(crate) mod tests {
    //! The HTTP surface against a real (SQLite) database seeded with the demo data.

    use super::*;
    use axum::http::Request as HttpRequest;
    use leptos::config::LeptosOptions;
    use tower::ServiceExt;

    /// One runtime for every HTTP test: Leptos keeps a process-wide task spawner, and tasks
    /// handed to a finished per-test runtime would never run (a test would hang).
    fn runtime() -> &'static tokio::runtime::Runtime {
        static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
        RUNTIME.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("test runtime")
        })
    }

    /// Runs one test body at a time on the shared runtime: the renderer's process-wide state
    /// is set up by whichever test comes first, and one run in a few hung when two set it up
    /// at once.
    pub(crate) fn serially(body: impl std::future::Future<Output = ()>) {
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        runtime().block_on(body);
    }

    async fn test_router() -> (Router, std::path::PathBuf) {
        let (router, dir, _) = test_app().await;
        (router, dir)
    }

    /// The router over a fresh seeded SQLite database, its folder, and the database.
    pub(crate) async fn test_app() -> (Router, std::path::PathBuf, sea_orm::DatabaseConnection) {
        test_app_in(leptos::config::Env::DEV).await
    }

    /// As [`test_app`], with Leptos' environment (`LEPTOS_ENV`) set to `env`.
    pub(crate) async fn test_app_in(env: leptos::config::Env) -> (Router, std::path::PathBuf, sea_orm::DatabaseConnection) {
        let dir = std::env::temp_dir().join(format!("cholang_http_{}_{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.display());
        let db = app::backend::db::connect_and_migrate(&url).await.unwrap();
        app::backend::seed::seed_demo(&db).await.unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("cholang")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .env(env)
            .build();
        let config = Config { database_url: url, bind: "127.0.0.1:0".into(), public_url: None, uploads_dir: dir.join("uploads"), page_cache_ttl: std::time::Duration::from_secs(5), mutation_limit: None };
        let uploads = app::backend::uploads::Uploads::local(&config.uploads_dir).unwrap();
        (router(AppState { leptos_options, db: db.clone(), secure_cookies: false, uploads, catalog_cache: Default::default() }, &config), dir, db)
    }

    fn rand_suffix() -> u128 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    }

    pub(crate) fn api() -> axum::http::request::Builder {
        HttpRequest::builder()
            .method("POST")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
    }

    pub(crate) async fn send(router: &Router, req: HttpRequest<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let uri = req.uri().to_string();
        let res = tokio::time::timeout(std::time::Duration::from_secs(20), router.clone().oneshot(req))
            .await
            .unwrap_or_else(|_| panic!("{uri} did not answer within 20 s"))
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await.unwrap();
        (status, headers, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn answers_are_compressed_up_to_a_size_and_bigger_ones_sent_as_they_are() {
        let body = |n: usize| move || async move { ([(header::CONTENT_TYPE, "application/wasm")], vec![b'a'; n]) };
        let limit = MAX_COMPRESSED_PER_REQUEST as usize;
        let router =
            Router::new().route("/small", get(body(64 * 1024))).route("/large", get(body(limit + 1))).layer(compression());
        let encoding = |uri: &'static str| {
            let router = router.clone();
            async move {
                let req = HttpRequest::builder().uri(uri).header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
                let res = router.oneshot(req).await.unwrap();
                res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned())
            }
        };
        assert_eq!(encoding("/small").await.as_deref(), Some("br"));
        assert_eq!(encoding("/large").await, None, "too large to compress per request");
    }

    #[test]
    fn server_function_errors_get_their_status() {
        serially(server_function_errors_get_their_status_body());
    }

    async fn server_function_errors_get_their_status_body() {
        let (router, dir) = test_router().await;

        let ok = api().uri("/api/district_figures").body(Body::from("district=gia-lam")).unwrap();
        let (status, _, body) = send(&router, ok).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("\"villages\""), "{body}");

        let bad = api().uri("/api/district_figures").body(Body::from("district=NOT%20A%20SLUG")).unwrap();
        let (status, _, body) = send(&router, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("\"field\":\"district\""), "{body}");
        assert!(body.contains("invalid_slug"), "{body}");

        let unknown = api().uri("/api/district_figures").body(Body::from("district=khong-co")).unwrap();
        assert_eq!(send(&router, unknown).await.0, StatusCode::NOT_FOUND);

        let missing = api().uri("/api/district_figures").body(Body::from("")).unwrap();
        assert_eq!(send(&router, missing).await.0, StatusCode::BAD_REQUEST);

        let json = |body: String| {
            HttpRequest::builder()
                .method("POST")
                .uri("/api/products")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap()
        };
        let long = json(format!(r#"{{"query":{{"q":"{}"}},"lang":"vi"}}"#, "gốm ".repeat(3000)));
        assert_eq!(send(&router, long).await.0, StatusCode::OK, "long search text is cut, not refused");
        let zero = json(r#"{"query":{"page":0},"lang":"vi"}"#.into());
        assert_eq!(send(&router, zero).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_lang = json(r#"{"query":{},"lang":"fr"}"#.into());
        assert_eq!(send(&router, bad_lang).await.0, StatusCode::BAD_REQUEST);
        let bad_stars = json(r#"{"query":{"stars":9},"lang":"vi"}"#.into());
        assert_eq!(send(&router, bad_stars).await.0, StatusCode::BAD_REQUEST);
        let garbage = json("{not json".into());
        assert_eq!(send(&router, garbage).await.0, StatusCode::BAD_REQUEST);

        let get = HttpRequest::builder().uri("/api/district_figures").body(Body::empty()).unwrap();
        assert!(send(&router, get).await.0.is_client_error(), "server functions are POST only");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn cross_site_calls_are_refused() {
        serially(cross_site_calls_are_refused_body());
    }

    async fn cross_site_calls_are_refused_body() {
        let (router, dir) = test_router().await;
        let cross = api()
            .uri("/api/programme_figures")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&router, cross).await.0, StatusCode::FORBIDDEN);
        let foreign = api()
            .uri("/api/programme_figures")
            .header(header::ORIGIN, "http://evil.example")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&router, foreign).await.0, StatusCode::FORBIDDEN);
        let same = api()
            .uri("/api/programme_figures")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&router, same).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("\"ocop_products\":1054"), "{body}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn pages_are_server_rendered_with_security_headers_and_language() {
        serially(pages_are_server_rendered_with_security_headers_and_language_body());
    }

    async fn pages_are_server_rendered_with_security_headers_and_language_body() {
        let (router, dir) = test_router().await;
        let home = HttpRequest::builder().uri("/").body(Body::empty()).unwrap();
        let (status, headers, body) = send(&router, home).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<html lang=\"vi\""), "{}", &body[..body.len().min(300)]);
        assert!(body.contains(">1.054<"), "figures are in the server-rendered HTML");
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("'nonce-") && csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");

        let english = HttpRequest::builder().uri("/villages?lang=en").body(Body::empty()).unwrap();
        let (status, headers, body) = send(&router, english).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<html lang=\"en\""));
        assert!(body.contains("Hà Nội&#x27;s craft villages") || body.contains("Hà Nội's craft villages"));
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
        assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");

        let remembered = HttpRequest::builder().uri("/fairs").header(header::COOKIE, "lang=en").body(Body::empty()).unwrap();
        let (_, headers, body) = send(&router, remembered).await;
        assert!(body.contains("<html lang=\"en\""));
        assert!(headers.get(header::SET_COOKIE).is_none(), "no cookie without an explicit choice");

        let missing = HttpRequest::builder().uri("/khong-co-trang-nay").body(Body::empty()).unwrap();
        let (status, _, body) = send(&router, missing).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Không tìm thấy trang"));

        let health = HttpRequest::builder().uri("/healthz").body(Body::empty()).unwrap();
        assert_eq!(send(&router, health).await.0, StatusCode::OK);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn only_a_development_server_lets_pages_reach_the_reload_socket() {
        serially(async {
            for (env, allowed) in [(leptos::config::Env::DEV, true), (leptos::config::Env::PROD, false)] {
                let (router, dir, _) = test_app_in(env.clone()).await;
                let (_, headers, _) = send(&router, HttpRequest::builder().uri("/").body(Body::empty()).unwrap()).await;
                let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_owned();
                assert_eq!(csp.contains("ws://"), allowed, "{env:?}: {csp}");
                assert!(csp.contains("connect-src 'self'"), "{csp}");
                let _ = std::fs::remove_dir_all(dir);
            }
        });
    }

    #[test]
    fn the_page_wakes_its_islands_with_the_nonce_and_swaps_whole_pages() {
        serially(the_page_wakes_its_islands_with_the_nonce_and_swaps_whole_pages_body());
    }

    /// The islands loader and router carry this response's CSP nonce (else the browser runs
    /// neither), and the page's head and body are one item keyed by a value new to every
    /// render, so the islands router swaps them whole instead of patching a page of another
    /// shape node by node.
    async fn the_page_wakes_its_islands_with_the_nonce_and_swaps_whole_pages_body() {
        let (router, dir) = test_router().await;
        let mut keys = Vec::new();
        for uri in ["/", "/products"] {
            let (_, headers, body) = send(&router, HttpRequest::builder().uri(uri).body(Body::empty()).unwrap()).await;
            let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
            let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the CSP");
            let script_start = format!("<script type=\"module\" nonce=\"{nonce}\">");
            let script = body.split(&script_start).nth(1).and_then(|rest| rest.split("</script>").next()).expect("the islands script");
            assert!(script.contains("hydrateIslands") && script.contains("Islands-Router"), "{script}");
            assert!(body.contains(&format!("<script nonce=\"{nonce}\">")), "the scroll script carries the nonce");
            let items: Vec<&str> = body.split("<!--bo-item-").skip(1).map(|rest| rest.split("-->").next().unwrap()).collect();
            assert_eq!(items.len(), 1, "one keyed item: {items:?}");
            let (open, close) = (format!("<!--bo-item-{}-->", items[0]), format!("<!--bc-item-{}-->", items[0]));
            let (before, item) = body.split_once(&open).unwrap();
            assert!(!before.contains("<head") && item.find("<head").unwrap() < item.find("<title>").unwrap());
            assert!(item.find("</body>").unwrap() < item.find(&close).unwrap(), "the item holds the head and the body");
            keys.push(items[0].to_owned());
        }
        assert_ne!(keys[0], keys[1], "every render has its own key");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn detail_pages_render_with_seo_and_the_sitemap_lists_them() {
        serially(detail_pages_render_with_seo_and_the_sitemap_lists_them_body());
    }

    async fn detail_pages_render_with_seo_and_the_sitemap_lists_them_body() {
        let (router, dir) = test_router().await;
        let get = |uri: &str| HttpRequest::builder().uri(uri).header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();

        let (status, _, body) = send(&router, get("/products/gom-khong-co-that")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "unknown product");
        assert!(body.contains("data-testid=\"not-found\""));
        let (status, _, _) = send(&router, get("/products/NOT_A_SLUG")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "malformed slug");
        assert_eq!(send(&router, get("/producers/khong-co")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(send(&router, get("/villages/khong-co")).await.0, StatusCode::NOT_FOUND);

        let (status, headers, index) = send(&router, get("/sitemap.xml")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("application/xml"));
        assert!(index.contains("<loc>http://127.0.0.1:3000/sitemaps/products-1.xml</loc>"), "{index}");
        assert!(!index.contains("products-2.xml"), "1,054 products fit one file");
        let (status, _, pages) = send(&router, get("/sitemaps/pages.xml")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(pages.contains("<loc>http://127.0.0.1:3000/</loc>"), "{}", &pages[..pages.len().min(400)]);
        assert!(pages.contains("/villages/bat-trang</loc>"));
        for missing in ["/sitemaps/products-2.xml", "/sitemaps/products-0.xml", "/sitemaps/secrets.xml"] {
            assert_eq!(send(&router, get(missing)).await.0, StatusCode::NOT_FOUND, "{missing}");
        }
        let (status, _, xml) = send(&router, get("/sitemaps/products-1.xml")).await;
        assert_eq!(status, StatusCode::OK);
        let product_path = xml
            .split("<loc>http://127.0.0.1:3000")
            .find(|s| s.starts_with("/products/"))
            .and_then(|s| s.split("</loc>").next())
            .expect("a product in the sitemap")
            .to_owned();

        let (status, _, html) = send(&router, get(&product_path)).await;
        assert_eq!(status, StatusCode::OK, "{product_path}");
        for needle in [
            "data-testid=\"product-name\"", "data-testid=\"product-price\"", " ₫", "data-testid=\"producer-card\"",
            "<script type=\"application/ld+json\">", "\"@type\":\"Product\"", "\"priceCurrency\":\"VND\"",
            "rel=\"canonical\"", "hreflang=\"en\"", "?lang=en", "hreflang=\"x-default\"", "property=\"og:locale\" content=\"vi_VN\"",
        ] {
            assert!(html.contains(needle), "{needle} missing from {product_path}");
        }
        // Canonical and alternate links are absolute (on the request's host without PUBLIC_URL).
        let canonical = format!("<link href=\"http://127.0.0.1:3000{product_path}\" rel=\"canonical\">");
        let english = format!("href=\"http://127.0.0.1:3000{product_path}?lang=en\"");
        assert!(html.contains(&canonical) && html.contains(&english), "absolute canonical and hreflang on {product_path}");
        let producer_path = html
            .split("href=\"/producers/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(|s| format!("/producers/{s}"))
            .expect("a link to the storefront");
        let (status, _, html) = send(&router, get(&producer_path)).await;
        assert_eq!(status, StatusCode::OK, "{producer_path}");
        assert!(html.contains("\"@type\":\"Organization\"") && html.contains("src=\"/logo.svg\""));
        // Its own catalog, with facet links that stay on the storefront.
        assert!(html.contains("data-testid=\"producer-catalog\""));
        assert!(html.contains(&format!("href=\"{producer_path}?stars=")), "facets link to the storefront itself");

        let (status, _, html) = send(&router, get("/villages/bat-trang?lang=en")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("data-testid=\"village-name\"") && html.contains("data-testid=\"village-catalog\""));
        assert!(html.contains("href=\"/villages/bat-trang?stars="), "facets link to the village page itself");
        assert!(html.contains("content=\"en_US\""));
        let (_, _, html) = send(&router, get("/villages")).await;
        assert!(html.contains("href=\"/villages/bat-trang\""), "village names link to their pages");
        let _ = std::fs::remove_dir_all(dir);
    }
}
