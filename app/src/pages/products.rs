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
use crate::domain::Slug;
use crate::i18n::{use_lang, Lang, Msg};

/// Where a catalog lives: the whole catalog at `/products`, or one village's or one
/// producer's products on its own page, with that filter fixed (kept out of the URL and out
/// of the facets) and every link staying on that page.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogScope {
    base: String,
    fixed: Fixed,
}

#[derive(Clone, Debug, PartialEq)]
enum Fixed {
    Nothing,
    Village(Slug),
    Producer(Slug),
}

impl CatalogScope {
    pub fn everything() -> Self {
        Self { base: "/products".to_owned(), fixed: Fixed::Nothing }
    }

    pub fn village(slug: Slug) -> Self {
        Self { base: format!("/villages/{slug}"), fixed: Fixed::Village(slug) }
    }

    pub fn producer(slug: Slug) -> Self {
        Self { base: format!("/producers/{slug}"), fixed: Fixed::Producer(slug) }
    }

    fn is_whole(&self) -> bool {
        self.fixed == Fixed::Nothing
    }

    /// The query the URL parameters give, with the scope's filter applied.
    fn query(&self, params: &ParamsMap) -> CatalogQuery {
        let mut query = CatalogQuery::from_params(|k| params.get(k));
        match &self.fixed {
            Fixed::Nothing => {}
            Fixed::Village(slug) => query.village = Some(slug.clone()),
            Fixed::Producer(slug) => query.producer = Some(slug.clone()),
        }
        query
    }

    /// The URL parameters of `query`, without the scope's own filter.
    fn params(&self, query: &CatalogQuery) -> Vec<(&'static str, String)> {
        let fixed_key = match self.fixed {
            Fixed::Nothing => None,
            Fixed::Village(_) => Some("village"),
            Fixed::Producer(_) => Some("producer"),
        };
        query.to_params().into_iter().filter(|(k, _)| Some(*k) != fixed_key).collect()
    }

    /// Whether the facet `id` can change anything here: one producer has one village, district
    /// and kind; one village has one district.
    fn shows_facet(&self, id: &str) -> bool {
        match self.fixed {
            Fixed::Nothing => true,
            Fixed::Village(_) => !matches!(id, "village" | "district"),
            Fixed::Producer(_) => !matches!(id, "village" | "district" | "kind"),
        }
    }

    fn href(&self, query: &CatalogQuery) -> String {
        format!("{}{}", self.base, crate::components::links::query_string(self.params(query)))
    }

    /// The page for `query` changed by `change`, back on page 1.
    fn href_with(&self, query: &CatalogQuery, change: impl FnOnce(&mut CatalogQuery)) -> String {
        let mut next = query.clone();
        change(&mut next);
        next.page = 1;
        self.href(&next)
    }

    /// Whether a filter other than the scope's own is chosen.
    fn has_own_filters(&self, query: &CatalogQuery) -> bool {
        let mut own = query.clone();
        match self.fixed {
            Fixed::Nothing => {}
            Fixed::Village(_) => own.village = None,
            Fixed::Producer(_) => own.producer = None,
        }
        own.has_filters()
    }

    /// The same search and sort with no filter but the scope's own.
    fn cleared(&self, query: &CatalogQuery) -> String {
        self.href_with(query, |q| *q = CatalogQuery { q: q.q.clone(), sort: q.sort, ..Default::default() })
    }
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageMeta title=lang.title(Msg::ProductsTitle) description=lang.t(Msg::Tagline)/>
        <Catalog scope=CatalogScope::everything() heading=lang.t(Msg::ProductsTitle).to_owned()/>
    }
}

/// A catalog with search, facets, sort and pages, its state in the URL. On `/products` its
/// heading is the page's `h1`; embedded in a village or storefront page it is an `h2`.
#[component]
pub fn Catalog(scope: CatalogScope, heading: String) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_query_map();
    let query = {
        let scope = scope.clone();
        Memo::new(move |_| params.with(|p| scope.query(p)))
    };
    let results = Resource::new(move || query.get(), move |q| list_products(q, lang));

    view! {
        <div class="catalog" data-testid="catalog">
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || results.get().map(|result| match result {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(page) => view! {
                        <CatalogView scope=scope.clone() heading=heading.clone() query=query.get_untracked() page lang/>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CatalogView(scope: CatalogScope, heading: String, query: CatalogQuery, page: ProductPage, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let heading = if query.q.trim().is_empty() { heading } else { lang.results_for(query.q.trim()) };
    let heading = if scope.is_whole() {
        view! { <h1>{heading}</h1> }.into_any()
    } else {
        view! { <h2 id="catalog-heading">{heading}</h2> }.into_any()
    };
    let pages = page.pages();
    let current = u64::from(page.page);
    let at_page = |n: u32| {
        let mut q = query.clone();
        q.page = n;
        scope.href(&q)
    };
    let prev = (current > 1).then(|| at_page(page.page - 1));
    let next = (current < pages).then(|| at_page(page.page + 1));
    let empty = page.items.is_empty();
    let has_filters = scope.has_own_filters(&query);
    let clear = scope.cleared(&query);
    let facets = page.facets.clone();
    let facet = |title: Msg, id: &'static str, choices: &Vec<FacetChoice>, selected: Option<String>| {
        scope.shows_facet(id).then(|| view! {
            <FacetList title=t(title) id choices=choices.clone() selected query=query.clone() scope=scope.clone()/>
        })
    };

    view! {
        <div class="catalog__head">
            {heading}
            <p class="result-count" data-testid="result-count">{lang.count_products(page.total)}</p>
            <SortForm query=query.clone() scope=scope.clone() lang/>
        </div>
        <ActiveFilters query=query.clone() scope=scope.clone() page=page.clone() lang/>
        <div class="catalog__body">
            <aside class="facets" aria-label=t(Msg::FiltersHeading) data-testid="facets">
                <h2 class="visually-hidden">{t(Msg::FiltersHeading)}</h2>
                {facet(Msg::FacetCategory, "category", &facets.categories, query.category.as_ref().map(|s| s.to_string()))}
                {facet(Msg::FacetStars, "stars", &facets.stars, query.stars.map(|s| s.get().to_string()))}
                {facet(Msg::FacetDistrict, "district", &facets.districts, query.district.as_ref().map(|s| s.to_string()))}
                {facet(Msg::FacetVillage, "village", &facets.villages, query.village.as_ref().map(|s| s.to_string()))}
                {facet(Msg::FacetKind, "kind", &facets.kinds, query.kind.map(|k| k.code().to_owned()))}
                {facet(Msg::FacetPrice, "price", &facets.prices, query.price.map(|p| p.code()))}
                <section class="facet">
                    <A href=scope.href_with(&query, |q| q.in_stock = !q.in_stock)
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
    scope: CatalogScope,
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
                            <A href=scope.href_with(&query_for(&query, id, c.value.clone()), |_| ()) attr:class=class attr:aria-current=on.then_some("true")
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
fn SortForm(query: CatalogQuery, scope: CatalogScope, lang: Lang) -> impl IntoView {
    let hidden: Vec<(&'static str, String)> =
        scope.params(&query).into_iter().filter(|(k, _)| *k != "sort" && *k != "page").collect();
    let searching = !query.q.trim().is_empty();
    view! {
        <Form method="GET" action=scope.base.clone() attr:class="sort-form">
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
fn ActiveFilters(query: CatalogQuery, scope: CatalogScope, page: ProductPage, lang: Lang) -> impl IntoView {
    let href_with = |query: &CatalogQuery, change: fn(&mut CatalogQuery)| scope.href_with(query, change);
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
    if let (Some(d), true) = (&query.district, scope.shows_facet("district")) {
        chips.push((label_of(d.as_str()), href_with(&query, |q| q.district = None)));
    }
    if let (Some(v), true) = (&query.village, scope.shows_facet("village")) {
        chips.push((label_of(v.as_str()), href_with(&query, |q| q.village = None)));
    }
    if let (Some(p), true) = (&query.producer, scope.is_whole()) {
        chips.push((label_of(p.as_str()), href_with(&query, |q| q.producer = None)));
    }
    if let (Some(k), true) = (query.kind, scope.shows_facet("kind")) {
        chips.push((lang.producer_kind(k).to_owned(), href_with(&query, |q| q.kind = None)));
    }
    if let Some(p) = query.price {
        chips.push((lang.price_band(p), href_with(&query, |q| q.price = None)));
    }
    if query.in_stock {
        chips.push((lang.t(Msg::FacetInStock).to_owned(), href_with(&query, |q| q.in_stock = false)));
    }
    let clear = scope.cleared(&query);
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
