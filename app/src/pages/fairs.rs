//! Trade fairs. Organizers' fairs arrive with the fairs feature; until one is published the
//! page says so plainly.

use leptos::prelude::*;

use crate::components::seo::PageMeta;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn FairsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageMeta title=lang.title(Msg::FairsTitle) description=lang.t(Msg::FairsEmpty)/>
        <h1>{lang.t(Msg::FairsTitle)}</h1>
        <p class="empty-state" data-testid="fairs-empty">{lang.t(Msg::FairsEmpty)}</p>
    }
}
