//! A form posted to a server function as a plain form (before the wasm loads, or through the
//! islands router, which posts forms itself) is answered with a redirect back to its page:
//! with `__err`/`__path` when it failed (server_fn's own rule), and here with `__ok=<path>`
//! when it succeeded, so the page rendered after it can say "saved" the way the form did when
//! the whole app ran in the browser (`app::components::forms::action_done`).
//!
//! Only the way back to the posting page is marked: a function that redirects somewhere else
//! itself (logging in, placing an order) is left alone.

use axum::{
    extract::Request,
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};

/// The query parameter naming the server function whose form post succeeded.
pub const OK_PARAM: &str = "__ok";

pub async fn mark_success(req: Request, next: Next) -> Response {
    let form_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if !form_post {
        return next.run(req).await;
    }
    let function = req.uri().path().to_owned();
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut response = next.run(req).await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else { return response };
    if let Some(marked) = marked_location(location, referer.as_deref(), &function) {
        if let Ok(value) = HeaderValue::from_str(&marked) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    response
}

/// `location` with `__ok=function` (and no earlier `__ok`), when it leads back to the page
/// that posted (`referer`) and carries no error.
fn marked_location(location: &str, referer: Option<&str>, function: &str) -> Option<String> {
    let path_of = |url: &str| url.parse::<http::Uri>().ok().map(|u| u.path().to_owned());
    if path_of(location)? != path_of(referer?)? {
        return None;
    }
    let (base, query) = location.split_once('?').unwrap_or((location, ""));
    let mut params: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).into_owned().filter(|(k, _)| k != OK_PARAM).collect();
    if params.iter().any(|(k, _)| k == "__err") {
        return None;
    }
    params.push((OK_PARAM.to_owned(), function.to_owned()));
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
    Some(format!("{base}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_way_back_without_an_error_is_marked() {
        let back = marked_location("http://h/dashboard?q=a", Some("http://h/dashboard?q=a"), "/api/update_profile");
        assert_eq!(back.as_deref(), Some("http://h/dashboard?q=a&__ok=%2Fapi%2Fupdate_profile"));
        let again = marked_location("/cart?__ok=%2Fapi%2Fx", Some("/cart?__ok=%2Fapi%2Fx"), "/api/set_cart_quantity");
        assert_eq!(again.as_deref(), Some("/cart?__ok=%2Fapi%2Fset_cart_quantity"), "one marker, the latest");
        assert_eq!(marked_location("/login?__path=%2Fapi%2Flogin&__err=abc", Some("/login"), "/api/login"), None);
        assert_eq!(marked_location("/account", Some("/login?next=%2Faccount"), "/api/login"), None, "its own redirect");
        assert_eq!(marked_location("/cart", None, "/api/set_cart_quantity"), None);
    }
}
