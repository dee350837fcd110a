//! The product list: newest published products first, 24 a page, the page number in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::api::catalog::list_products;
use crate::domain::catalog::PAGE_SIZE;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn ProductsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    };
    let search = move || query.with(|q| q.get("q")).unwrap_or_default();
    let products = Resource::new(move || (search(), page()), move |(q, page)| list_products(q, page, lang));

    view! {
        <Title text=lang.title(Msg::ProductsTitle)/>
        <h1>{t(Msg::ProductsTitle)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || products.get().map(|result| match result {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(list) => {
                    let pages = list.total.div_ceil(PAGE_SIZE as u64).max(1);
                    let current = list.page as u64;
                    let q = search();
                    let link = move |p: u64| {
                        let mut params = leptos_router::params::ParamsMap::new();
                        if !q.is_empty() { params.insert("q", q.clone()); }
                        if p > 1 { params.insert("page", p.to_string()); }
                        format!("/products{}", params.to_query_string())
                    };
                    view! {
                        <p class="result-count" data-testid="result-count">{lang.count_products(list.total)}</p>
                        {list.items.is_empty().then(|| view! { <p class="empty-state">{t(Msg::ProductsEmpty)}</p> })}
                        <ul class="product-grid" data-testid="product-grid">
                            {list.items.into_iter().map(|p| view! {
                                <li class="product-card" data-testid="product-card">
                                    <img src=p.image_url.clone() alt="" width="320" height="240" loading="lazy"/>
                                    <h2 class="product-card__name">{p.name.clone()}</h2>
                                    <p class="product-card__price">{format!("{} / {}", p.price, lang.unit(p.unit))}</p>
                                    {p.stars.map(|s| view! { <p class="ocop-badge">{format!("OCOP {}", lang.stars(s.get()))}</p> })}
                                    <p class="product-card__maker">{p.producer_name.clone()}</p>
                                    <p class="product-card__village">{p.village_name.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                        <nav class="pager" aria-label=t(Msg::Pagination)>
                            {(current > 1).then(|| view! { <A href=link(current - 1) attr:rel="prev">{t(Msg::PreviousPage)}</A> })}
                            <span>{lang.page_of(current, pages)}</span>
                            {(current < pages).then(|| view! { <A href=link(current + 1) attr:rel="next">{t(Msg::NextPage)}</A> })}
                        </nav>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
