//! What the page cache may keep, under which key, and which answers forget it. Every rule
//! that decides whether one person's page could reach another is in this file.
//!
//! - **Who may get a kept page, and whose render may be kept**: a `GET` for a page (not
//!   `/api/`, not a file) whose request carries no cookie but the language — read with the one
//!   cookie parser authentication uses (`app::backend::cookies`, every `Cookie` header) — and
//!   no `Authorization`. Anything else is rendered for its requester and never stored.
//! - **Keys are bounded**: host, path and query, language, `Accept-Encoding`, whether the
//!   islands router asks; a request whose
//!   URL or headers are longer than the limits below is served but never kept, and a key's
//!   bytes count in the cache's memory limit.
//! - **What forgets the cache**: a *successful* answer (2xx, or a redirect that carries no
//!   server-function error) to a `POST`/`PUT`/`PATCH`/`DELETE`, except server functions that
//!   change nothing an anonymous page shows ([`KEEPS_PUBLIC_PAGES`]). A refused cross-site
//!   post, a 404, an `OPTIONS` or an invalid form forgets nothing, so nobody can keep every
//!   page uncached by posting garbage.
//! - **Personal answers say so**: every answer to a request with a personal cookie (anything
//!   but the language) that is not a static file gets `Cache-Control: private, no-store`, so no
//!   shared cache (a CDN, a proxy) keeps it either.

use axum::{
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    response::Response,
};

use app::backend::cookies::RequestCookies;

/// Longest path and query a kept page may have.
pub const MAX_KEY_URL_BYTES: usize = 1024;
/// Longest `Host` and `Accept-Encoding` a kept page may have.
pub const MAX_KEY_HEADER_BYTES: usize = 128;

/// Server functions that may answer a `POST` successfully without changing anything an
/// anonymous visitor's page shows: the reads (server functions are `POST`s), and writes to the
/// caller's own session, cart or password. Anything not listed empties the cache when it
/// succeeds: forgetting a function here costs only cache hits, never a stale page.
pub const KEEPS_PUBLIC_PAGES: &[&str] = &[
    // reads
    "am_verified_buyer", "begin_checkout", "broadcast_reach", "buyer_desk", "cart", "cart_units", "districts",
    "district_figures", "editor_choices", "exhibit_choices", "expiring_certificates", "fair", "fair_applications",
    "fair_choices", "fair_interest", "fairs", "favourite_state", "managed_point_of_sale", "me", "meeting_choices",
    "moderated", "my_fair_applications", "my_fairs", "my_favourites", "my_orders", "my_points_of_sale", "my_products",
    "my_storefront", "office_stats", "order", "organizer_fair", "participation", "pending_buyers",
    "pending_certificates", "pending_producers", "point_of_sale", "points_of_sale", "producer_desk",
    "producer_detail", "producer_orders", "product_certificates", "product_detail", "product_draft", "products",
    "programme_figures", "shipping_settings", "sold_at", "suggest", "trade_choices", "trade_request",
    "village_detail", "villages_by_district", "wholesale_list", "wholesale_terms",
    // the caller's own session, cart and password
    "add_to_cart", "change_password", "login", "logout", "register", "remove_from_cart", "set_cart_quantity",
];

/// The cache key of a request whose page may come from the cache (and be kept), or `None`.
pub fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET {
        return None;
    }
    let path = req.uri().path();
    if path.starts_with("/api/") || path == "/healthz" || crate::static_files::looks_like_file(path) {
        return None;
    }
    let headers = req.headers();
    let cookies = RequestCookies::parse(headers);
    if !cookies.only_language() || headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let url = req.uri().path_and_query().map_or(path, |pq| pq.as_str());
    // One value per header: a repeated Host or Accept-Encoding is not a request to share with.
    let single = |name: header::HeaderName| -> Option<&str> {
        let mut values = headers.get_all(name).iter();
        let text = match (values.next(), values.next()) {
            (None, _) => "",
            (Some(value), None) => value.to_str().ok()?,
            (Some(_), Some(_)) => return None,
        };
        (text.len() <= MAX_KEY_HEADER_BYTES).then_some(text)
    };
    let (host, encoding) = (single(header::HOST)?, single(header::ACCEPT_ENCODING)?);
    if url.len() > MAX_KEY_URL_BYTES {
        return None;
    }
    let (lang, _) = app::i18n::lang_from_request(req.uri().query(), cookies.get(app::i18n::LANG_COOKIE));
    // The islands router's fetches are rendered in order, a first load may stream out of
    // order: the two are kept apart.
    let navigation = headers.contains_key("islands-router");
    Some(format!("{host}\n{url}\n{}\n{encoding}\n{navigation}", lang.code()))
}

/// An answer that may be kept: an HTML page, 200 or 404, setting no cookie and not marked
/// private by the app.
pub fn storable(res: &Response) -> bool {
    let headers = res.headers();
    let html = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let private = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .any(|v| v.to_str().map_or(true, |v| v.contains("private") || v.contains("no-store")));
    html && matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !headers.contains_key(header::SET_COOKIE)
        && !private
}

/// Whether a request may change data (its method says so).
pub fn is_change(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
}

/// Whether the answer to a change request `path` means public data may have changed: it
/// succeeded, and it is not a server function listed in [`KEEPS_PUBLIC_PAGES`].
pub fn changed_public_data(path: &str, res: &Response) -> bool {
    if let Some(name) = path.strip_prefix("/api/") {
        if KEEPS_PUBLIC_PAGES.contains(&name) {
            return false;
        }
    }
    succeeded(res)
}

/// 2xx, or a redirect that is not a plain form post's error (which server functions send
/// back to the form's page with `__err` in the URL).
fn succeeded(res: &Response) -> bool {
    let status = res.status();
    if status.is_success() {
        return !res.headers().contains_key(server_fn::error::SERVER_FN_ERROR_HEADER);
    }
    status.is_redirection()
        && res
            .headers()
            .get(header::LOCATION)
            .is_some_and(|location| location.to_str().is_ok_and(|l| !l.contains("__err=")))
}

/// Marks the answer to a personal request (a cookie besides the language) as private, unless
/// it is a static file or already says how it may be cached.
pub fn mark_personal(path: &str, personal: bool, res: &mut Response) {
    if personal && !crate::static_files::looks_like_file(path) && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(uri: &str, headers: &[(&str, &str)]) -> Request {
        let mut builder = axum::http::Request::builder().uri(uri).header(header::HOST, "127.0.0.1:3000");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_request_with_any_cookie_but_the_language_has_no_key() {
        assert!(key_of(&request("/", &[])).is_some());
        assert!(key_of(&request("/", &[("cookie", "lang=en")])).is_some());
        assert!(key_of(&request("/", &[("cookie", "lang=en"), ("cookie", "cholang_session=x")])).is_none(), "split headers");
        assert!(key_of(&request("/", &[("cookie", "other=1")])).is_none());
        assert!(key_of(&request("/", &[("authorization", "Basic eDp5")])).is_none());
        let en = key_of(&request("/", &[("cookie", "lang=en")])).unwrap();
        assert_ne!(en, key_of(&request("/", &[])).unwrap(), "the language is in the key");
    }

    #[test]
    fn long_or_repeated_key_parts_are_not_kept() {
        let long = format!("/products?q={}", "a".repeat(MAX_KEY_URL_BYTES));
        assert!(key_of(&request(&long, &[])).is_none());
        assert!(key_of(&request("/", &[("accept-encoding", &"x,".repeat(100))])).is_none());
        assert!(key_of(&request("/", &[("accept-encoding", "br"), ("accept-encoding", "gzip")])).is_none());
        assert!(key_of(&request("/", &[("accept-encoding", "br, gzip")])).is_some());
    }

    #[test]
    fn only_successful_changes_of_public_data_forget_pages() {
        let answer = |status: u16, location: Option<&str>| {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::from_u16(status).unwrap();
            if let Some(l) = location {
                res.headers_mut().insert(header::LOCATION, HeaderValue::from_str(l).unwrap());
            }
            res
        };
        assert!(changed_public_data("/api/save_product", &answer(200, None)));
        assert!(changed_public_data("/api/save_product", &answer(302, Some("/dashboard"))));
        assert!(!changed_public_data("/api/save_product", &answer(302, Some("/dashboard?__err=x&__path=y"))));
        for refused in [400, 401, 403, 404, 405, 422, 429, 500] {
            assert!(!changed_public_data("/api/save_product", &answer(refused, None)), "{refused}");
        }
        assert!(!changed_public_data("/api/products", &answer(200, None)), "a read");
        assert!(!changed_public_data("/api/add_to_cart", &answer(200, None)), "a guest's own cart");
        assert!(changed_public_data("/dashboard/products/1/photos", &answer(200, None)), "an upload");
        assert!(!is_change(&Method::OPTIONS) && !is_change(&Method::HEAD) && is_change(&Method::DELETE));
    }
}
