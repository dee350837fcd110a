//! The document shell, the router and the page language.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::{Footer, Header};
use crate::i18n::use_lang;
#[cfg(feature = "ssr")]
use crate::i18n::Lang;
use crate::pages::{
    accounts::{AccountPage, LoginPage, RegisterPage},
    cart::CartPage,
    checkout::CheckoutPage,
    dashboard::DashboardPage,
    fairs::{FairPage, FairsPage},
    favourites::FavouritesPage,
    home::HomePage,
    not_found::NotFoundPage,
    office::{OfficePage, OfficeStatsPage},
    orders::{OrderInboxPage, OrderPage, OrdersPage},
    organizer::{OrganizerFairPage, OrganizerPage},
    points_of_sale::{ManagePointOfSalePage, ManagePointsOfSalePage, PointOfSalePage, PointsOfSalePage},
    producer::ProducerPage,
    product::ProductPage,
    product_editor::ProductEditorPage,
    products::ProductsPage,
    trade::{NewTradeRequestPage, ProducerTradePage, TradePage, TradeRequestPage},
    village::VillagePage,
    villages::VillagesPage,
};

/// The HTML document, rendered only on the server. It settles the page language from the
/// request (and remembers an explicit `?lang=` in the cookie) before anything else renders.
///
/// The page's `<head>` and `<body>` are the one item of a list keyed by a value new to every
/// render. The islands router patches the open document with the next page's HTML node by
/// node; a key it has not seen makes it swap that item whole instead, so pages whose `<head>`
/// or body differ in shape (another page kind, a list of another length, other metadata) are
/// never patched out of step, and every island on the new page starts from the server's props.
/// (A keyed list must be the last thing the router patches: it stops after one. Hence one list
/// around both, not one in each.)
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;

    let lang = server_lang();
    provide_context(lang);
    provide_form_error();
    let origin = crate::components::seo::PublicOrigin::for_request(
        use_context::<http::request::Parts>().as_ref().map(|p| &p.headers),
    );
    let origin_attr = origin.0.clone();
    provide_context(origin);
    let render = render_key();
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() data-public-url=origin_attr>
            <For each=move || [render.clone()] key=|k| k.clone() let:_render>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <AutoReload options=options.clone()/>
                    // Before the islands router's script, so its listeners run first.
                    <script nonce=nonce.clone()>{NAVIGATION_SCRIPT}</script>
                    <HydrationScripts options=options.clone() islands=true islands_router=true/>
                    // The CSS's file name carries its hash (cargo-leptos `hash-files`).
                    <HashedStylesheet options=options.clone() id="leptos"/>
                    <MetaTags/>
                </head>
                <body>
                    <App/>
                </body>
            </For>
        </html>
    }
}

/// A value no earlier render in this tab is likely to have had (see [`shell`]).
#[cfg(feature = "ssr")]
fn render_key() -> String {
    use rand_core::RngCore;
    format!("{:016x}", rand_core::OsRng.next_u64())
}

/// What the islands router leaves undone, from the first paint (it runs before the wasm):
/// - It posts a form itself and shows the page the server answers with. A post that failed
///   comes back as the same page with the error (`__err`), rendered afresh: put what was typed
///   back into the same form, and bring its first invalid field into view.
/// - It posts every form url-encoded, which would drop a form's files: a multipart form that
///   no island has taken over is left to the browser, and so is a form whose `action` a field
///   named `action` hides from scripts.
/// - It swaps pages in place and leaves the scroll where it was: start each new page at its
///   top, as a load would, and give back/forward the position the page had. A form that
///   succeeded and came back to the same page (an "add to cart" far down a catalog) keeps
///   the position it was posted from. A link to `#…` on the same page is left to the browser
///   (the skip link is `rel="external"`).
#[cfg(feature = "ssr")]
const NAVIGATION_SCRIPT: &str = r#"(() => {
  const SKIP = ["password", "hidden", "file", "submit", "button", "reset", "image"];
  const sameAction = (action) => [...document.forms].filter((f) => f.action === action);
  let posted = null;
  addEventListener("submit", (ev) => {
    const form = ev.target;
    if (ev.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== "post") return;
    const fields = [...form.elements].filter((el) => el.name && !SKIP.includes(el.type))
      .map((el) => ({ name: el.name, value: el.value, checked: el.checked, check: el.type === "checkbox" || el.type === "radio" }));
    posted = { action: form.action, index: sameAction(form.action).indexOf(form), fields };
  });
  // After the page a post came back to is in: true when this placed the scroll.
  const afterPost = (samePage, y) => {
    const p = posted;
    posted = null;
    if (!p) return false;
    if (!new URLSearchParams(location.search).has("__err")) {
      if (samePage) scrollTo(0, y);
      return samePage;
    }
    const form = sameAction(p.action)[p.index];
    if (!form) return false;
    const seen = new Map();
    for (const f of p.fields) {
      const n = seen.get(f.name) ?? 0;
      seen.set(f.name, n + 1);
      const el = [...form.elements].filter((e) => e.name === f.name)[n];
      if (!el || SKIP.includes(el.type)) continue;
      if (f.check) el.checked = f.checked; else el.value = f.value;
    }
    const invalid = form.querySelector("[aria-invalid=true]") ?? form.querySelector("[role=alert]");
    if (!invalid) return false;
    invalid.scrollIntoView({ block: "center" });
    if (invalid.focus) invalid.focus({ preventScroll: true });
    return true;
  };
  addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!ev.defaultPrevented && form instanceof HTMLFormElement && (form.enctype === "multipart/form-data" || typeof form.action !== "string")) {
      ev.stopImmediatePropagation();
    }
  });
  // The router records the new URL before a view transition has swapped the page in (where
  // the browser has them), so what follows a navigation waits for the new <body>.
  let from = document.body, pending = null;
  const settle = () => { if (pending && document.body !== from) { const run = pending; pending = null; run(); } };
  new MutationObserver(settle).observe(document.documentElement, { childList: true });
  const afterSwap = (run) => { pending = run; settle(); };
  history.scrollRestoration = "manual";
  const positions = new Map();
  let current = location.href;
  const leaving = () => { from = document.body; positions.set(current, scrollY); };
  addEventListener("click", leaving, true);
  addEventListener("submit", leaving, true);
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  history.pushState = (state, title, url) => {
    const before = current, y = positions.get(before) ?? scrollY;
    push(state, title, url);
    current = location.href;
    const samePage = new URL(before).pathname === location.pathname;
    afterSwap(() => { if (!afterPost(samePage, y) && !location.hash) scrollTo(0, 0); });
  };
  let back = false;
  history.replaceState = (state, title, url) => {
    replace(state, title, url);
    current = location.href;
    if (back) { back = false; const y = positions.get(current) ?? 0; afterSwap(() => scrollTo(0, y)); }
  };
  addEventListener("popstate", () => { leaving(); back = true; });
})();"#;

/// The last island of every page: once it is awake, so are the ones before it (islands wake
/// in document order). It marks `<body data-hydrated>`, which the end-to-end tests wait for.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// A form posted without the wasm that failed comes back with its error in the URL
/// (`__err`, `__path`); hand it to the server action of that path, as the browser's router
/// does, so the server renders the same error the browser will show.
#[cfg(feature = "ssr")]
fn provide_form_error() {
    let Some(parts) = use_context::<http::request::Parts>() else { return };
    let Some(query) = parts.uri.query() else { return };
    let mut err = None;
    let mut path = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "__err" => err = Some(v.into_owned()),
            "__path" => path = Some(v.into_owned()),
            _ => {}
        }
    }
    if let (Some(err), Some(path)) = (err, path) {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
}

/// Reads the language from the request and sets the CSP for this response: scripts only from
/// this origin or carrying this response's nonce, and wasm compilation allowed.
#[cfg(feature = "ssr")]
fn server_lang() -> Lang {
    use http::header::{HeaderValue, CONTENT_SECURITY_POLICY, SET_COOKIE};

    let parts = use_context::<http::request::Parts>();
    let (lang, explicit) = match &parts {
        Some(parts) => crate::i18n::lang_from_request(
            parts.uri.query(),
            crate::backend::cookies::RequestCookies::parse(&parts.headers).get(crate::i18n::LANG_COOKIE),
        ),
        None => (Lang::default(), false),
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if explicit {
            if let Ok(cookie) = HeaderValue::from_str(&crate::i18n::lang_cookie(lang)) {
                response.append_header(SET_COOKIE, cookie);
            }
        }
        let nonce =
            leptos::nonce::use_nonce().map(|n| format!(" 'nonce-{}'", n.as_inner())).unwrap_or_default();
        // `cargo leptos watch` reloads the page over a websocket; only a development server
        // lets the page connect to it (production answers allow this origin only).
        let reload_socket = use_context::<crate::backend::AppState>()
            .map(|state| state.leptos_options)
            .filter(|options| options.env == leptos::config::Env::DEV)
            .map(|options| format!(" ws://{}:{}", options.site_addr.ip(), options.reload_port))
            .unwrap_or_default();
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'{reload_socket}; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(csp) = HeaderValue::from_str(&csp) {
            response.insert_header(CONTENT_SECURITY_POLICY, csp);
        }
    }
    lang
}

/// The whole page, rendered on the server; in the browser only its islands come alive.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = use_lang();

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Router>
            <a class="skip-link" href="#main" rel="external">{lang.t(crate::i18n::Msg::SkipToContent)}</a>
            <Header/>
            <main id="main" class="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/products") view=ProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("/products/:slug") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/villages") view=VillagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/villages/:slug") view=VillagePage ssr=SsrMode::Async/>
                    <Route path=path!("/producers/:slug") view=ProducerPage ssr=SsrMode::Async/>
                    <Route path=path!("/fairs") view=FairsPage ssr=SsrMode::Async/>
                    <Route path=path!("/fairs/:slug") view=FairPage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer") view=OrganizerPage ssr=SsrMode::Async/>
                    <Route path=path!("/points-of-sale") view=PointsOfSalePage ssr=SsrMode::Async/>
                    <Route path=path!("/points-of-sale/:slug") view=PointOfSalePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/points-of-sale") view=ManagePointsOfSalePage ssr=SsrMode::Async/>
                    <Route path=path!("/manage/points-of-sale/:id") view=ManagePointOfSalePage ssr=SsrMode::Async/>
                    <Route path=path!("/organizer/fairs/:id") view=OrganizerFairPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/products/new") view=ProductEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/products/:id") view=ProductEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/office") view=OfficePage ssr=SsrMode::Async/>
                    <Route path=path!("/office/stats") view=OfficeStatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/trade") view=TradePage ssr=SsrMode::Async/>
                    <Route path=path!("/trade/new") view=NewTradeRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/trade/requests/:id") view=TradeRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/trade") view=ProducerTradePage ssr=SsrMode::Async/>
                    <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/orders") view=OrderInboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/favourites") view=FavouritesPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
            <HydrationMark/>
        </Router>
    }
}
