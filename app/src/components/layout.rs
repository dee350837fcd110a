//! The header (brand, search, navigation, language switch) and the footer.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_query_map},
};

use crate::components::cart_button::CartLink;
use crate::components::search_box::SearchBox;
use crate::i18n::{use_lang, Msg, LANG_PARAM};

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <img src="/logo.svg" alt="" width="36" height="36"/>
                    <span class="brand__text">
                        <span class="brand__name">{t(Msg::BrandName)}</span>
                        <span class="brand__tagline">{t(Msg::Tagline)}</span>
                    </span>
                </A>
                <SearchBox/>
                <nav class="site-nav" aria-label=t(Msg::MainNavigation)>
                    <A href="/products">{t(Msg::NavProducts)}</A>
                    <A href="/villages">{t(Msg::NavVillages)}</A>
                    <A href="/fairs">{t(Msg::NavFairs)}</A>
                    <A href="/points-of-sale">{t(Msg::NavPointsOfSale)}</A>
                    <AccountLinks/>
                    <CartLink/>
                    <LanguageSwitch/>
                </nav>
            </div>
        </header>
    }
}

/// "Log in" for visitors; the user's own places for a signed-in user.
#[component]
fn AccountLinks() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    // Read again on every navigation: applying for a storefront, say, adds the dashboard link.
    let location = use_location();
    let user = Resource::new(move || location.pathname.get(), |_| crate::api::accounts::current_user());
    view! {
        <Transition fallback=|| ()>
            {move || user.get().map(|u| match u {
                Ok(Some(user)) => view! {
                    {user.producer.is_some().then(|| view! { <A href="/dashboard" attr:data-testid="nav-dashboard">{t(Msg::NavDashboard)}</A> })}
                    <A href="/orders" attr:data-testid="nav-orders">{t(Msg::NavOrders)}</A>
                    {user.has(crate::domain::Role::Organizer).then(|| view! { <A href="/organizer" attr:data-testid="nav-organizer">{t(Msg::NavOrganizer)}</A> })}
                    {user.has(crate::domain::Role::Buyer).then(|| view! { <A href="/trade" attr:data-testid="nav-trade">{t(Msg::NavTrade)}</A> })}
                    {user.has(crate::domain::Role::ProgrammeOffice).then(|| view! { <A href="/office" attr:data-testid="nav-office">{t(Msg::NavOffice)}</A> })}
                    <A href="/account" attr:class="account-link" attr:data-testid="nav-account">{user.display_name.clone()}</A>
                }.into_any(),
                _ => view! { <A href="/login" attr:data-testid="nav-login">{t(Msg::NavLogin)}</A> }.into_any(),
            })}
        </Transition>
    }
}

/// A plain link to the same page in the other language. It is `rel="external"` so the router
/// lets the browser load it: the server then renders the new language and sets the cookie,
/// with or without wasm.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = lang.other();
    let location = use_location();
    let query = use_query_map();
    let href = move || {
        let params = query.with(|q| {
            q.clone().into_iter().filter(|(k, _)| k != LANG_PARAM).chain([(LANG_PARAM.into(), other.code().to_owned())]).collect::<Vec<_>>()
        });
        format!("{}{}", location.pathname.get(), crate::components::links::query_string(params))
    };
    view! {
        <a class="lang-switch" href=href rel="external" hreflang=other.code() lang=other.code()
            title=lang.t(Msg::SwitchLanguageLabel) data-testid="lang-switch">
            {other.native_name()}
        </a>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <p>{lang.t(Msg::FooterAbout)}</p>
            <p class="site-footer__note">{lang.t(Msg::FooterDemo)}</p>
        </footer>
    }
}
