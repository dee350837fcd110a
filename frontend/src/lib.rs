//! The wasm entry point. The server renders every page; this only wakes the islands (the
//! `#[island]` components of `app`), which the loader script hydrates one by one after this.

// The catalog's view types nest deeper than the default limit allows in release builds.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The islands are exported from `app` by `#[island]`; calling into it keeps it linked.
    app::browser::on_start();
}
