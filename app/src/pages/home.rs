//! The home page: what Chợ Làng is, the programme's figures counted from the database, and the
//! same figures for one district (a GET form, so it works before the wasm loads and the
//! choice is in the URL).

use leptos::prelude::*;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
};

use crate::api::places::list_districts;
use crate::api::stats::{get_district_figures, get_programme_figures};
use crate::components::{figures::FiguresView, seo::PageMeta};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let figures = Resource::new(|| (), |_| get_programme_figures());

    view! {
        <PageMeta title=lang.title(Msg::HomeTitle) description=t(Msg::HomeLead) image="/logo.svg"/>
        <section class="hero">
            <h1>{t(Msg::HomeTitle)}</h1>
            <p class="hero__lead">{t(Msg::HomeLead)}</p>
            <A href="/villages" attr:class="button" attr:data-testid="explore-villages">{t(Msg::ExploreVillages)}</A>
        </section>
        <section class="panel" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{t(Msg::FiguresHeading)}</h2>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || figures.get().map(|result| match result {
                    Ok(figures) => view! { <FiguresView figures/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
        <DistrictFiguresPanel/>
    }
}

#[component]
fn DistrictFiguresPanel() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let selected = move || query.with(|q| q.get("district")).filter(|d| !d.is_empty());
    let districts = Resource::new(|| (), |_| list_districts());
    let figures = Resource::new(selected, |district| async move {
        match district {
            Some(d) => Some(get_district_figures(d).await),
            None => None,
        }
    });

    view! {
        <section class="panel" aria-labelledby="district-heading">
            <h2 id="district-heading">{t(Msg::DistrictPickerHeading)}</h2>
            <Form method="GET" action="/" attr:class="district-picker">
                <label for="district">{t(Msg::DistrictPickerLabel)}</label>
                <Suspense fallback=|| ()>
                    {move || districts.get().map(|result| {
                        let options = result.unwrap_or_default();
                        let current = selected().unwrap_or_default();
                        view! {
                            <select id="district" name="district">
                                <option value="">{t(Msg::DistrictPickerChoose)}</option>
                                {options.into_iter().map(|d| {
                                    let is_current = d.slug.as_str() == current;
                                    view! {
                                        <option value=d.slug.to_string() selected=is_current>
                                            {format!("{} {}", lang.district_kind(d.kind), d.name)}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <button type="submit">{t(Msg::DistrictPickerSubmit)}</button>
            </Form>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || figures.get().flatten().map(|result| match result {
                    Ok(f) => view! {
                        <div class="district-figures" data-testid="district-figures">
                            <h3>{format!("{} {}", lang.district_kind(f.district.kind), f.district.name)}</h3>
                            <ul class="figures figures--small">
                                <li class="figure"><strong>{lang.number(f.villages)}</strong><span>{t(Msg::FigVillages)}</span></li>
                                <li class="figure"><strong>{lang.number(f.producers)}</strong><span>{t(Msg::FigProducers)}</span></li>
                                <li class="figure"><strong>{lang.number(f.ocop_products)}</strong><span>{t(Msg::FigOcopProducts)}</span></li>
                            </ul>
                        </div>
                    }.into_any(),
                    Err(err) => view! { <p class="error" role="alert" data-testid="district-error">{err.localized(lang)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
