//! A fair in a list, and the "exhibiting at …" notice of storefronts and product pages.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::fairs::{Exhibiting, FairCard};
use crate::domain::time::format_datetime;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn FairCardView(fair: FairCard) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="fair-card" data-testid="fair-card" data-status=fair.status.code()>
            {fair.cover_url.clone().map(|src| view! { <img src=src alt="" width="320" height="160" loading="lazy"/> })}
            <h3><A href=format!("/fairs/{}", fair.slug)>{fair.name.clone()}</A></h3>
            <p>
                <time datetime=fair.starts_at.to_rfc3339()>{format_datetime(fair.starts_at, lang)}</time>
                " – "
                <time datetime=fair.ends_at.to_rfc3339()>{format_datetime(fair.ends_at, lang)}</time>
            </p>
            <p>{fair.venue_name.clone()}{fair.district.clone().map(|d| format!(" · {}", d.name))}</p>
            <p class="fair-card__meta">
                <span class="badge" data-kind=fair.kind.code()>{lang.event_kind(fair.kind)}</span>" "
                {(fair.status != crate::domain::FairStatus::Published).then(|| view! {
                    <span class="badge">{lang.fair_status(fair.status)}</span>" "
                })}
                {lang.count_exhibitors(fair.exhibitors)}" · "{lang.count_interested(fair.interested)}
            </p>
        </li>
    }
}

/// "Exhibiting at …" for a producer's upcoming approved fairs; nothing when there are none.
#[component]
pub fn ExhibitingNotice(exhibiting: Vec<Exhibiting>) -> impl IntoView {
    let lang = use_lang();
    (!exhibiting.is_empty()).then(|| view! {
        <section class="exhibiting" data-testid="exhibiting" aria-label=lang.t(Msg::ExhibitingAt)>
            <p><strong>{lang.t(Msg::ExhibitingAt)}</strong></p>
            <ul>
                {exhibiting.into_iter().map(|e| view! {
                    <li>
                        <A href=format!("/fairs/{}", e.fair_slug)>{e.fair_name}</A>
                        {format!(" · {}", format_datetime(e.starts_at, lang))}
                        {e.booth_number.map(|b| format!(" · {} {b}", lang.t(Msg::BoothNumber)))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}
