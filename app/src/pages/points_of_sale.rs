//! Points of sale: `/points-of-sale` (filter by district and kind, nearest first from a
//! district), `/points-of-sale/{slug}` (one place and its products), and the managers'
//! console `/manage/points-of-sale` (the office, buyers for their outlets, producers for
//! their showrooms): create, edit, delete, and stocking lists with bulk adding.

use leptos::prelude::*;
use leptos_router::{components::{Form, A}, hooks::{use_params_map, use_query_map}};

use crate::api::points_of_sale::{get_managed_pos, list_points_of_sale, my_points_of_sale, ChangePosStock, CreatePos, DeletePos, UpdatePos};
use crate::components::forms::{action_done, action_error, Field, FieldProblem, FormError};
use crate::components::product_card::ProductGrid;
use crate::components::seo::PageMeta;
use crate::domain::detail::NamedLink;
use crate::domain::points_of_sale::{PosDetail, PosForm, PosSummary};
use crate::domain::PosKind;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;

#[component]
fn PosLine(point: PosSummary, lang: Lang) -> impl IntoView {
    let line = format!(" · {} · {}", lang.pos_kind(point.kind), point.full_address());
    view! {
        <li data-testid="pos" data-kind=point.kind.code() data-district=point.district.slug.to_string()>
            <A href=format!("/points-of-sale/{}", point.slug)>{point.name.clone()}</A>
            {line}
            {point.opening_hours.clone().map(|h| format!(" · {h}"))}
            {point.distance_tenths_km.map(|d| format!(" · {}", lang.distance(d)))}
        </li>
    }
}

#[component]
pub fn PointsOfSalePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| (q.get("district").unwrap_or_default(), q.get("kind").unwrap_or_default(), q.get("near").unwrap_or_default()))
    });
    let points = Resource::new(move || filters.get(), |(district, kind, near)| list_points_of_sale(district, kind, near));
    view! {
        <PageMeta title=lang.title(Msg::PointsOfSaleTitle) description=t(Msg::PointsOfSaleLead).to_owned()/>
        <section class="points-of-sale" data-testid="points-of-sale">
            <h1>{t(Msg::PointsOfSaleTitle)}</h1>
            <p>{t(Msg::PointsOfSaleLead)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || points.get().map(|r| match r {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(list) => {
                        let (district, kind, near) = filters.get();
                        view! {
                            <Form method="GET" action="/points-of-sale" attr:class="fair-filters" attr:data-testid="pos-filters">
                                <label for="pos-district">{t(Msg::FilterDistrict)}</label>
                                <DistrictSelect id="pos-district" name="district" districts=list.districts.clone() selected=district lang/>
                                <label for="pos-kind">{t(Msg::PosKindLabel)}</label>
                                <select id="pos-kind" name="kind">
                                    <option value="">{t(Msg::AnyChoice)}</option>
                                    {PosKind::ALL.iter().map(|k| view! { <option value=k.code() selected=k.code() == kind>{lang.pos_kind(*k)}</option> }).collect_view()}
                                </select>
                                <label for="pos-near">{t(Msg::NearestTo)}</label>
                                <DistrictSelect id="pos-near" name="near" districts=list.districts.clone() selected=near lang/>
                                <button type="submit" class="button">{t(Msg::ApplyFilters)}</button>
                            </Form>
                            {if list.points.is_empty() {
                                view! { <p class="empty-state">{t(Msg::NoPointsOfSale)}</p> }.into_any()
                            } else {
                                view! { <ol class="pos-list">{list.points.into_iter().map(|point| view! { <PosLine point lang/> }).collect_view()}</ol> }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DistrictSelect(id: &'static str, name: &'static str, districts: Vec<NamedLink>, selected: String, lang: Lang) -> impl IntoView {
    view! {
        <select id=id name=name data-testid=format!("select-{name}")>
            <option value="">{lang.t(Msg::AnyChoice)}</option>
            {districts.into_iter().map(|d| {
                let chosen = d.slug.as_str() == selected;
                view! { <option value=d.slug.to_string() selected=chosen>{d.name}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn PointOfSalePage() -> impl IntoView {
    super::slug_page(crate::api::points_of_sale::get_point_of_sale, |point| view! { <PosView point/> })
}

#[component]
fn PosView(point: PosDetail) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let p = point.summary;
    view! {
        <PageMeta title=lang.title_of(&p.name) description=format!("{} · {}", lang.pos_kind(p.kind), p.address) canonical=format!("/points-of-sale/{}", p.slug)/>
        <article class="pos-detail" data-testid="pos-detail">
            <h1>{p.name.clone()}</h1>
            <p><span class="badge">{lang.pos_kind(p.kind)}</span></p>
            <dl class="fair-facts">
                <dt>{t(Msg::FieldAddress)}</dt><dd>{p.full_address()}</dd>
                {p.opening_hours.clone().map(|h| view! { <dt>{t(Msg::OpeningHours)}</dt><dd>{h}</dd> })}
                {p.phone.clone().map(|ph| view! { <dt>{t(Msg::FieldPhone)}</dt><dd>{ph}</dd> })}
            </dl>
            <h2>{t(Msg::StockedProducts)}</h2>
            {if point.products.is_empty() {
                view! { <p class="empty-state">{t(Msg::NoStockedProducts)}</p> }.into_any()
            } else {
                view! { <ProductGrid products=point.products/> }.into_any()
            }}
        </article>
    }
}

/// The fields of a point of sale, for creating and editing.
#[component]
fn PosFields(form: PosForm, districts: Vec<NamedLink>, error: Signal<Option<AppError>>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    view! {
        <Field label=Msg::PosName name="pos[name]" field="name" value=form.name.clone() required=true error/>
        <div class="field">
            <label for="pos-form-kind">{t(Msg::PosKindLabel)}</label>
            <select id="pos-form-kind" name="pos[kind]" required data-testid="select-pos-kind">
                {PosKind::ALL.iter().map(|k| view! { <option value=k.code() selected=k.code() == form.kind>{lang.pos_kind(*k)}</option> }).collect_view()}
            </select>
            <FieldProblem field="kind" error/>
        </div>
        <Field label=Msg::FieldAddress name="pos[address]" field="address" value=form.address.clone() required=true error/>
        <Field label=Msg::FieldWard name="pos[ward]" field="ward" value=form.ward.clone() error/>
        <div class="field">
            <label for="pos-form-district">{t(Msg::FilterDistrict)}</label>
            <select id="pos-form-district" name="pos[district]" required data-testid="select-pos-district">
                {districts.into_iter().map(|d| {
                    let chosen = d.slug.as_str() == form.district;
                    view! { <option value=d.slug.to_string() selected=chosen>{d.name}</option> }
                }).collect_view()}
            </select>
            <FieldProblem field="district" error/>
        </div>
        <Field label=Msg::OpeningHours name="pos[opening_hours]" field="opening_hours" value=form.opening_hours.clone() error/>
        <Field label=Msg::FieldPhone name="pos[phone]" field="phone" kind="tel" value=form.phone.clone() error/>
        <div class="field-row">
            <Field label=Msg::Latitude name="pos[latitude]" field="latitude" value=form.latitude.clone() inputmode="decimal" error/>
            <Field label=Msg::Longitude name="pos[longitude]" field="longitude" value=form.longitude.clone() inputmode="decimal" error/>
        </div>
    }
}

#[component]
pub fn ManagePointsOfSalePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let mine = Resource::new(|| (), |_| my_points_of_sale());
    let districts = Resource::new(|| (), |_| list_points_of_sale(String::new(), String::new(), String::new()));
    let create = ServerAction::<CreatePos>::new();
    let error = action_error(create, "/api/create_point_of_sale");
    view! {
        <PageMeta title=lang.title(Msg::ManagePointsOfSale) description=t(Msg::ManagePointsOfSale).to_owned()/>
        <section class="dashboard" data-testid="manage-pos">
            <h1>{t(Msg::ManagePointsOfSale)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || mine.get().map(|m| match m {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(points) => view! {
                        {if points.is_empty() {
                            view! { <p class="empty-state">{t(Msg::NoPointsOfSale)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="pos-list" data-testid="my-pos">
                                    {points.into_iter().map(|p| view! {
                                        <li><A href=format!("/manage/points-of-sale/{}", p.id)>{p.name}</A>{format!(" · {} · {}", lang.pos_kind(p.kind), p.district.name)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2>{t(Msg::CreatePointOfSale)}</h2>
                        {move || districts.get().and_then(Result::ok).map(|list| view! {
                            <ActionForm action=create attr:class="form" attr:data-testid="create-pos-form">
                                <FormError error/>
                                <PosFields form=PosForm::default() districts=list.districts error lang/>
                                <button type="submit" class="button button--primary" data-testid="create-pos">{t(Msg::CreatePointOfSale)}</button>
                            </ActionForm>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ManagePointOfSalePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let update = ServerAction::<UpdatePos>::new();
    let stock = ServerAction::<ChangePosStock>::new();
    let delete = ServerAction::<DeletePos>::new();
    let point = Resource::new(move || (id(), update.version().get(), stock.version().get()), move |(id, ..)| get_managed_pos(id, lang));
    let districts = Resource::new(|| (), |_| list_points_of_sale(String::new(), String::new(), String::new()));
    let update_error = action_error(update, "/api/update_point_of_sale");
    let stock_error = action_error(stock, "/api/change_pos_stock");
    let saved = action_done(update, "/api/update_point_of_sale");
    let added = move || match stock.value().get() {
        Some(Ok(n)) => Some(lang.count_products(n)),
        _ => None,
    };
    view! {
        <PageMeta title=lang.title(Msg::ManagePointsOfSale) description=t(Msg::ManagePointsOfSale).to_owned()/>
        <section class="dashboard" data-testid="manage-pos-detail">
            <p><A href="/manage/points-of-sale">{t(Msg::ManagePointsOfSale)}</A></p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || point.get().map(|r| match r {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(managed) => {
                        let pos_id = managed.summary.id;
                        let form = managed.form.clone();
                        view! {
                            <h1>{managed.summary.name.clone()}</h1>
                            <p><A href=format!("/points-of-sale/{}", managed.summary.slug)>{t(Msg::ViewPublicPage)}</A></p>
                            <section aria-labelledby="stock-heading">
                                <h2 id="stock-heading">{t(Msg::StockedProducts)}</h2>
                                <FormError error=stock_error/>
                                {move || added().map(|n| view! { <p class="form-ok" role="status">{n}</p> })}
                                {[("product", Msg::AddByProduct), ("producer", Msg::AddByProducer), ("category", Msg::AddByCategory)].into_iter().map(|(how, label)| view! {
                                    <ActionForm action=stock attr:class="inline-form" attr:data-testid=format!("stock-{how}")>
                                        <input type="hidden" name="id" value=pos_id.to_string()/>
                                        <input type="hidden" name="how" value=how/>
                                        <label for=format!("stock-{how}-value")>{t(label)}</label>
                                        <input id=format!("stock-{how}-value") name="value" required data-testid=format!("stock-{how}-value")/>
                                        <button type="submit" class="button button--small">{t(Msg::Add)}</button>
                                    </ActionForm>
                                }).collect_view()}
                                <ul data-testid="stocked">
                                    {managed.stocked.into_iter().map(|(product_id, name, maker)| view! {
                                        <li>
                                            {format!("{name} · {maker}")}
                                            <ActionForm action=stock attr:class="inline-form">
                                                <input type="hidden" name="id" value=pos_id.to_string()/>
                                                <input type="hidden" name="how" value="remove"/>
                                                <input type="hidden" name="value" value=product_id.to_string()/>
                                                <button type="submit" class="button button--small">{t(Msg::RemoveFromCart)}</button>
                                            </ActionForm>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                            <section aria-labelledby="edit-pos-heading">
                                <h2 id="edit-pos-heading">{t(Msg::EditPointOfSale)}</h2>
                                {move || {
                                    let form = form.clone();
                                    districts.get().and_then(Result::ok).map(move |list| view! {
                                    <ActionForm action=update attr:class="form" attr:data-testid="edit-pos-form">
                                        <FormError error=update_error/>
                                        {move || saved.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::Saved)}</p> })}
                                        <input type="hidden" name="id" value=pos_id.to_string()/>
                                        <PosFields form=form.clone() districts=list.districts error=update_error lang/>
                                        <button type="submit" class="button button--primary">{t(Msg::Save)}</button>
                                    </ActionForm>
                                })
                                }}
                                <ActionForm action=delete attr:class="inline-form">
                                    <input type="hidden" name="id" value=pos_id.to_string()/>
                                    <button type="submit" class="button">{t(Msg::DeletePointOfSale)}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
