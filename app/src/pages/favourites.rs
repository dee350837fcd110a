//! `/favourites`: the products and producers a signed-in shopper saved.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::reviews::my_favourites;
use crate::components::product_card::ProductGrid;
use crate::components::seo::PageMeta;
use crate::error::AppError;
use crate::i18n::{use_lang, Msg};
use crate::pages::accounts::LoginPrompt;

#[component]
pub fn FavouritesPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let favourites = Resource::new(|| (), move |_| my_favourites(lang));
    view! {
        <PageMeta title=lang.title(Msg::NavFavourites) description=t(Msg::NavFavourites).to_owned()/>
        <section class="favourites" data-testid="favourites">
            <h1>{t(Msg::NavFavourites)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || favourites.get().map(|f| match f {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(f) if f.products.is_empty() && f.producers.is_empty() => view! {
                        <p data-testid="no-favourites">{t(Msg::NoFavourites)}</p>
                    }.into_any(),
                    Ok(f) => view! {
                        {(!f.producers.is_empty()).then(|| view! {
                            <h2>{t(Msg::FavouriteProducers)}</h2>
                            <ul class="producer-list" data-testid="favourite-producers">
                                {f.producers.into_iter().map(|p| view! {
                                    <li>
                                        <A href=format!("/producers/{}", p.slug)>{p.name}</A>
                                        {format!(" · {}", lang.producer_kind(p.kind))}
                                        {p.village.map(|v| format!(" · {}", v.name))}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        {(!f.products.is_empty()).then(|| view! {
                            <h2>{t(Msg::FavouriteProducts)}</h2>
                            <ProductGrid products=f.products/>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
