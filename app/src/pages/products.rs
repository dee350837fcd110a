//! The catalog page `/products`. The URL is the state: every facet choice is a link to the
//! same page with that filter changed, and search and sort are GET forms, so the page works
//! fully before the wasm loads; after hydration the router follows the same links and forms
//! without reloading.

use leptos::prelude::*;
use leptos_router::{
    components::{Form, A},
    hooks::use_query_map,
    params::ParamsMap,
};

use crate::api::catalog::list_products;
use crate::components::product_card::ProductGrid;
use crate::components::seo::PageMeta;
use crate::domain::catalog::{CatalogQuery, FacetChoice, ProductPage, Sort};
use crate::i18n::{use_lang, Lang, Msg};

/// `/products?…` for `query` changed by `change`, back on page 1.
fn href_with(query: &CatalogQuery, change: impl FnOnce(&mut CatalogQuery)) -> String {
    let mut next = query.clone();
    change(&mut next);
    next.page = 1;
    href(&next)
}

fn href(query: &CatalogQuery) -> String {
    let mut params = ParamsMap::new();
    for (k, v) in query.to_params() {
        params.insert(k, v);
    }
    format!("/products{}", params.to_query_string())
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| CatalogQuery::from_params(|k| p.get(k))));
    let results = Resource::new(move || query.get(), move |q| list_products(q, lang));

    view! {
        <PageMeta title=lang.title(Msg::ProductsTitle) description=lang.t(Msg::Tagline)/>
        <div class="catalog">
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || results.get().map(|result| match result {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(page) => view! { <CatalogView query=query.get_untracked() page lang/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CatalogView(query: CatalogQuery, page: ProductPage, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let heading = if query.q.trim().is_empty() { t(Msg::ProductsTitle).to_owned() } else { lang.results_for(query.q.trim()) };
    let pages = page.pages();
    let current = u64::from(page.page);
    let prev = (current > 1).then(|| {
        let mut q = query.clone();
        q.page = page.page - 1;
        href(&q)
    });
    let next = (current < pages).then(|| {
        let mut q = query.clone();
        q.page = page.page + 1;
        href(&q)
    });
    let empty = page.items.is_empty();
    let has_filters = query.has_filters();
    let clear = href_with(&query, |q| *q = CatalogQuery { q: q.q.clone(), sort: q.sort, ..Default::default() });
    let facets = page.facets.clone();

    view! {
        <div class="catalog__head">
            <h1>{heading}</h1>
            <p class="result-count" data-testid="result-count">{lang.count_products(page.total)}</p>
            <SortForm query=query.clone() lang/>
        </div>
        <ActiveFilters query=query.clone() page=page.clone() lang/>
        <div class="catalog__body">
            <aside class="facets" aria-label=t(Msg::FiltersHeading) data-testid="facets">
                <h2 class="visually-hidden">{t(Msg::FiltersHeading)}</h2>
                <FacetList title=t(Msg::FacetCategory) id="category" choices=facets.categories.clone()
                    selected=query.category.as_ref().map(|s| s.to_string()) query=query.clone()/>
                <FacetList title=t(Msg::FacetStars) id="stars" choices=facets.stars.clone()
                    selected=query.stars.map(|s| s.get().to_string()) query=query.clone()/>
                <FacetList title=t(Msg::FacetDistrict) id="district" choices=facets.districts.clone()
                    selected=query.district.as_ref().map(|s| s.to_string()) query=query.clone()/>
                <FacetList title=t(Msg::FacetVillage) id="village" choices=facets.villages.clone()
                    selected=query.village.as_ref().map(|s| s.to_string()) query=query.clone()/>
                <FacetList title=t(Msg::FacetKind) id="kind" choices=facets.kinds.clone()
                    selected=query.kind.map(|k| k.code().to_owned()) query=query.clone()/>
                <FacetList title=t(Msg::FacetPrice) id="price" choices=facets.prices.clone()
                    selected=query.price.map(|p| p.code()) query=query.clone()/>
                <section class="facet">
                    <A href=href_with(&query, |q| q.in_stock = !q.in_stock)
                        attr:class=if query.in_stock { "facet__choice facet__choice--on" } else { "facet__choice" }
                        attr:aria-current=query.in_stock.then_some("true")
                        attr:data-testid="facet-in_stock">
                        <span>{t(Msg::FacetInStock)}</span>
                        <span class="facet__count">{lang.number(facets.in_stock)}</span>
                    </A>
                </section>
            </aside>
            <div class="catalog__results">
                {empty.then(|| view! {
                    <div class="empty-state" data-testid="empty-results">
                        <p>{if has_filters { t(Msg::ProductsEmptyFiltered) } else { t(Msg::ProductsEmpty) }}</p>
                        {has_filters.then(|| view! { <A href=clear.clone()>{t(Msg::ClearFilters)}</A> })}
                    </div>
                })}
                <ProductGrid products=page.items/>
                <nav class="pager" aria-label=t(Msg::Pagination)>
                    {prev.map(|h| view! { <A href=h attr:rel="prev" attr:data-testid="prev-page">{t(Msg::PreviousPage)}</A> })}
                    <span>{lang.page_of(current, pages)}</span>
                    {next.map(|h| view! { <A href=h attr:rel="next" attr:data-testid="next-page">{t(Msg::NextPage)}</A> })}
                </nav>
            </div>
        </div>
    }
}

/// The query with facet `key` toggled to `value` (choosing the selected value again clears it).
fn query_for(query: &CatalogQuery, key: &str, value: String) -> CatalogQuery {
    let mut params: Vec<(&str, String)> = query.to_params().into_iter().filter(|(k, _)| *k != key && *k != "page").collect();
    let current = query.to_params().into_iter().find(|(k, _)| *k == key).map(|(_, v)| v);
    if current.as_deref() != Some(value.as_str()) {
        params.push((key, value));
    }
    // A leaf category belongs to one top category: choosing a village or producer keeps it.
    CatalogQuery::from_params(|k| params.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v.clone()))
}

#[component]
fn FacetList(
    title: &'static str,
    id: &'static str,
    choices: Vec<FacetChoice>,
    selected: Option<String>,
    query: CatalogQuery,
) -> impl IntoView {
    let lang = use_lang();
    let heading_id = format!("facet-{id}");
    (!choices.is_empty()).then(|| view! {
        <section class="facet" aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone()>{title}</h3>
            <ul>
                {choices.into_iter().map(|c| {
                    let on = selected.as_deref() == Some(c.value.as_str());
                    let class = match (on, c.parent.is_some()) {
                        (true, true) => "facet__choice facet__choice--on facet__choice--child",
                        (true, false) => "facet__choice facet__choice--on",
                        (false, true) => "facet__choice facet__choice--child",
                        (false, false) => "facet__choice",
                    };
                    view! {
                        <li>
                            <A href=href_with(&query_for(&query, id, c.value.clone()), |_| ()) attr:class=class attr:aria-current=on.then_some("true")
                                attr:data-testid=format!("facet-{id}-{}", c.value) attr:rel="nofollow">
                                <span>{c.label.clone()}</span>
                                <span class="facet__count">{lang.number(c.count)}</span>
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Sort (and the search words, kept) as a GET form; the other filters ride along hidden.
#[component]
fn SortForm(query: CatalogQuery, lang: Lang) -> impl IntoView {
    let hidden: Vec<(&'static str, String)> =
        query.to_params().into_iter().filter(|(k, _)| *k != "sort" && *k != "page").collect();
    let searching = !query.q.trim().is_empty();
    view! {
        <Form method="GET" action="/products" attr:class="sort-form">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label for="sort">{lang.t(Msg::SortLabel)}</label>
            <select id="sort" name="sort" data-testid="sort">
                {Sort::ALL.into_iter().filter(|s| searching || *s != Sort::Relevance).map(|s| {
                    let chosen = s == query.sort || (!searching && query.sort == Sort::Relevance && s == Sort::Newest);
                    view! { <option value=s.code() selected=chosen>{lang.sort_label(s)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{lang.t(Msg::ApplySort)}</button>
        </Form>
    }
}

/// Chips for the active filters, each removing its filter, and "clear all".
#[component]
fn ActiveFilters(query: CatalogQuery, page: ProductPage, lang: Lang) -> impl IntoView {
    let label_of = |slug: &str| {
        page.active_labels.iter().find(|(s, _)| s == slug).map(|(_, l)| l.clone())
            .or_else(|| {
                [&page.facets.categories, &page.facets.districts, &page.facets.villages]
                    .into_iter()
                    .flatten()
                    .find(|c| c.value == slug)
                    .map(|c| c.label.clone())
            })
            .unwrap_or_else(|| slug.to_owned())
    };
    let mut chips: Vec<(String, String)> = Vec::new();
    if let Some(c) = &query.category {
        chips.push((label_of(c.as_str()), href_with(&query, |q| q.category = None)));
    }
    if let Some(s) = query.stars {
        chips.push((format!("OCOP {}", lang.stars(s.get())), href_with(&query, |q| q.stars = None)));
    }
    if let Some(d) = &query.district {
        chips.push((label_of(d.as_str()), href_with(&query, |q| q.district = None)));
    }
    if let Some(v) = &query.village {
        chips.push((label_of(v.as_str()), href_with(&query, |q| q.village = None)));
    }
    if let Some(p) = &query.producer {
        chips.push((label_of(p.as_str()), href_with(&query, |q| q.producer = None)));
    }
    if let Some(k) = query.kind {
        chips.push((lang.producer_kind(k).to_owned(), href_with(&query, |q| q.kind = None)));
    }
    if let Some(p) = query.price {
        chips.push((lang.price_band(p), href_with(&query, |q| q.price = None)));
    }
    if query.in_stock {
        chips.push((lang.t(Msg::FacetInStock).to_owned(), href_with(&query, |q| q.in_stock = false)));
    }
    let clear = href_with(&query, |q| *q = CatalogQuery { q: q.q.clone(), sort: q.sort, ..Default::default() });
    (!chips.is_empty()).then(|| view! {
        <div class="active-filters" data-testid="active-filters">
            <span>{lang.t(Msg::ActiveFilters)}</span>
            {chips.into_iter().map(|(label, href)| view! {
                <A href=href attr:class="chip" attr:title=lang.t(Msg::RemoveFilter)>{label}" ×"</A>
            }).collect_view()}
            <A href=clear attr:class="chip chip--clear" attr:data-testid="clear-filters">{lang.t(Msg::ClearFilters)}</A>
        </div>
    })
}
