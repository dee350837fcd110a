//! What the islands share in the browser: start-up, the page's language, navigation through
//! the islands router, and the "cart changed" signal between sibling islands (islands share
//! no context, so the add-to-cart island tells the header's badge through a DOM event).
//!
//! Everything here is browser-only; on the server the functions that islands call during
//! rendering are no-ops.

/// The DOM event on `window` that says the cart changed in this tab.
pub const CART_CHANGED_EVENT: &str = "cholang:cart-changed";

/// Called once by the wasm entry point, before the islands hydrate.
#[cfg(feature = "hydrate")]
pub fn on_start() {
    // A server function called from an island that redirects (e.g. to the login page) is
    // followed; islands have no client router to do it (leptos issue 4858).
    let _ = server_fn::redirect::set_redirect_hook(|url: &str| navigate(url));
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

/// Reloads the current page through the islands router (after an upload, say).
pub fn refresh() {
    #[cfg(feature = "hydrate")]
    if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
        navigate(&href);
    }
}

/// Tells every island listening (the header's cart badge) that the cart changed.
pub fn notify_cart_changed() {
    #[cfg(feature = "hydrate")]
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(CART_CHANGED_EVENT)) {
        let _ = window.dispatch_event(&event);
    }
}

/// Runs `f` whenever the cart changes in this tab, for as long as the page lives.
pub fn on_cart_changed(f: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        if let Some(window) = web_sys::window() {
            let listener = Closure::<dyn Fn()>::new(f);
            let _ = window.add_event_listener_with_callback(CART_CHANGED_EVENT, listener.as_ref().unchecked_ref());
            // The listener lives as long as the page; the islands router replaces the badge
            // on navigation, and a listener of a replaced badge only refetches a count.
            listener.forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}
