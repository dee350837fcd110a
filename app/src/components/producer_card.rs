//! A producer as a card: kind badge, name linking to the storefront, and its village.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::detail::ProducerSummary;
use crate::i18n::use_lang;

#[component]
pub fn ProducerCardView(producer: ProducerSummary) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/producers/{}", producer.slug);
    view! {
        <li class="producer-card" data-testid="producer-card">
            <p class="badge badge--kind" data-testid="producer-kind">{lang.producer_kind(producer.kind)}</p>
            <h3 class="producer-card__name"><A href=href>{producer.name.clone()}</A></h3>
            {producer.village.clone().map(|v| view! {
                <p class="producer-card__village">
                    <A href=format!("/villages/{}", v.slug)>{v.name}</A>
                </p>
            })}
        </li>
    }
}

/// A list of producer cards.
#[component]
pub fn ProducerList(
    producers: Vec<ProducerSummary>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <ul class="producer-list" data-testid=testid.unwrap_or("producer-list")>
            {producers.into_iter().map(|producer| view! { <ProducerCardView producer/> }).collect_view()}
        </ul>
    }
}
