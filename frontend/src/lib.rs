//! The wasm entry point: hydrate the server-rendered page. Nothing else lives here.

// The catalog's view types nest deeper than the default limit allows in release builds.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
