//! The document shell, the router and the page language.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::{Footer, Header};
use crate::i18n::{use_lang, Lang};
use crate::pages::{
    accounts::{AccountPage, LoginPage, RegisterPage},
    cart::CartPage,
    checkout::CheckoutPage,
    favourites::FavouritesPage,
    orders::{OrderInboxPage, OrderPage, OrdersPage},
    organizer::{OrganizerFairPage, OrganizerPage},
    points_of_sale::{ManagePointOfSalePage, ManagePointsOfSalePage, PointOfSalePage, PointsOfSalePage},
    dashboard::DashboardPage,
    office::{OfficePage, OfficeStatsPage},
    trade::{NewTradeRequestPage, ProducerTradePage, TradePage, TradeRequestPage},
    product_editor::ProductEditorPage,
    fairs::{FairPage, FairsPage}, home::HomePage, not_found::NotFoundPage, producer::ProducerPage,
    product::ProductPage, products::ProductsPage, village::VillagePage, villages::VillagesPage,
};

/// The HTML document, rendered only on the server. It settles the page language from the
/// request (and remembers an explicit `?lang=` in the cookie) before anything else renders.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::MetaTags;

    let lang = server_lang();
    provide_context(lang);
    provide_form_error();
    let origin = crate::components::seo::PublicOrigin::for_request(use_context::<http::request::Parts>().as_ref().map(|p| &p.headers));
    let origin_attr = origin.0.clone();
    provide_context(origin);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() data-public-url=origin_attr>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationAfterFirstPaint options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Leptos' `HydrationScripts defer`, but hydration starts only after the first paint. The wasm
/// loads at low priority; `defer` alone starts hydration on the first idle callback, which on a
/// fast load comes before the first frame, so the hydration task (hundreds of milliseconds for
/// a catalog page) held the first paint back, and Lighthouse then counted the whole wasm into
/// the largest paint (catalog LCP 4.6 s simulated). Forms and links work before it (ActionForm).
#[cfg(feature = "ssr")]
#[component]
fn HydrationAfterFirstPaint(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let js = options.output_name.to_string();
    // As `HydrationScripts`: wasm-bindgen names the wasm `<name>_bg.wasm` unless cargo-leptos
    // set `LEPTOS_OUTPUT_NAME` for the build. Unlike it, no `hash-files` support: the
    // workspace does not hash file names (turning that on means reading the hash file here).
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { js.clone() } else { format!("{js}_bg") };
    let (js, wasm) = (format!("{pkg}/{js}.js"), format!("{pkg}/{wasm}.wasm"));
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    // A frame callback runs just before a paint; a task queued from it runs after that paint.
    let script = format!(
        "const hydrate = () => import({js:?}).then((m) => m.default({{ module_or_path: {wasm:?} }}).then(() => m.hydrate()));\n\
         const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(hydrate, {{ timeout: 2000 }}) : hydrate());\n\
         requestAnimationFrame(() => setTimeout(whenIdle, 0));"
    );
    view! {
        <link rel="modulepreload" href=js crossorigin=nonce.clone() fetchpriority="low"/>
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=nonce.clone() fetchpriority="low"/>
        <script type="module" nonce=nonce>{script}</script>
    }
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
        let nonce = leptos::nonce::use_nonce()
            .map(|n| format!(" 'nonce-{}'", n.as_inner()))
            .unwrap_or_default();
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

/// In the browser the public origin is whatever the server rendered into
/// `<html data-public-url>`, so both sides build the same absolute URLs.
#[cfg(not(feature = "ssr"))]
fn client_origin() -> crate::components::seo::PublicOrigin {
    #[cfg(feature = "hydrate")]
    {
        let value = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("data-public-url"));
        crate::components::seo::PublicOrigin::parse(value.as_deref())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        crate::components::seo::PublicOrigin::default()
    }
}

/// In the browser the language is whatever the server rendered into `<html lang>`.
#[cfg(not(feature = "ssr"))]
fn client_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(not(feature = "ssr"))]
    {
        provide_context(client_lang());
        provide_context(client_origin());
    }
    crate::components::cart_button::provide_cart_changed();
    let lang = use_lang();
    // Effects run only in the browser, after hydration: mark the page as live (the
    // end-to-end tests wait for this before they click).
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/cholang.css"/>
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Router>
            <a class="skip-link" href="#main">{lang.t(crate::i18n::Msg::SkipToContent)}</a>
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
        </Router>
    }
}
