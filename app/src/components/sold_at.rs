//! "Also sold at": the points of sale that stock a product (or a producer's products), with a
//! district to sort them nearest first. The district is a GET parameter (`?near=`), so the
//! choice works before the wasm loads and survives a reload.

use leptos::prelude::*;
use leptos_router::{components::{Form, A}, hooks::{use_location, use_query_map}};

use crate::api::points_of_sale::get_sold_at;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn SoldAtSection(#[prop(optional)] product_id: Option<i32>, #[prop(optional)] producer_id: Option<i32>) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let location = use_location();
    let near = Memo::new(move |_| query.with(|q| q.get("near")).unwrap_or_default());
    let sold = Resource::new(move || near.get(), move |near| get_sold_at(product_id, producer_id, near));
    view! {
        <Suspense fallback=|| ()>
            {move || sold.get().and_then(Result::ok).filter(|s| !s.points.is_empty()).map(|s| {
                let chosen = s.near.as_ref().map(|d| d.slug.to_string()).unwrap_or_default();
                view! {
                    <section class="sold-at" aria-labelledby="sold-at-heading" data-testid="sold-at">
                        <h2 id="sold-at-heading">{t(Msg::AlsoSoldAt)}</h2>
                        <Form method="GET" action=location.pathname.get_untracked() attr:class="fair-filters" attr:data-testid="near-form">
                            <label for="near">{t(Msg::NearestTo)}</label>
                            <select id="near" name="near" data-testid="near-select">
                                <option value="">{t(Msg::AnyChoice)}</option>
                                {s.districts.iter().map(|d| view! {
                                    <option value=d.slug.to_string() selected=d.slug.as_str() == chosen>{d.name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button">{t(Msg::SortNearest)}</button>
                        </Form>
                        <ol class="pos-list">
                            {s.points.into_iter().map(|p| {
                                let line = format!(" · {} · {}", lang.pos_kind(p.kind), p.full_address());
                                view! {
                                <li data-testid="sold-at-point" data-district=p.district.slug.to_string()>
                                    <A href=format!("/points-of-sale/{}", p.slug)>{p.name.clone()}</A>
                                    {line}
                                    {p.distance_tenths_km.map(|d| format!(" · {}", lang.distance(d)))}
                                </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            })}
        </Suspense>
    }
}
