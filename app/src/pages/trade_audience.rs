//! The audience of a buyer's broadcast, with its reach shown live as the criteria change.
//! The selects are server-rendered fields of the broadcast form, so the form posts them with
//! or without the wasm; only the reach is an island, which listens to the form's changes and
//! asks the server for the count, already said in the page's language.

use leptos::prelude::*;

use crate::domain::trade::{Reach, TradeChoices};
use crate::domain::ProducerKind;
use crate::i18n::{use_lang, Lang, Msg};

/// The broadcast form's id: the reach island listens to it.
pub const BROADCAST_FORM_ID: &str = "broadcast-form";

#[component]
pub fn BroadcastAudience(choices: TradeChoices) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    view! {
        <div class="field">
            <label for="audience-category">{t(Msg::FilterCategory)}</label>
            <select id="audience-category" name="audience[category]" data-testid="audience-category">
                <option value="">{t(Msg::AnyChoice)}</option>
                {choices.categories.into_iter().map(|x| view! { <option value=x.slug.to_string()>{x.name}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-district">{t(Msg::FilterDistrict)}</label>
            <select id="audience-district" name="audience[district]" data-testid="audience-district">
                <option value="">{t(Msg::AnyChoice)}</option>
                {choices.districts.into_iter().map(|x| view! { <option value=x.slug.to_string()>{x.name}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-stars">{t(Msg::MinStars)}</label>
            <select id="audience-stars" name="audience[stars]" data-testid="audience-stars">
                <option value="">{t(Msg::AnyChoice)}</option>
                {[3u8, 4, 5].into_iter().map(|s| view! { <option value=s.to_string()>{lang.stars(s)}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="audience-kind">{t(Msg::FilterProducerKind)}</label>
            <select id="audience-kind" name="audience[producer_kind]" data-testid="audience-kind">
                <option value="">{t(Msg::AnyChoice)}</option>
                {ProducerKind::ALL.iter().map(|k| view! { <option value=k.code()>{lang.producer_kind(*k)}</option> }).collect_view()}
            </select>
        </div>
        <ReachCount form=BROADCAST_FORM_ID.to_owned() lang failed=t(Msg::ErrNetwork).to_owned()/>
    }
}

/// The audience's fields as the form holds them now.
#[cfg(feature = "hydrate")]
fn audience_of(form: &web_sys::HtmlFormElement) -> crate::domain::trade::AudienceForm {
    let data = web_sys::FormData::new_with_form(form).ok();
    let field = |name: &str| data.as_ref().and_then(|d| d.get(name).as_string()).unwrap_or_default();
    crate::domain::trade::AudienceForm {
        category: field("audience[category]"),
        district: field("audience[district]"),
        stars: field("audience[stars]"),
        producer_kind: field("audience[producer_kind]"),
    }
}

/// How many producers the audience chosen in the form `form` (an element id) reaches, counted
/// again after every change; `failed` is shown when the count cannot be had.
#[island]
fn ReachCount(form: String, lang: Lang, failed: String) -> impl IntoView {
    // None until the first count arrives; Some(None) when a count could not be had.
    let reach = RwSignal::new(None::<Option<Reach>>);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::{closure::Closure, JsCast};
            let element =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&form));
            if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok()) {
                let asked = StoredValue::new(None::<crate::domain::trade::AudienceForm>);
                let count = move |form: &web_sys::HtmlFormElement| {
                    let audience = audience_of(form);
                    if asked.with_value(|a| a.as_ref() == Some(&audience)) {
                        return;
                    }
                    asked.set_value(Some(audience.clone()));
                    // No figure for an audience it is not: the old count goes until the new comes.
                    reach.set(None);
                    leptos::task::spawn_local(async move {
                        use server_fn::ServerFn;
                        let args = [
                            ("audience[category]", audience.category.as_str()),
                            ("audience[district]", audience.district.as_str()),
                            ("audience[stars]", audience.stars.as_str()),
                            ("audience[producer_kind]", audience.producer_kind.as_str()),
                            ("lang", lang.code()),
                        ];
                        let answer = crate::browser::call_server::<Reach>(
                            crate::api::trade::BroadcastReach::PATH,
                            &args,
                        )
                        .await;
                        // Only the answer for what the form holds now (answers may cross).
                        if asked.with_value(|a| a.as_ref() == Some(&audience)) {
                            reach.set(Some(answer));
                        }
                    });
                };
                count(&element);
                let watched = element.clone();
                let on_change = Closure::<dyn Fn()>::new(move || count(&watched));
                let _ =
                    element.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
                // As long as the form: the page's islands are never torn down.
                on_change.forget();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&form, lang);
    });
    view! {
        <p class="broadcast__reach" role="status" aria-live="polite">
            {move || reach.get().map(|r| match r {
                Some(r) => view! { <strong data-testid="broadcast-reach" data-reach=r.count>{r.text}</strong> }.into_any(),
                None => view! { <span class="field__problem">{failed.clone()}</span> }.into_any(),
            })}
        </p>
    }
}
