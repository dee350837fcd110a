//! The audience of a buyer's broadcast, with its reach shown live as the criteria change.
//! An island inside the server-rendered broadcast form: its selects are the form's fields, so
//! the form posts them with or without the wasm.

use leptos::prelude::*;

use crate::api::trade::broadcast_reach;
use crate::domain::trade::{AudienceForm, TradeChoices};
use crate::domain::ProducerKind;
use crate::i18n::{use_lang, Msg};

#[island]
pub fn BroadcastAudience(choices: TradeChoices) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let (category, set_category) = signal(String::new());
    let (district, set_district) = signal(String::new());
    let (stars, set_stars) = signal(String::new());
    let (kind, set_kind) = signal(String::new());
    // Counted in the browser only: the server renders the form, the reach comes with the wasm.
    let reach = LocalResource::new(move || {
        let audience = AudienceForm { category: category.get(), district: district.get(), stars: stars.get(), producer_kind: kind.get() };
        broadcast_reach(audience)
    });
    view! {
        <div class="field">
            <label for="audience-category">{t(Msg::FilterCategory)}</label>
            <select id="audience-category" name="audience[category]" data-testid="audience-category"
                on:change=move |ev| set_category.set(event_target_value(&ev))>
                <option value="">{t(Msg::AnyChoice)}</option>
                {choices.categories.into_iter().map(|x| view! { <option value=x.slug.to_string()>{x.name}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-district">{t(Msg::FilterDistrict)}</label>
            <select id="audience-district" name="audience[district]" data-testid="audience-district"
                on:change=move |ev| set_district.set(event_target_value(&ev))>
                <option value="">{t(Msg::AnyChoice)}</option>
                {choices.districts.into_iter().map(|x| view! { <option value=x.slug.to_string()>{x.name}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-stars">{t(Msg::MinStars)}</label>
            <select id="audience-stars" name="audience[stars]" data-testid="audience-stars" on:change=move |ev| set_stars.set(event_target_value(&ev))>
                <option value="">{t(Msg::AnyChoice)}</option>
                {[3u8, 4, 5].into_iter().map(|s| view! { <option value=s.to_string()>{lang.stars(s)}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-kind">{t(Msg::FilterProducerKind)}</label>
            <select id="audience-kind" name="audience[producer_kind]" data-testid="audience-kind" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                <option value="">{t(Msg::AnyChoice)}</option>
                {ProducerKind::ALL.iter().map(|k| view! { <option value=k.code()>{lang.producer_kind(*k)}</option> }).collect_view()}
            </select>
        </div>
        <p class="broadcast__reach" role="status" aria-live="polite">
            <Suspense fallback=|| ()>
                {move || reach.get().map(|r| match r {
                    Ok(n) => view! { <strong data-testid="broadcast-reach" data-reach=n>{lang.broadcast_reach(n)}</strong> }.into_any(),
                    Err(err) => view! { <span class="field__problem">{err.localized(lang)}</span> }.into_any(),
                })}
            </Suspense>
        </p>
    }
}
