//! Log in, register and the account page. The login and registration forms are plain form
//! posts with a full page load after them, with or without the wasm, so the whole page
//! (header included) is rendered again for the signed-in user.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::api::accounts::{current_user, ChangePassword};
use crate::components::forms::{action_done, action_error, url_error, Field, FormError};
use crate::components::seo::PageMeta;
use crate::i18n::{use_lang, Msg};

/// Where to go after logging in, from `?next=`.
fn next_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| crate::domain::accounts::safe_next(&q.get("next").unwrap_or_else(|| "/account".into()))))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let error: Signal<Option<_>> = url_error("/api/login").into();
    let next = next_param();
    view! {
        <PageMeta title=lang.title(Msg::LoginTitle) description=t(Msg::LoginLead).to_owned()/>
        <section class="auth-card">
            <h1>{t(Msg::LoginTitle)}</h1>
            <p>{t(Msg::LoginLead)}</p>
            <form method="post" action="/api/login" class="form" data-testid="login-form">
                <FormError error/>
                <input type="hidden" name="next" value=move || next.get()/>
                <Field label=Msg::FieldEmail name="email" field="email" kind="email" autocomplete="email" required=true error/>
                <Field label=Msg::FieldPassword name="password" field="password" kind="password" autocomplete="current-password" required=true error/>
                <button type="submit" class="button button--primary">{t(Msg::LoginSubmit)}</button>
            </form>
            <p>{t(Msg::NoAccountYet)}" "<A href=move || format!("/register?next={}", next.get())>{t(Msg::NavRegister)}</A></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let error: Signal<Option<_>> = url_error("/api/register").into();
    let next = next_param();
    view! {
        <PageMeta title=lang.title(Msg::RegisterTitle) description=t(Msg::RegisterLead).to_owned()/>
        <section class="auth-card">
            <h1>{t(Msg::RegisterTitle)}</h1>
            <p>{t(Msg::RegisterLead)}</p>
            <form method="post" action="/api/register" class="form" data-testid="register-form">
                <FormError error/>
                <input type="hidden" name="next" value=move || next.get()/>
                <Field label=Msg::FieldDisplayName name="display_name" field="display_name" autocomplete="name" required=true error/>
                <Field label=Msg::FieldEmail name="email" field="email" kind="email" autocomplete="email" required=true error/>
                <Field label=Msg::FieldPassword name="password" field="password" kind="password" autocomplete="new-password"
                    required=true hint=Msg::PasswordHint error/>
                <button type="submit" class="button button--primary">{t(Msg::RegisterSubmit)}</button>
            </form>
            <p>{t(Msg::HaveAccount)}" "<A href=move || format!("/login?next={}", next.get())>{t(Msg::NavLogin)}</A></p>
        </section>
    }
}

/// Shown where a page needs a signed-in user and there is none.
#[component]
pub fn LoginPrompt() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let href = move || format!("/login?next={}", location.pathname.get());
    view! {
        <section class="auth-card" data-testid="login-prompt">
            <p>{lang.t(Msg::ErrUnauthorized)}</p>
            <A href=href attr:class="button button--primary">{lang.t(Msg::NavLogin)}</A>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let user = Resource::new(|| (), |_| current_user());
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change, "/api/change_password");
    let done = action_done(change, "/api/change_password");
    view! {
        <PageMeta title=lang.title(Msg::AccountTitle) description=t(Msg::AccountTitle).to_owned()/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || user.get().map(|u| match u {
                Ok(Some(user)) => view! {
                    <section class="account" data-testid="account">
                        <h1>{t(Msg::AccountTitle)}</h1>
                        <p>{t(Msg::SignedInAs)}" "<strong data-testid="account-name">{user.display_name.clone()}</strong>" ("{user.email.clone()}")"</p>
                        <p>{t(Msg::RolesLabel)}": "{user.roles.iter().map(|r| lang.role(*r)).collect::<Vec<_>>().join(", ")}</p>
                        <p class="account__links">
                            <A href="/orders">{t(Msg::NavOrders)}</A>
                            <A href="/favourites" attr:data-testid="account-favourites">{t(Msg::NavFavourites)}</A>
                            {user.producer.is_some().then(|| view! { <A href="/dashboard/orders">{t(Msg::OrderInboxTitle)}</A> })}
                            <A href="/dashboard">{t(Msg::NavDashboard)}</A>
                            {(user.has(crate::domain::Role::ProgrammeOffice) || user.has(crate::domain::Role::Buyer) || user.producer.is_some())
                                .then(|| view! { <A href="/manage/points-of-sale" attr:data-testid="account-pos">{t(Msg::ManagePointsOfSale)}</A> })}
                            {user.has(crate::domain::Role::ProgrammeOffice).then(|| view! { <A href="/office">{t(Msg::NavOffice)}</A> })}
                        </p>
                        <h2>{t(Msg::ChangePasswordHeading)}</h2>
                        <ActionForm action=change attr:class="form" attr:data-testid="change-password-form">
                            <FormError error/>
                            {move || done.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::PasswordChanged)}</p> })}
                            <Field label=Msg::FieldCurrentPassword name="current_password" field="current_password" kind="password"
                                autocomplete="current-password" required=true error/>
                            <Field label=Msg::FieldNewPassword name="new_password" field="new_password" kind="password"
                                autocomplete="new-password" required=true hint=Msg::PasswordHint error/>
                            <button type="submit" class="button">{t(Msg::ChangePasswordSubmit)}</button>
                        </ActionForm>
                        <form method="post" action="/api/logout" class="logout-form">
                            <button type="submit" class="button" data-testid="logout">{t(Msg::LogoutSubmit)}</button>
                        </form>
                    </section>
                }.into_any(),
                Ok(None) => view! { <LoginPrompt/> }.into_any(),
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
