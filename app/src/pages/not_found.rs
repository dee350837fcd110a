//! The 404 page; the server answers with status 404.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::A;

use crate::components::seo::PageMeta;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <PageMeta title=lang.title(Msg::NotFoundTitle) description=lang.t(Msg::NotFoundBody)/>
        <Meta name="robots" content="noindex"/>
        <section class="not-found" data-testid="not-found">
            <h1>{lang.t(Msg::NotFoundTitle)}</h1>
            <p>{lang.t(Msg::NotFoundBody)}</p>
            <A href="/">{lang.t(Msg::BackHome)}</A>
        </section>
    }
}
