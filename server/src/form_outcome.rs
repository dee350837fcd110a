//! A form posted to a server function as a plain form (before the wasm loads, or through the
//! islands router, which posts forms itself) is answered with a redirect back to its page:
//! with `__err`/`__path` when it failed (server_fn's own rule), and here with `__ok=<path>`
//! when it succeeded, so the page rendered after it can say "saved" the way the form did when
//! the whole app ran in the browser (`app::components::forms::action_done`).
//!
//! Only the way back to the posting page is marked: a function that redirects somewhere else
//! itself (logging in, placing an order) is left alone.
//!
//! A page with many forms posting to one function (an "add to cart" on every product card)
//! names each with a hidden field `__form=<key>` (the islands router drops an action's query
//! string); the way back carries it on as `__form=<key>`, after a success and after a failure,
//! so the page answers beside the form that was used and not beside all of them.

use axum::{
    extract::Request,
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The query parameter naming the server function whose form post succeeded.
pub const OK_PARAM: &str = "__ok";
/// The query parameter naming which of a page's forms posted (see the module's notes).
pub const FORM_PARAM: &str = "__form";
/// At most this long, and only `[A-Za-z0-9_-]`: it is copied into a URL the page reads.
const MAX_FORM_KEY: usize = 40;

pub async fn mark_success(req: Request, next: Next) -> Response {
    let form_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    if !form_post {
        return next.run(req).await;
    }
    let function = req.uri().path().to_owned();
    let url_encoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let (req, form_key) = if url_encoded {
        // Read here within the site's body limit, then handed on unchanged.
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, crate::http_layers::BODY_LIMIT).await else {
            return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let key = form_key(&bytes);
        (Request::from_parts(parts, axum::body::Body::from(bytes)), key)
    } else {
        (req, None)
    };
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut response = next.run(req).await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else {
        return response;
    };
    if let Some(marked) = marked_location(location, referer.as_deref(), &function, form_key.as_deref()) {
        if let Ok(value) = HeaderValue::from_str(&marked) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    response
}

/// The `__form=<key>` a posted form carried, if it is a well-formed key.
fn form_key(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body).find(|(k, _)| k == FORM_PARAM).map(|(_, v)| v.into_owned()).filter(|v| {
        !v.is_empty()
            && v.len() <= MAX_FORM_KEY
            && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// `location` with `__ok=function` (and no earlier `__ok`) when it leads back to the page that
/// posted (`referer`) and carries no error; with `__form=key` too when the form named itself,
/// after a success or an error of this function.
fn marked_location(
    location: &str,
    referer: Option<&str>,
    function: &str,
    form_key: Option<&str>,
) -> Option<String> {
    let path_of = |url: &str| url.parse::<http::Uri>().ok().map(|u| u.path().to_owned());
    if path_of(location)? != path_of(referer?)? {
        return None;
    }
    let (base, query) = location.split_once('?').unwrap_or((location, ""));
    let mut params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(k, _)| k != OK_PARAM && k != FORM_PARAM)
        .collect();
    let failed = params.iter().any(|(k, _)| k == "__err");
    if failed {
        let ours = params.iter().any(|(k, v)| k == "__path" && v == function);
        params.extend(form_key.filter(|_| ours).map(|key| (FORM_PARAM.to_owned(), key.to_owned())));
        if !ours || form_key.is_none() {
            return None;
        }
    } else {
        params.push((OK_PARAM.to_owned(), function.to_owned()));
        params.extend(form_key.map(|key| (FORM_PARAM.to_owned(), key.to_owned())));
    }
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    Some(format!("{base}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_way_back_without_an_error_is_marked() {
        let back = marked_location(
            "http://h/dashboard?q=a",
            Some("http://h/dashboard?q=a"),
            "/api/update_profile",
            None,
        );
        assert_eq!(back.as_deref(), Some("http://h/dashboard?q=a&__ok=%2Fapi%2Fupdate_profile"));
        let again = marked_location(
            "/cart?__ok=%2Fapi%2Fx",
            Some("/cart?__ok=%2Fapi%2Fx"),
            "/api/set_cart_quantity",
            None,
        );
        assert_eq!(again.as_deref(), Some("/cart?__ok=%2Fapi%2Fset_cart_quantity"), "one marker, the latest");
        assert_eq!(
            marked_location("/login?__path=%2Fapi%2Flogin&__err=abc", Some("/login"), "/api/login", None),
            None
        );
        assert_eq!(
            marked_location("/account", Some("/login?next=%2Faccount"), "/api/login", None),
            None,
            "its own redirect"
        );
        assert_eq!(marked_location("/cart", None, "/api/set_cart_quantity", None), None);
    }

    #[test]
    fn the_form_that_posted_is_named_after_success_and_failure() {
        let ok = marked_location(
            "/products?sort=new&__form=cart-1",
            Some("/products?sort=new&__form=cart-1"),
            "/api/add_to_cart",
            Some("cart-9"),
        );
        assert_eq!(
            ok.as_deref(),
            Some("/products?sort=new&__ok=%2Fapi%2Fadd_to_cart&__form=cart-9"),
            "one key, the latest"
        );
        let failed = marked_location(
            "/products?__path=%2Fapi%2Fadd_to_cart&__err=x",
            Some("/products"),
            "/api/add_to_cart",
            Some("cart-9"),
        );
        assert_eq!(failed.as_deref(), Some("/products?__path=%2Fapi%2Fadd_to_cart&__err=x&__form=cart-9"));
        assert_eq!(
            marked_location("/p?__path=%2Fapi%2Fother&__err=x", Some("/p"), "/api/add_to_cart", Some("k")),
            None,
            "another function's error"
        );
    }

    #[test]
    fn only_well_formed_form_keys_are_carried() {
        assert_eq!(form_key(b"__form=cart-12").as_deref(), Some("cart-12"));
        assert_eq!(form_key(b"x=1&__form=a_b"), Some("a_b".to_owned()));
        assert_eq!(form_key(b"__form=%3Cscript%3E"), None);
        assert_eq!(form_key(b"__form="), None);
        assert_eq!(form_key(format!("__form={}", "a".repeat(41)).as_bytes()), None);
        assert_eq!(form_key(b"other=1"), None);
    }
}
