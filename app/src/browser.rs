//! What the islands share in the browser: start-up, the page's language, and navigation
//! through the islands router.
//!
//! Everything here is browser-only; on the server the functions that islands call during
//! rendering are no-ops.

/// Called once by the wasm entry point, before the islands hydrate. Nothing to set up today;
/// the call keeps `app`'s islands linked into the wasm.
#[cfg(feature = "hydrate")]
pub fn on_start() {}

/// Calls the server function at `path` (`/api/…`) with `args` url-encoded, as its form would
/// post them, and reads its JSON answer; `None` when it failed (the islands then show a message
/// the server gave them beforehand). A plain `fetch` rather than server_fn's client: the
/// islands call two read-only functions, and the client with its error decoding, streaming and
/// redirect handling was a fifth of the wasm.
#[cfg(feature = "hydrate")]
pub async fn call_server<T: serde::de::DeserializeOwned>(path: &str, args: &[(&str, &str)]) -> Option<T> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(args).finish();
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Content-Type", "application/x-www-form-urlencoded").ok()?;
    headers.set("Accept", "application/json").ok()?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body.into());
    let response = JsFuture::from(web_sys::window()?.fetch_with_str_and_init(path, &init)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// `<html lang>` as the server rendered it.
#[cfg(feature = "hydrate")]
pub fn document_lang() -> Option<crate::i18n::Lang> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| crate::i18n::Lang::parse(&code))
}

/// Goes to `url` the way a click on a link would: the islands router fetches the page and
/// swaps it in, without reloading the wasm (a detached link's click reaches the router's
/// listener on `window` like any other).
pub fn navigate(url: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        match document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
            Some(link) => {
                let _ = link.set_attribute("href", url);
                if let Some(body) = document.body() {
                    let _ = link.set_attribute("hidden", "");
                    let _ = body.append_child(&link);
                    link.click();
                    link.remove();
                }
            }
            None => {
                let _ = web_sys::window().map(|w| w.location().set_href(url));
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}
